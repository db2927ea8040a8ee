package dev.keyward.org;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the repositories of a run: the lines of a {@code --repos} file and positional arguments. A line is a
 * local folder (work tree or bare repository) or a clone URL ({@code https://}, {@code ssh://},
 * {@code git@host:path}, {@code file://}); blank lines and lines starting with {@code #} are ignored. Whether a
 * folder is really a repository is found out when it is read, as an error of that repository alone. Stateless.
 */
public final class RepoList {

    private RepoList() {
    }

    /**
     * The repositories listed in {@code file}, in order, each once (by {@link RepoSpec#key()}).
     *
     * @throws OrgException naming the file and the line number of every bad line, or why the file cannot be read
     */
    public static List<RepoSpec> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OrgException("repository list " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new OrgException("repository list " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new OrgException("cannot read repository list " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    /**
     * Parses lines as {@link #read} does; {@code source} names them in messages ({@code FILE:LINE: ...}).
     * Relative folders are taken relative to the working directory.
     */
    public static List<RepoSpec> parse(String source, List<String> lines) {
        Map<String, RepoSpec> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                RepoSpec spec = spec(line);
                out.putIfAbsent(spec.key(), spec);
            } catch (IllegalArgumentException e) {
                problems.add(source + ":" + (i + 1) + ": " + shown(line) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new OrgException(String.join("\n", problems));
        }
        return List.copyOf(out.values());
    }

    /** Positional arguments, each a folder or a clone URL; messages name the argument's position (from 1). */
    public static List<RepoSpec> arguments(List<String> args) {
        Map<String, RepoSpec> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            try {
                RepoSpec spec = spec(args.get(i).strip());
                out.putIfAbsent(spec.key(), spec);
            } catch (IllegalArgumentException e) {
                problems.add("argument " + (i + 1) + ": " + shown(args.get(i)) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new OrgException(String.join("\n", problems));
        }
        return List.copyOf(out.values());
    }

    /** One entry: a clone URL when it looks like one, else a folder. */
    static RepoSpec spec(String entry) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("an empty repository");
        }
        if (CloneUrl.looksLikeUrl(entry)) {
            return RepoSpec.remote(entry);
        }
        if (entry.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a folder name with a control character");
        }
        try {
            return RepoSpec.local(Path.of(entry));
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("not a valid folder name");
        }
    }

    // The line as the user wrote it, but without a password and cut short: it is their input, not ours to leak.
    private static String shown(String line) {
        String s = CloneUrl.redact(line.strip()).replaceAll("\\p{Cntrl}", "?");
        return "'" + (s.length() > 120 ? s.substring(0, 117) + "..." : s) + "'";
    }
}

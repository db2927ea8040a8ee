package dev.keyward.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.keyward.finding.Provenance;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One allowlist: findings it matches are not reported. The same model for a config's {@code [allowlist]} and
 * {@code [[allowlists]]} and for a rule's {@code [rules.allowlist]} and {@code [[rules.allowlists]]}, which are
 * allowlists that target their rule. Field names follow gitleaks; {@code globs} is keyward's own. Immutable and
 * thread-safe; its regexes and globs are compiled once, here.
 *
 * <p>With {@code condition = "OR"} (the default) a finding is allowed when any one criterion matches; with
 * {@code "AND"} when every criterion that is set matches.
 */
public final class Allowlist {

    /** The values {@code regexTarget} may take. */
    public static final Set<String> TARGETS = Set.of("secret", "match", "line");

    private final String description;
    private final List<String> paths;
    private final List<String> globs;
    private final List<String> regexes;
    private final String regexTarget;
    private final List<String> stopwords;
    private final List<String> commits;
    private final boolean matchAll;
    private final List<String> targetRules;

    private final List<Pattern> pathPatterns;
    private final List<Pattern> globPatterns;
    private final List<Pattern> regexPatterns;
    private final List<String> lowerStopwords;
    private final List<String> lowerCommits;

    /**
     * @param description for people
     * @param paths       RE2 regexes searched in the path (see {@link #pathForms} for which forms of it)
     * @param globs       path globs ({@code *}, {@code **}, {@code ?}, {@code [..]}, {@code {a,b}}); one without a
     *                    {@code /} matches a file or folder name at any depth, as in {@code .gitignore}
     * @param regexes     RE2 regexes searched in the secret, the match or the line (by {@code regexTarget})
     * @param regexTarget {@code secret}, {@code match} or {@code line}
     * @param stopwords   words that, found in the secret (case-insensitively), allow it
     * @param commits     commit ids (or prefixes) whose blobs are not reported
     * @param matchAll    true for {@code condition = "AND"}
     * @param targetRules rule ids this allowlist applies to; empty means every rule
     * @throws IllegalArgumentException on a regex or glob that does not compile or an unknown regexTarget
     */
    public Allowlist(String description, List<String> paths, List<String> globs, List<String> regexes,
                     String regexTarget, List<String> stopwords, List<String> commits, boolean matchAll,
                     List<String> targetRules) {
        this.description = Objects.requireNonNull(description, "description");
        this.paths = List.copyOf(paths);
        this.globs = List.copyOf(globs);
        this.regexes = List.copyOf(regexes);
        this.regexTarget = Objects.requireNonNull(regexTarget, "regexTarget");
        this.stopwords = List.copyOf(stopwords);
        this.commits = List.copyOf(commits);
        this.matchAll = matchAll;
        this.targetRules = List.copyOf(targetRules);
        if (!TARGETS.contains(regexTarget)) {
            throw new IllegalArgumentException("regexTarget must be secret, match or line");
        }
        this.pathPatterns = this.paths.stream().map(Allowlist::regex).toList();
        this.globPatterns = this.globs.stream().map(Globs::compile).toList();
        this.regexPatterns = this.regexes.stream().map(Allowlist::regex).toList();
        this.lowerStopwords = this.stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        this.lowerCommits = this.commits.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    }

    private static Pattern regex(String r) {
        try {
            return Pattern.compile(r);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid RE2 regex: " + e.getMessage(), e);
        }
    }

    /** This allowlist applied to one rule only: how a rule's own allowlist is held. */
    public Allowlist targeting(String ruleId) {
        return new Allowlist(description, paths, globs, regexes, regexTarget, stopwords, commits, matchAll,
                List.of(ruleId));
    }

    public String description() {
        return description;
    }

    public List<String> paths() {
        return paths;
    }

    public List<String> globs() {
        return globs;
    }

    public List<String> regexes() {
        return regexes;
    }

    public String regexTarget() {
        return regexTarget;
    }

    public List<String> stopwords() {
        return stopwords;
    }

    public List<String> commits() {
        return commits;
    }

    public boolean matchAll() {
        return matchAll;
    }

    public List<String> targetRules() {
        return targetRules;
    }

    /** True when no criterion is set (such an allowlist allows nothing). */
    public boolean isEmpty() {
        return paths.isEmpty() && globs.isEmpty() && regexes.isEmpty() && stopwords.isEmpty() && commits.isEmpty();
    }

    /** Whether it can allow single matches (so it must be asked about each), not only whole blobs. */
    public boolean judgesMatches() {
        return !targetRules.isEmpty() || !regexes.isEmpty() || !stopwords.isEmpty();
    }

    /**
     * The forms of a path that {@code paths} and {@code globs} are tried on: the path as reported ({@code /}
     * separated, without a leading {@code ./}) and, for a file under {@code base}, the path relative to it.
     *
     * @param base the folder holding the config, or null
     */
    public static List<String> pathForms(Provenance provenance, Path base) {
        String shown = provenance.path().replace('\\', '/');
        while (shown.startsWith("./")) {
            shown = shown.substring(2);
        }
        if (base == null || !(provenance instanceof Provenance.File)) {
            return List.of(shown);
        }
        List<String> forms = new ArrayList<>(2);
        forms.add(shown);
        try {
            Path abs = Path.of(provenance.path()).toAbsolutePath().normalize();
            if (abs.startsWith(base) && !abs.equals(base)) {
                String rel = base.relativize(abs).toString().replace('\\', '/');
                if (!rel.equals(shown)) {
                    forms.add(rel);
                }
            }
        } catch (InvalidPathException e) {
            // a name the file system cannot hold: match the reported form only
        }
        return forms;
    }

    /**
     * Whether every finding in a blob is allowed by its path or commit alone, so it need not be read.
     *
     * @param paths the blob's {@link #pathForms}
     */
    public boolean allowsBlob(Provenance provenance, List<String> paths) {
        if (!targetRules.isEmpty() || (matchAll && judgesMatches())) {
            return false;
        }
        return decide(pathHit(paths), commitHit(provenance), null, null);
    }

    /**
     * Whether it allows one match of rule {@code ruleId}.
     *
     * @param secret the secret as reported
     * @param match  the whole text the rule matched
     * @param line   the line of the match, asked for only with {@code regexTarget = "line"}
     * @param paths  the blob's {@link #pathForms}
     */
    public boolean allowsMatch(String ruleId, String secret, String match, Supplier<String> line,
                               Provenance provenance, List<String> paths) {
        if (!targetRules.isEmpty() && !targetRules.contains(ruleId)) {
            return false;
        }
        Boolean regex = null;
        if (!regexPatterns.isEmpty()) {
            String target = switch (regexTarget) {
                case "match" -> match;
                case "line" -> line.get();
                default -> secret;
            };
            regex = false;
            for (Pattern p : regexPatterns) { // loops, not streams: this runs for every match of a dense file
                if (p.matcher(target).find()) {
                    regex = true;
                    break;
                }
            }
        }
        Boolean stop = null;
        if (!lowerStopwords.isEmpty()) {
            String lower = secret.toLowerCase(Locale.ROOT);
            stop = false;
            for (String w : lowerStopwords) {
                if (lower.contains(w)) {
                    stop = true;
                    break;
                }
            }
        }
        return decide(pathHit(paths), commitHit(provenance), regex, stop);
    }

    /** Each criterion: null when not set, else whether it matched. */
    private boolean decide(Boolean... hits) {
        boolean any = false;
        for (Boolean h : hits) {
            if (h != null) {
                if (h && !matchAll) {
                    return true;
                }
                if (!h && matchAll) {
                    return false;
                }
                any = true;
            }
        }
        return matchAll && any;
    }

    private Boolean pathHit(List<String> forms) {
        if (pathPatterns.isEmpty() && globPatterns.isEmpty()) {
            return null;
        }
        for (String f : forms) {
            for (Pattern p : pathPatterns) {
                if (p.matcher(f).find()) {
                    return true;
                }
            }
            for (Pattern g : globPatterns) {
                if (g.matches(f)) {
                    return true;
                }
                // A glob naming a folder covers everything under it, as in .gitignore.
                for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
                    if (g.matches(f.substring(0, i))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Boolean commitHit(Provenance provenance) {
        if (lowerCommits.isEmpty()) {
            return null;
        }
        if (!(provenance instanceof Provenance.GitBlob blob)) {
            return false;
        }
        String commit = blob.commit().toLowerCase(Locale.ROOT);
        return lowerCommits.stream().anyMatch(commit::startsWith);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Allowlist a && description.equals(a.description) && paths.equals(a.paths)
                && globs.equals(a.globs) && regexes.equals(a.regexes) && regexTarget.equals(a.regexTarget)
                && stopwords.equals(a.stopwords) && commits.equals(a.commits) && matchAll == a.matchAll
                && targetRules.equals(a.targetRules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(description, paths, globs, regexes, regexTarget, stopwords, commits, matchAll,
                targetRules);
    }

    @Override
    public String toString() {
        return "Allowlist[description=" + description + ", paths=" + paths + ", globs=" + globs + ", regexes="
                + regexes + ", regexTarget=" + regexTarget + ", stopwords=" + stopwords + ", commits=" + commits
                + ", matchAll=" + matchAll + ", targetRules=" + targetRules + "]";
    }
}

package dev.keyward.suppress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.finding.Finding;
import dev.keyward.rules.RuleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Findings accepted on purpose. An entry is the finding's {@link Finding#fingerprint() fingerprint} (SHA-256 of
 * rule id and secret) and, optionally, a path; it holds no line number, no time and no secret, so moving a line
 * keeps it accepted and a different secret on the same line is still reported. Immutable and thread-safe.
 *
 * <p>An entry with a path accepts the secret in a file whose reported path and the entry's path end one another
 * at a folder boundary (so it matches whether the scan was started at the repository root, above it, in a
 * subfolder, or by history); an entry without a path accepts the secret anywhere.
 *
 * <p>The file is JSON, one entry per line, sorted by path, rule and fingerprint, so it is stable and merges
 * cleanly:
 * <pre>
 * {
 *   "keywardBaseline": 1,
 *   "entries": [
 *     {"path": "config/app.env", "rule": "aws-access-key-id", "fingerprint": "3f9a…"},
 *     {"path": null, "rule": "aws-secret-access-key", "fingerprint": "81c0…"}
 *   ]
 * }
 * </pre>
 * {@code rule} is there for people; matching uses the fingerprint (which covers the rule) and the path.
 */
public final class Baseline {

    /** The format version written in {@code keywardBaseline}. */
    public static final int VERSION = 1;

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** Made on first use: every scanner holds a baseline, and most never read or write one (the hook's start). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final Comparator<Entry> ORDER = Comparator
            .comparing((Entry e) -> e.path() == null ? "" : e.path())
            .thenComparing(Entry::rule)
            .thenComparing(Entry::fingerprint);

    /**
     * One accepted finding.
     *
     * @param fingerprint the finding's fingerprint (64 lower-case hex digits)
     * @param rule        the rule id, for people
     * @param path        the path relative to the scanned root or repository ({@code /} separated), or null for
     *                    anywhere
     */
    public record Entry(String fingerprint, String rule, String path) {
        public Entry {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(rule, "rule");
            if (!HEX64.matcher(fingerprint).matches()) {
                throw new IllegalArgumentException("fingerprint must be 64 lower-case hex digits");
            }
            if (path != null) {
                path = normalize(path);
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("empty path");
                }
            }
        }
    }

    private final List<Entry> entries;
    private final Map<String, List<Entry>> byFingerprint = new HashMap<>();

    private Baseline(Collection<Entry> entries) {
        TreeSet<Entry> sorted = new TreeSet<>(ORDER);
        sorted.addAll(entries);
        this.entries = List.copyOf(sorted);
        for (Entry e : this.entries) {
            byFingerprint.computeIfAbsent(e.fingerprint(), k -> new ArrayList<>()).add(e);
        }
    }

    /** A baseline of these entries (duplicates dropped, sorted). */
    public static Baseline of(Collection<Entry> entries) {
        return new Baseline(entries);
    }

    /** A baseline that accepts nothing. */
    public static Baseline empty() {
        return new Baseline(List.of());
    }

    /**
     * A baseline accepting these findings.
     *
     * @param pathOf the path to record for a finding, or a function returning null to accept each secret anywhere
     */
    public static Baseline of(Collection<Finding> findings, Function<Finding, String> pathOf) {
        List<Entry> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(new Entry(f.fingerprint(), f.ruleId(), pathOf.apply(f)));
        }
        return new Baseline(out);
    }

    /**
     * Reads a baseline file.
     *
     * @throws RuleException naming the file and the entry when it cannot be read or is not a baseline
     */
    public static Baseline read(Path file) {
        String origin = file.toString();
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), origin);
        } catch (NoSuchFileException e) {
            throw new RuleException(origin, null, null, "no such file");
        } catch (IOException e) {
            throw new RuleException(origin, null, null, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Parses a baseline document.
     *
     * @throws RuleException naming the origin and the entry when it is not a baseline
     */
    public static Baseline parse(String json, String origin) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new RuleException(origin, null, null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.has("keywardBaseline")) {
            throw new RuleException(origin, null, null, "not a keyward baseline (no 'keywardBaseline' key)");
        }
        JsonNode v = root.get("keywardBaseline");
        if (!v.isInt() || v.asInt() != VERSION) {
            throw new RuleException(origin, null, "keywardBaseline", "unsupported version " + v
                    + " (this keyward reads version " + VERSION + ")");
        }
        JsonNode list = root.get("entries");
        if (list == null || !list.isArray()) {
            throw new RuleException(origin, null, "entries", "must be an array");
        }
        List<Entry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            i++;
            String field = "entries[" + i + "]";
            if (!n.isObject()) {
                throw new RuleException(origin, null, field, "must be an object");
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!Set.of("fingerprint", "rule", "path").contains(key)) {
                    throw new RuleException(origin, null, field + "." + key, "unknown key");
                }
            }
            JsonNode fp = n.get("fingerprint");
            JsonNode rule = n.get("rule");
            JsonNode path = n.get("path");
            if (fp == null || !fp.isTextual() || !HEX64.matcher(fp.asText()).matches()) {
                throw new RuleException(origin, null, field + ".fingerprint", "must be 64 lower-case hex digits");
            }
            if (rule != null && !rule.isNull() && !rule.isTextual()) {
                throw new RuleException(origin, null, field + ".rule", "must be a string");
            }
            if (path != null && !path.isNull() && (!path.isTextual() || normalize(path.asText()).isEmpty())) {
                throw new RuleException(origin, null, field + ".path", "must be a non-empty string or null");
            }
            out.add(new Entry(fp.asText(), rule == null || rule.isNull() ? "" : rule.asText(),
                    path == null || path.isNull() ? null : path.asText()));
        }
        return new Baseline(out);
    }

    /** The document, as written to a baseline file: stable, sorted, one entry per line, ending in a newline. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n  \"keywardBaseline\": ").append(VERSION).append(",\n");
        sb.append("  \"entries\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            try {
                sb.append("    {\"path\": ").append(Json.MAPPER.writeValueAsString(e.path()))
                        .append(", \"rule\": ").append(Json.MAPPER.writeValueAsString(e.rule()))
                        .append(", \"fingerprint\": \"").append(e.fingerprint()).append("\"}");
            } catch (JacksonException ex) {
                throw new IllegalStateException(ex); // strings always serialize
            }
        }
        sb.append(entries.isEmpty() ? "]\n" : "\n  ]\n");
        return sb.append("}\n").toString();
    }

    /** The entries, sorted. */
    public List<Entry> entries() {
        return entries;
    }

    /** Whether this baseline accepts {@code finding}: same fingerprint, and the entry's path (if any) matches. */
    public boolean accepts(Finding finding) {
        List<Entry> candidates = byFingerprint.get(finding.fingerprint());
        if (candidates == null) {
            return false;
        }
        String path = normalize(finding.path());
        for (Entry e : candidates) {
            if (pathMatches(e, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether one path ends the other at a folder boundary: a finding reported as {@code /abs/repo/src/a.env}
     * (scanned from anywhere) or as {@code src/a.env} (scanned from a subfolder of the repository) matches the
     * entry {@code sub/src/a.env} or {@code src/a.env}. The fingerprint must match too.
     */
    private static boolean pathMatches(Entry e, String normalizedPath) {
        String p = e.path();
        return p == null || normalizedPath.equals(p) || normalizedPath.endsWith("/" + p) || p.endsWith("/" + normalizedPath);
    }

    /** The entries that accept at least one of {@code findings} (what {@code keyward baseline prune} keeps). */
    public Baseline retainFound(Collection<Finding> findings) {
        Set<Entry> kept = new TreeSet<>(ORDER);
        for (Finding f : findings) {
            List<Entry> candidates = byFingerprint.get(f.fingerprint());
            if (candidates == null) {
                continue;
            }
            String path = normalize(f.path());
            for (Entry e : candidates) {
                if (pathMatches(e, path)) {
                    kept.add(e);
                }
            }
        }
        return new Baseline(kept);
    }

    /** Forward slashes, no leading {@code ./} or {@code /}. */
    static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}

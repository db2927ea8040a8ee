package dev.keyward.suppress;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One allowlist of a config file: findings it matches are not reported. Field names follow gitleaks'
 * {@code [allowlist]} / {@code [[allowlists]]}; {@code globs} is keyward's own. Immutable.
 *
 * <p>With {@code condition = "OR"} (the default) a finding is allowed when any one criterion matches; with
 * {@code "AND"} when every criterion that is set matches.
 *
 * @param description  for people
 * @param paths        RE2 regexes searched in the path (see {@link Config} for which path)
 * @param globs        path globs ({@code *}, {@code **}, {@code ?}, {@code [..]}, {@code {a,b}}); one without a
 *                     {@code /} matches a file or folder name at any depth, as in {@code .gitignore}
 * @param regexes      RE2 regexes searched in the secret, the match or the line (by {@code regexTarget})
 * @param regexTarget  {@code secret} (default), {@code match} or {@code line}
 * @param stopwords    words that, found in the secret (case-insensitively), allow it
 * @param commits      commit ids (or prefixes of at least 7 hex digits) whose blobs are not reported
 * @param matchAll     true for {@code condition = "AND"}
 * @param targetRules  rule ids this allowlist applies to; empty means every rule
 */
public record Allowlist(String description, List<String> paths, List<String> globs, List<String> regexes,
                        String regexTarget, List<String> stopwords, List<String> commits, boolean matchAll,
                        List<String> targetRules) {

    /** The values {@code regexTarget} may take. */
    public static final Set<String> TARGETS = Set.of("secret", "match", "line");

    public Allowlist {
        Objects.requireNonNull(description, "description");
        paths = List.copyOf(paths);
        globs = List.copyOf(globs);
        regexes = List.copyOf(regexes);
        stopwords = List.copyOf(stopwords);
        commits = List.copyOf(commits);
        targetRules = List.copyOf(targetRules);
        if (!TARGETS.contains(regexTarget)) {
            throw new IllegalArgumentException("regexTarget must be secret, match or line");
        }
    }

    /** True when no criterion is set (such an allowlist allows nothing). */
    public boolean isEmpty() {
        return paths.isEmpty() && globs.isEmpty() && regexes.isEmpty() && stopwords.isEmpty() && commits.isEmpty();
    }
}

package dev.keyward.internal.suppress;

import com.google.re2j.Pattern;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.internal.detect.Engine;
import dev.keyward.suppress.Allowlist;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A config's allowlists and a baseline, compiled once. {@link #skipBlob} decides before a blob is read,
 * {@link #drop} (the engine's match filter) before pairing, {@link #hides} after detection. Immutable and
 * thread-safe.
 */
public final class Suppression implements Engine.MatchFilter {

    private record Compiled(List<Pattern> paths, List<Pattern> globs, List<Pattern> regexes, String target,
                            List<String> stopwords, List<String> commits, boolean all, Set<String> rules) {

        boolean blobOnly() {
            return rules.isEmpty() && regexes.isEmpty() && stopwords.isEmpty();
        }
    }

    private final List<Compiled> allowlists = new ArrayList<>();
    private final Path base;
    private final Baseline baseline;

    public Suppression(Config config, Baseline baseline) {
        this.base = config.base().orElse(null);
        this.baseline = baseline;
        for (Allowlist a : config.allowlists()) {
            if (a.isEmpty()) {
                continue;
            }
            allowlists.add(new Compiled(
                    a.paths().stream().map(Pattern::compile).toList(),
                    a.globs().stream().map(Globs::compile).toList(),
                    a.regexes().stream().map(Pattern::compile).toList(),
                    a.regexTarget(),
                    a.stopwords().stream().map(w -> w.toLowerCase(Locale.ROOT)).toList(),
                    a.commits().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList(),
                    a.matchAll(),
                    Set.copyOf(a.targetRules())));
        }
    }

    /** Whether any allowlist can drop single matches (so the engine needs the filter at all). */
    public boolean filtersMatches() {
        return allowlists.stream().anyMatch(c -> !c.blobOnly());
    }

    /** Whether every finding in this blob would be allowed by path or commit, so it need not be read. */
    public boolean skipBlob(Provenance provenance) {
        List<String> forms = null;
        for (Compiled c : allowlists) {
            if (!c.rules.isEmpty()) {
                continue;
            }
            if (c.all && !c.blobOnly()) {
                continue;
            }
            if (forms == null) {
                forms = pathForms(provenance);
            }
            Boolean path = pathHit(c, forms);
            Boolean commit = commitHit(c, provenance);
            if (c.all ? and(path, commit, null, null) : or(path, commit, null, null)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean drop(String ruleId, String secret, String match, Supplier<String> line, Provenance provenance) {
        List<String> forms = null;
        for (Compiled c : allowlists) {
            if (!c.rules.isEmpty() && !c.rules.contains(ruleId)) {
                continue;
            }
            if (forms == null) {
                forms = pathForms(provenance);
            }
            Boolean path = pathHit(c, forms);
            Boolean commit = commitHit(c, provenance);
            Boolean regex = null;
            if (!c.regexes.isEmpty()) {
                String target = switch (c.target) {
                    case "match" -> match;
                    case "line" -> line.get();
                    default -> secret;
                };
                regex = c.regexes.stream().anyMatch(p -> p.matcher(target).find());
            }
            Boolean stop = null;
            if (!c.stopwords.isEmpty()) {
                String lower = secret.toLowerCase(Locale.ROOT);
                stop = c.stopwords.stream().anyMatch(lower::contains);
            }
            if (c.all ? and(path, commit, regex, stop) : or(path, commit, regex, stop)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the baseline accepts this finding. */
    public boolean hides(Finding finding) {
        return baseline.accepts(finding);
    }

    private static boolean or(Boolean... hits) {
        for (Boolean h : hits) {
            if (h != null && h) {
                return true;
            }
        }
        return false;
    }

    private static boolean and(Boolean... hits) {
        boolean any = false;
        for (Boolean h : hits) {
            if (h != null) {
                if (!h) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static Boolean pathHit(Compiled c, List<String> forms) {
        if (c.paths.isEmpty() && c.globs.isEmpty()) {
            return null;
        }
        for (String f : forms) {
            for (Pattern p : c.paths) {
                if (p.matcher(f).find()) {
                    return true;
                }
            }
            for (Pattern g : c.globs) {
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

    private static Boolean commitHit(Compiled c, Provenance provenance) {
        if (c.commits.isEmpty()) {
            return null;
        }
        if (!(provenance instanceof Provenance.GitBlob blob)) {
            return false;
        }
        String commit = blob.commit().toLowerCase(Locale.ROOT);
        return c.commits.stream().anyMatch(commit::startsWith);
    }

    /** The path as reported ({@code ./} removed) and, for files under the config's folder, relative to it. */
    private List<String> pathForms(Provenance provenance) {
        String shown = provenance.path().replace('\\', '/');
        while (shown.startsWith("./")) {
            shown = shown.substring(2);
        }
        List<String> forms = new ArrayList<>(2);
        forms.add(shown);
        if (base != null && provenance instanceof Provenance.File) {
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
        }
        return forms;
    }
}

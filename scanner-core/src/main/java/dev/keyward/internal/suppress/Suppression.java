package dev.keyward.internal.suppress;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.internal.detect.Engine;
import dev.keyward.rules.Allowlist;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A config's allowlists and a baseline. {@link #skipBlob} decides before a blob is read, {@link #drop} (the
 * engine's match filter) before pairing, {@link #hides} after detection; what each allowlist allows is
 * {@link Allowlist}'s to say. Immutable and thread-safe.
 */
public final class Suppression implements Engine.MatchFilter {

    private final List<Allowlist> allowlists;
    /** Those that may allow a whole blob by its path or commit. */
    private final List<Allowlist> blobAllowlists;
    private final Path base;
    private final Baseline baseline;

    public Suppression(Config config, Baseline baseline) {
        this.base = config.base().orElse(null);
        this.baseline = baseline;
        this.allowlists = config.allowlists().stream().filter(a -> !a.isEmpty()).toList();
        this.blobAllowlists = allowlists.stream()
                .filter(a -> a.targetRules().isEmpty() && !(a.matchAll() && a.judgesMatches())).toList();
    }

    /** Whether any allowlist can drop single matches (so the engine needs the filter at all). */
    public boolean filtersMatches() {
        return allowlists.stream().anyMatch(Allowlist::judgesMatches);
    }

    /** Whether every finding in this blob would be allowed by path or commit, so it need not be read. */
    public boolean skipBlob(Provenance provenance) {
        if (blobAllowlists.isEmpty()) {
            return false;
        }
        List<String> forms = Allowlist.pathForms(provenance, base);
        for (Allowlist a : blobAllowlists) {
            if (a.allowsBlob(provenance, forms)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean drop(String ruleId, String secret, String match, Supplier<String> line, Provenance provenance) {
        if (allowlists.isEmpty()) {
            return false;
        }
        List<String> forms = Allowlist.pathForms(provenance, base);
        for (Allowlist a : allowlists) {
            if (a.allowsMatch(ruleId, secret, match, line, provenance, forms)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the baseline accepts this finding. */
    public boolean hides(Finding finding) {
        return baseline.accepts(finding);
    }
}

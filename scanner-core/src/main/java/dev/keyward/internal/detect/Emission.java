package dev.keyward.internal.detect;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The candidates not yet passed on (and recent ones kept for pairing), deduplicated by rule kind and offset, and
 * how far each has got: paired, then made into a {@link Finding}, then forgotten.
 */
final class Emission {

    private static final Comparator<Candidate> ORDER =
            Comparator.<Candidate>comparingLong(c -> c.abs).thenComparingInt(c -> c.rule.index);

    private final Provenance provenance;
    private final Map<String, Candidate> seen = new HashMap<>();
    private final List<Candidate> pending = new ArrayList<>();
    private int processed;
    private int emitted;

    Emission(Provenance provenance) {
        this.provenance = provenance;
    }

    /** Whether a candidate of the same rule kind at the same offset was already kept. */
    boolean has(Candidate c) {
        return seen.containsKey(c.key());
    }

    /** Whether a candidate of {@code r}'s kind at offset {@code abs} was already kept. */
    boolean has(CompiledRule r, long abs) {
        return !seen.isEmpty() && seen.containsKey(Candidate.key(r, abs));
    }

    void keep(Candidate c) {
        seen.put(c.key(), c);
        pending.add(c);
    }

    /** What was kept and not yet forgotten, in the order kept (sorted only once flushed). */
    List<Candidate> pending() {
        return pending;
    }

    /**
     * Pairs and passes on what is final: every candidate starting before {@code known} has been found, so those
     * are paired; those whose pairing reach ends before {@code known} are passed on; older ones are forgotten.
     */
    void flush(long known, Consumer<Finding> out) {
        if (pending.isEmpty()) {
            return;
        }
        if (processed < pending.size()) {
            pending.subList(processed, pending.size()).sort(ORDER);
        }
        while (processed < pending.size() && pending.get(processed).abs < known) {
            Pairing.pairUp(pending, processed++);
        }
        while (emitted < processed && pending.get(emitted).abs + Engine.PAIR_BYTES < known) {
            out.accept(finding(emitted++));
        }
        int retire = 0;
        while (retire < emitted && pending.get(retire).abs + 2L * Engine.PAIR_BYTES < known) {
            seen.remove(pending.get(retire++).key());
        }
        if (retire > 0) {
            pending.subList(0, retire).clear();
            processed -= retire;
            emitted -= retire;
        }
        if (known == Long.MAX_VALUE) {
            pending.clear();
            seen.clear();
            processed = 0;
            emitted = 0;
        }
    }

    private Finding finding(int i) {
        Candidate c = pending.get(i);
        Candidate other = Pairing.partner(pending, i);
        Severity severity = c.rule.rule.severity();
        String kind = c.rule.rule.kind();
        PairRef ref = null;
        String account = c.account;
        if (other != null) {
            ref = new PairRef(other.rule.rule.id(), other.line, other.column, other.fingerprint());
            if (c.mate != null && c.mate.isLookAlikeKey()) {
                // The secret of another service's key: that service's kind and severity, never AWS's.
                kind = c.mate.rule.rule.kind();
                severity = c.mate.rule.rule.severity();
            } else if (c.mate != null && !c.isLookAlikeKey()) {
                severity = Severity.CRITICAL;
            }
            if (account == null) {
                account = other.account;
            }
        }
        Location loc = new Location(provenance.path(), c.line, c.column, c.abs);
        return new Finding(c.rule.rule.id(), kind, severity, loc, provenance, c.secret, account, ref);
    }
}

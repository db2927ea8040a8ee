package dev.keyward.internal.detect;

import dev.keyward.finding.Finding;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The candidates not yet passed on (and recent ones kept for pairing), deduplicated by rule kind and offset, and
 * how far each has got: paired, then made into a {@link Finding}, then forgotten.
 */
final class Emission {

    /** By offset, then rule: written out, as the composed comparator costs more under C1. */
    private static final Comparator<Candidate> ORDER = (a, b) -> {
        int c = Long.compare(a.abs, b.abs);
        return c != 0 ? c : Integer.compare(a.rule.index, b.rule.index);
    };

    private final Provenance provenance;
    /** How many kinds the engine's rules have: a candidate's key is its offset times this plus its kind. */
    private final int kinds;
    /** The largest pairing reach in lines of the engine's rules. */
    private final int pairLines;
    private final LongSet seen = new LongSet();
    private final List<Candidate> pending = new ArrayList<>();
    private int processed;
    private int emitted;

    Emission(Provenance provenance, int kinds, int pairLines) {
        this.provenance = provenance;
        this.kinds = kinds;
        this.pairLines = pairLines;
    }

    /** Whether a candidate of the same rule kind at the same offset was already kept. */
    boolean has(Candidate c) {
        return seen.contains(c.key(kinds));
    }

    /** Whether a candidate of {@code r}'s kind at offset {@code abs} was already kept. */
    boolean has(CompiledRule r, long abs) {
        return !seen.isEmpty() && seen.contains(Candidate.key(r, abs, kinds));
    }

    void keep(Candidate c) {
        seen.add(c.key(kinds));
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
            Pairing.pairUp(pending, processed++, pairLines);
        }
        while (emitted < processed && pending.get(emitted).abs + Engine.PAIR_BYTES < known) {
            out.accept(finding(emitted++));
        }
        if (known == Long.MAX_VALUE) {
            pending.clear(); // everything was passed on: forgotten at once rather than one by one
            seen.clear();
            processed = 0;
            emitted = 0;
            return;
        }
        int retire = 0;
        while (retire < emitted && pending.get(retire).abs + 2L * Engine.PAIR_BYTES < known) {
            seen.remove(pending.get(retire++).key(kinds));
        }
        if (retire > 0) {
            pending.subList(0, retire).clear();
            processed -= retire;
            emitted -= retire;
        }
    }

    private Finding finding(int i) {
        Candidate c = pending.get(i);
        Candidate other = Pairing.partner(pending, i);
        Finding f = c.unpaired(provenance);
        if (other == null) {
            return f;
        }
        Severity severity = f.severity();
        String kind = f.kind();
        String account = c.account != null ? c.account : other.account;
        PairRef ref = new PairRef(other.rule.rule.id(), other.line, other.column, other.fingerprint(provenance));
        if (c.mate != null && c.mate.isLookAlikeKey()) {
            // The secret of another service's key: that service's kind and severity, never AWS's.
            kind = c.mate.rule.rule.kind();
            severity = c.mate.rule.rule.severity();
        } else if (c.mate != null && !c.isLookAlikeKey()) {
            severity = Severity.CRITICAL;
        }
        if (!kind.equals(f.kind())) {
            return new Finding(f.ruleId(), kind, severity, f.location(), provenance, c.secret, account, ref);
        }
        f = f.withPair(severity, ref);
        return account == null || account.equals(f.accountId()) ? f : f.withAccountId(account);
    }
}

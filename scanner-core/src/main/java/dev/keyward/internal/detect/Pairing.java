package dev.keyward.internal.detect;

import java.util.List;

/**
 * Which candidates belong together: a key ID (or a look-alike of one) and a secret key (one to one), and a session
 * token and the nearest {@code ASIA} key ID. Works on a list of candidates in offset order, all located; holds nothing.
 */
final class Pairing {

    private Pairing() {
    }

    /**
     * Matches candidate {@code i}, a key ID or a secret, to the earliest unmatched other half before it within
     * reach, so pairs are one to one and listed halves (IDs, then secrets) pair in order. {@code maxLines} is the
     * largest pairing reach in lines of any rule: candidates are in offset order, so lines only fall going back.
     */
    static void pairUp(List<Candidate> pending, int i, int maxLines) {
        Candidate x = pending.get(i);
        boolean key = x.isPairingKey();
        if (!key && x.rule.check != CompiledRule.Check.SECRET_KEY) {
            return;
        }
        Candidate best = null;
        for (int j = i - 1; j >= 0; j--) {
            Candidate o = pending.get(j);
            if (x.abs - o.abs > Engine.PAIR_BYTES || x.line - o.line > maxLines) {
                break;
            }
            boolean other = key ? o.rule.check == CompiledRule.Check.SECRET_KEY : o.isPairingKey();
            Candidate secret = key ? o : x;
            if (other && o.mate == null && Math.abs(x.line - o.line) <= secret.rule.pairLines) {
                best = o;
            }
        }
        if (best != null) {
            best.mate = x;
            x.mate = best;
        }
    }

    /** The other half of candidate {@code i}: its mate, or for a session token its key ID; or null. */
    static Candidate partner(List<Candidate> pending, int i) {
        Candidate c = pending.get(i);
        return c.rule.check == CompiledRule.Check.SESSION_TOKEN ? tokenKey(pending, i) : c.mate;
    }

    /** The nearest {@code ASIA} key ID to session token {@code i}, by lines and then bytes, or null. */
    private static Candidate tokenKey(List<Candidate> pending, int i) {
        Candidate t = pending.get(i);
        Candidate best = null;
        long bestLines = Long.MAX_VALUE;
        long bestBytes = Long.MAX_VALUE;
        for (int step = -1; step <= 1; step += 2) {
            for (int j = i + step; j >= 0 && j < pending.size(); j += step) {
                Candidate o = pending.get(j);
                long bytes = Math.abs(o.abs - t.abs);
                if (bytes > Engine.PAIR_BYTES) {
                    break;
                }
                long lines = Math.abs((long) o.line - t.line);
                if (o.isTemporaryKey()
                        && lines <= t.rule.pairLines
                        && (lines < bestLines || (lines == bestLines && bytes < bestBytes))) {
                    best = o;
                    bestLines = lines;
                    bestBytes = bytes;
                }
            }
        }
        return best;
    }
}

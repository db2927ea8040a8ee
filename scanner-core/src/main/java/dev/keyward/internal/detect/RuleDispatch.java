package dev.keyward.internal.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Provenance;
import dev.keyward.rules.Allowlist;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Runs rules where hits send them: a rule's regex over the line of a hit, a pairing regex over the lines around a
 * key ID, each once per window, and a match through its rule's checks and the allowlists. Keeps, per rule, the
 * last window searched.
 */
final class RuleDispatch {

    /** What a byte that is not UTF-8 reads as to a regex: a control character no rule's character class holds. */
    private static final byte INVALID = 0x1A;

    private final Scan scan;
    private final Engine eng;
    private final Buffer in;
    private final LineIndex lines;
    private final Provenance provenance;
    private final long[] lastWinStart;
    private final long[] lastWinEnd;
    private final long[] lastPairStart;
    private final long[] lastPairEnd;
    /** The last two windows copied for a regex, with their decoded forms (null when they hold no escape). */
    private final long[] cacheStart = {-1, -1};
    private final long[] cacheEnd = {-1, -1};
    private final byte[][] cacheText = new byte[2][];
    private final Unescape[] cacheDecoded = new Unescape[2];
    private int cacheNext;
    /** A match by a hand-written shape: start, end, group, group start, group end. */
    private final int[] shapeMatch = new int[5];
    private List<String> pathForms;

    RuleDispatch(Scan scan, Engine eng, Buffer in, LineIndex lines, Provenance provenance) {
        this.scan = scan;
        this.eng = eng;
        this.in = in;
        this.lines = lines;
        this.provenance = provenance;
        int n = eng.rules.length;
        lastWinStart = new long[n];
        lastWinEnd = new long[n];
        lastPairStart = new long[n];
        lastPairEnd = new long[n];
        Arrays.fill(lastWinStart, -1);
        Arrays.fill(lastPairStart, -1);
    }

    /** Runs a rule's regex over the line of {@code p}, cut to the blocks around it. */
    void ruleAt(CompiledRule r, long p) {
        if (r.pattern == null) {
            return;
        }
        long k = LineIndex.block(p);
        LineIndex.Line l = lines.rule;
        lines.line(l, p, k - Engine.BLOCK, k + 3L * Engine.BLOCK);
        long ws = l.s;
        long we = l.e;
        if (ws == lastWinStart[r.index] && we == lastWinEnd[r.index]) {
            return; // this window was just searched for this rule
        }
        lastWinStart[r.index] = ws;
        lastWinEnd[r.index] = we;
        runRegex(r, r.pattern, ws, we, true);
    }

    /** At a key-ID-shaped word, searches the lines around it for the values of a pairing rule. */
    void pairAt(CompiledRule r, long p) {
        byte[] buf = in.buf;
        long base = in.base;
        int len = in.len;
        int i = (int) (p - base);
        int n = Math.min(64, len - i);
        int end;
        if (r.nearIds != null) {
            end = r.nearIds.matchAt(buf, i, i + n) - i;
        } else {
            Matcher m = r.near.matcher(Arrays.copyOfRange(buf, i, i + n));
            end = m.lookingAt() ? m.end() : -1;
        }
        if (end <= 0) {
            return;
        }
        if (!Checks.boundaryBefore(buf, 0, i, true) || !Checks.boundaryAfter(buf, i + end, len)) {
            return;
        }
        long k = LineIndex.block(p);
        lines.span(p, r.pairLines, k - 2L * Engine.BLOCK, k + 3L * Engine.BLOCK);
        long ws = lines.spanS;
        long we = lines.spanE;
        long prevStart = lastPairStart[r.index];
        long prevEnd = lastPairEnd[r.index];
        if (ws == prevStart && we == prevEnd) {
            return;
        }
        long from = ws;
        if (prevStart >= 0 && prevStart <= ws && ws < prevEnd && prevEnd <= we) {
            // Key IDs on nearby lines have overlapping windows. Pairing values lie within one line, so the lines
            // already searched for this rule need no second look: start again at the last line searched.
            int lo = (int) (ws - base);
            int i2 = (int) (prevEnd - base);
            if (i2 >= len || buf[i2] != '\n') {
                while (i2 > lo && buf[i2 - 1] != '\n') {
                    i2--; // the last window was cut inside this line: search all of it again
                }
            }
            from = base + i2;
        }
        lastPairStart[r.index] = ws;
        lastPairEnd[r.index] = we;
        runRegex(r, r.pairRegex, from, we, false);
    }

    /** Runs a regex over [ws, we) as written and, if the window holds escapes, once more with them decoded. */
    void runRegex(CompiledRule r, Pattern pattern, long ws, long we, boolean mainRegex) {
        if (we <= ws) {
            return;
        }
        int off = (int) (ws - in.base);
        int end = off + (int) (we - ws);
        boolean hand = pattern == r.pairRegex ? r.pairRuns != null : mainRegex && pattern == r.pattern && r.shape != null;
        if (hand && !Unescape.hasEscape(in.buf, off, end)) {
            // A hand-written matcher takes only ASCII and well-formed sequences, so the bytes a regex would see
            // replaced change none of its matches: it reads the buffer where it lies, and nothing is copied.
            matchIn(r, pattern, in.buf, off, end, null, in.base, mainRegex);
            return;
        }
        int slot = ws == cacheStart[0] && we == cacheEnd[0] ? 0 : ws == cacheStart[1] && we == cacheEnd[1] ? 1 : -1;
        if (slot < 0) {
            // Several rules search the same window (the rules of one line, the pairing rules of the lines around
            // a key ID): it is copied and decoded once for them all. Offsets name the same bytes all scan long.
            slot = cacheNext;
            cacheNext ^= 1;
            byte[] w = Arrays.copyOfRange(in.buf, off, end);
            Bytes.replaceInvalidUtf8(w, INVALID);
            cacheStart[slot] = ws;
            cacheEnd[slot] = we;
            cacheText[slot] = w;
            cacheDecoded[slot] = hand ? Unescape.decode(w) : Unescape.of(w); // a hand matcher's window holds one
        }
        byte[] w = cacheText[slot];
        Unescape u = cacheDecoded[slot];
        matchIn(r, pattern, w, 0, w.length, null, ws, mainRegex);
        if (u != null) {
            matchIn(r, pattern, u.bytes, 0, u.bytes.length, u, ws, mainRegex);
        }
    }

    /**
     * Matches {@code pattern} in {@code text[from, to)}, whose byte 0 is at input offset {@code textAbs} (or, with
     * a {@code map}, decoded text whose byte i came from offset {@code textAbs + map.origin(i)}).
     */
    private void matchIn(CompiledRule r, Pattern pattern, byte[] text, int from, int to, Unescape map, long textAbs,
                         boolean mainRegex) {
        TokenRuns runs = pattern == r.pairRegex ? r.pairRuns : null;
        if (runs != null) {
            // Around a key ID the runs are nearly every word; most are too short for the rule's check.
            for (long m = runs.find(text, from, to); m >= 0; m = runs.find(text, (int) m, to)) {
                int s = (int) (m >>> 32);
                int len = (int) m - s;
                if (len >= r.minValue && len <= r.maxValue) {
                    matched(r, text, map, textAbs, s, (int) m, s, (int) m);
                }
            }
            return;
        }
        if (mainRegex && pattern == r.pattern && r.required != null && !RequiredText.in(text, from, to, r.required)) {
            return;
        }
        Shape shape = mainRegex && pattern == r.pattern ? r.shape : null;
        if (shape != null && (map == null || Bytes.wellFormedUtf8(text))) {
            int[] o = shapeMatch;
            for (int at = from; shape.find(text, at, to, o); at = o[1]) {
                int g = r.secretGroup(o[2]);
                if (g == o[2]) {
                    matched(r, text, map, textAbs, o[3], o[4], o[0], o[1]);
                } // else the group asked for did not take part in this match, as RE2/J would report
            }
            return;
        }
        if (from != 0 || to != text.length) {
            throw new IllegalStateException("RE2/J searches a whole copied window");
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int g = mainRegex ? r.secretGroup(m) : 0;
            matched(r, text, map, textAbs, m.start(g), m.end(g), m.start(), m.end());
        }
    }

    /** A match of {@code text[ms, me)} whose value (the secret group, or all of it) is {@code text[s, e)}. */
    private void matched(CompiledRule r, byte[] text, Unescape map, long textAbs, int s, int e, int ms, int me) {
        if (s < 0 || e <= s) {
            return;
        }
        if (map == null) {
            int cs = (int) (textAbs - in.base) + s;
            consider(r, text, s, e, textAbs + s, in.buf, cs, cs + (e - s), in.len, ms, me);
        } else {
            consider(r, text, s, e, textAbs + map.origin(s), text, s, e, text.length, ms, me);
        }
    }

    /**
     * Applies the rule's checks to a match of {@code text[s, e)} at offset {@code abs}; {@code ctx[cs, ce)} is the
     * same value among its real neighbours (the buffer, or the decoded window), up to {@code hi}; the whole match
     * (for allowlists) is {@code text[ms, me)}.
     */
    private void consider(CompiledRule r, byte[] text, int s, int e, long abs, byte[] ctx, int cs, int ce, int hi,
                          int ms, int me) {
        // Cheap refusals first, each giving what the checks below would: a value of fewer bytes than its check
        // needs characters (percent-decoding only shortens it), a secret key of more than three bytes per
        // character of its longest form (56, base64; no character or escape takes more), or one at an offset
        // where a candidate of this kind is already kept (Scan.add would drop it). A line holding a session token
        // sends it here from the rule, both pairing rules and each again decoded; and every short word of the
        // lines around a key ID comes too.
        if (e - s < r.minValue || e - s > r.maxValue || scan.has(r, abs)) {
            return;
        }
        String value = new String(text, s, e - s, StandardCharsets.UTF_8);
        String secret;
        String account = null;
        switch (r.check) {
            case KEY_ID -> {
                if (!Checks.boundaryBefore(ctx, 0, cs, true) || !Checks.boundaryAfter(ctx, ce, hi)
                        || !Checks.validKeyId(value)) {
                    return;
                }
                secret = value;
                account = AwsKeyId.accountOf(value);
            }
            case SECRET_KEY -> secret = Checks.wholeToken(ctx, 0, cs, ce, hi)
                    ? Checks.secretKey(Unescape.percent(value)) : null;
            case SESSION_TOKEN -> secret = Checks.wholeToken(ctx, 0, cs, ce, hi)
                    ? Checks.sessionToken(Unescape.percent(value)) : null;
            case ACCOUNT_ID -> secret = Checks.accountId(value);
            case WHOLE_TOKEN, LOOK_ALIKE_KEY -> secret = Checks.wholeToken(ctx, 0, cs, ce, hi) && !Checks.isPlaceholder(value)
                    ? value : null;
            default -> secret = value;
        }
        if (secret == null || secret.isEmpty()) {
            return;
        }
        if (r.rule.entropy() > 0 && Checks.entropy(secret) < r.rule.entropy()) {
            return;
        }
        if (Checks.isDocumentationValue(secret)) {
            return;
        }
        if (r.hasAllowlist() || eng.filter != null) {
            String match = text == in.buf ? matchText(text, ms, me)
                    : new String(text, ms, me - ms, StandardCharsets.UTF_8);
            if (r.hasAllowlist() && r.allowlisted(secret, match, () -> lines.textAt(abs), provenance, pathForms())) {
                return;
            }
            if (eng.filter != null && eng.filter.drop(r.rule.id(), secret, match, () -> lines.textAt(abs),
                    provenance)) {
                return;
            }
        }
        scan.add(new Candidate(r, abs, secret, account));
    }

    /** The forms of this input's path that allowlists match, found once per scan. */
    private List<String> pathForms() {
        if (pathForms == null) {
            pathForms = Allowlist.pathForms(provenance, null);
        }
        return pathForms;
    }

    /**
     * The text of a whole match, as a regex saw it: a byte that is not UTF-8 (read in place, which only the end of
     * an S3-compatible key's match can hold) as the control character a copied window has in its place.
     */
    private static String matchText(byte[] text, int ms, int me) {
        for (int i = ms; i < me; i++) {
            if (text[i] < 0) {
                byte[] copy = Arrays.copyOfRange(text, ms, me);
                Bytes.replaceInvalidUtf8(copy, INVALID);
                return new String(copy, StandardCharsets.UTF_8);
            }
        }
        return new String(text, ms, me - ms, StandardCharsets.ISO_8859_1);
    }
}

package dev.keyward.internal.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The state of one scan of one input. Not thread-safe; made and dropped per call.
 *
 * <p>Every window a rule looks at is a function of the hit position and the bytes around it only (cut on the
 * {@link Engine#BLOCK} grid), never of where a chunk ends, so findings do not depend on the chunk size. Findings
 * are passed on as soon as nothing later in the input can change them (their pair partner, if any, lies at most
 * {@link Engine#PAIR_BYTES} away), so memory holds only the candidates of the last chunk, however long the input.
 */
final class Scan {

    private static final byte[][] ALLOW_MARKERS = {
        "keyward:allow".getBytes(StandardCharsets.US_ASCII),
        "gitleaks:allow".getBytes(StandardCharsets.US_ASCII),
        "pragma: allowlist secret".getBytes(StandardCharsets.US_ASCII),
    };

    /** What a byte that is not UTF-8 reads as to a regex: a control character no rule's character class holds. */
    private static final byte INVALID = 0x1A;

    /** The base64 of 40 bytes. */
    private static final Pattern ENCODED_SECRET = Pattern.compile("[A-Za-z0-9+/]{54}==");

    private static final Comparator<Candidate> ORDER =
            Comparator.<Candidate>comparingLong(c -> c.abs).thenComparingInt(c -> c.rule.index);

    /** A match that passed its rule's checks. */
    static final class Candidate {
        final CompiledRule rule;
        long abs;
        final String secret;
        final String account;
        int line;
        int column;
        /** The other half of a key pair (key ID and secret), matched one to one. */
        Candidate mate;
        private String fingerprint;

        Candidate(CompiledRule rule, long abs, String secret, String account) {
            this.rule = rule;
            this.abs = abs;
            this.secret = secret;
            this.account = account;
        }

        boolean isCredentialKey() {
            return rule.check == CompiledRule.Check.KEY_ID && AwsKeyId.isCredentialPrefix(secret.substring(0, 4));
        }

        String fingerprint() {
            if (fingerprint == null) {
                fingerprint = Scan.fingerprint(rule.rule.id(), secret);
            }
            return fingerprint;
        }
    }

    private final Engine eng;
    private final Provenance provenance;
    private final int depth;
    private final Prefilter.Hit hit = this::onHit;

    private byte[] buf;
    private long base;
    private int len;

    /** Line and column cursor: every byte before {@code curPos} has been counted. */
    private long curPos;
    /**
     * Where the cursor may move once a candidate needs a line: no candidate can start before it. Counting is put
     * off until then, as most hits yield no candidate.
     */
    private long cursorTarget;
    private int curLine = 1;
    private int curCol;
    /** The last place located, to walk on from when the next candidate lies after it. */
    private long laPos = -1;
    private int laLine;
    private int laCol;

    private final long[] lastWinStart;
    private final long[] lastWinEnd;
    private final long[] lastPairStart;
    private final long[] lastPairEnd;
    private long lastB64Start = -1;
    private long lastB64End = -1;

    /** The last line found for one purpose, keyed by its clip bounds (one per purpose, so they do not evict). */
    private static final class LineCache {
        long lo = Long.MIN_VALUE;
        long hi;
        long s;
        long e;
    }

    private final LineCache ruleLines = new LineCache();
    private final LineCache pairLines = new LineCache();
    private final LineCache allowLines = new LineCache();
    private final LineCache textLines = new LineCache();
    private long spanKeyLo = Long.MIN_VALUE;
    private long spanKeyHi;
    private long spanKeyLine;
    private int spanKeyLines;
    private long spanS;
    private long spanE;
    private long runLo = Long.MIN_VALUE;
    private long runHi;
    private long runS;
    private long runE;
    private long allowS = -1;
    private long allowE = -1;
    private boolean allowAnswer;

    /** Candidates not yet passed on (and recent ones kept for pairing), deduplicated by rule kind and offset. */
    private final Map<String, Candidate> seen = new HashMap<>();
    final List<Candidate> pending = new ArrayList<>();
    private int processed;
    private int emitted;

    Scan(Engine eng, Provenance provenance, int depth) {
        this.eng = eng;
        this.provenance = provenance;
        this.depth = depth;
        int n = eng.rules.length;
        lastWinStart = new long[n];
        lastWinEnd = new long[n];
        lastPairStart = new long[n];
        lastPairEnd = new long[n];
        Arrays.fill(lastWinStart, -1);
        Arrays.fill(lastPairStart, -1);
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /** Scans a stream to its end, passing findings to {@code out} in offset order as they become final. */
    void run(InputStream in, Consumer<Finding> out) throws IOException {
        // At least 4 KiB of room, so tiny chunk sizes do not move the kept bytes on every read.
        int full = Math.max(eng.chunkSize, 4096) + Engine.BEFORE + Engine.AFTER;
        // Most files are small: start with 16 KiB of room and double while the input fills it, rather than
        // allocating (and zeroing) a whole chunk per file.
        buf = new byte[Math.min(full, (1 << 14) + Engine.BEFORE + Engine.AFTER)];
        long done = 0;
        boolean eof = false;
        IOException failure = null;
        while (!eof) {
            long keep = Math.max(base, done - Engine.BEFORE);
            if (len == buf.length && buf.length < full) {
                buf = Arrays.copyOf(buf, (int) Math.min(full, 2L * buf.length));
            } else if (buf.length - len < eng.chunkSize && keep > base) {
                advanceCursor(keep);
                int shift = (int) (keep - base);
                System.arraycopy(buf, shift, buf, 0, len - shift);
                len -= shift;
                base = keep;
            }
            int n;
            try {
                n = in.read(buf, len, Math.min(eng.chunkSize, buf.length - len));
            } catch (IOException e) {
                failure = e; // what was read is still scanned and reported
                n = -1;
            }
            if (n < 0) {
                eof = true;
            } else {
                len += n;
            }
            long end = base + len;
            long limit = eof ? end : end - Engine.AFTER;
            if (limit > done) {
                processRange(done, limit);
                done = limit;
            }
            flush(eof ? Long.MAX_VALUE : done - Engine.LOOKBACK, out);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Scans a whole array at once (decoded content); candidates stay in {@link #pending}. */
    void runBytes(byte[] content) {
        runBytes(content, content.length);
    }

    /** Scans {@code content[0, length)} in place (never written, not kept) and passes on every finding. */
    void runWhole(byte[] content, int length, Consumer<Finding> out) {
        runBytes(content, length);
        flush(Long.MAX_VALUE, out);
    }

    private void runBytes(byte[] content, int length) {
        buf = content;
        base = 0;
        len = length;
        processRange(0, len);
    }

    /** Runs the prefilter over [from, to), and the keywordless rules at each line start and grid point in order. */
    private void processRange(long from, long to) {
        int i0 = (int) (from - base);
        int i1 = (int) (to - base);
        if (i1 <= i0) {
            return;
        }
        if (eng.lineRules.length == 0) {
            eng.prefilter.scan(buf, i0, i1, len, hit);
            return;
        }
        int pos = i0;
        for (int i = i0; i < i1; i++) {
            long a = base + i;
            if (a == 0 || buf[i - 1] == '\n' || a % Engine.BLOCK == 0) {
                if (i > pos) {
                    eng.prefilter.scan(buf, pos, i, len, hit);
                    pos = i;
                }
                lineRulesAt(a);
            }
        }
        eng.prefilter.scan(buf, pos, i1, len, hit);
    }

    private void lineRulesAt(long p) {
        moveCursorNear(p);
        for (CompiledRule r : eng.lineRules) {
            ruleAt(r, p);
        }
    }

    private void onHit(int index, int literal) {
        long p = base + index;
        moveCursorNear(p);
        for (int act : eng.actions[literal]) {
            int type = act >>> 24;
            CompiledRule r = eng.rules[act & 0xFFFFFF];
            switch (type) {
                case Engine.ACT_RULE -> ruleAt(r, p);
                case Engine.ACT_PAIR -> pairAt(r, p);
                default -> base64At(p);
            }
        }
    }

    // ---- positions -----------------------------------------------------------------------------------------

    private void moveCursorNear(long p) {
        if (depth == 0) {
            cursorTarget = Math.max(cursorTarget, p - Engine.LOOKBACK);
        }
    }

    /** Moves the line/column cursor forward to {@code to}, which must still be in the buffer. */
    private void advanceCursor(long to) {
        if (to <= curPos) {
            return;
        }
        int from = (int) (curPos - base);
        int end = (int) (to - base);
        int lines = Bytes.count(buf, from, end, (byte) '\n');
        int colFrom = from;
        if (lines > 0) {
            curLine += lines;
            curCol = 0;
            int lastNl = end - 1;
            while (buf[lastNl] != '\n') {
                lastNl--;
            }
            colFrom = lastNl + 1;
        }
        curCol += Bytes.codePoints(buf, colFrom, end);
        curPos = to;
    }

    /** Sets the candidate's line and 1-based column (in characters); its offset is at or after the cursor. */
    private void locate(Candidate c) {
        advanceCursor(cursorTarget);
        long from = curPos;
        int line = curLine;
        int col = curCol;
        if (laPos >= curPos && laPos <= c.abs) {
            from = laPos;
            line = laLine;
            col = laCol;
        }
        int end = (int) (c.abs - base);
        for (int i = (int) (from - base); i < end; i++) {
            byte b = buf[i];
            if (b == '\n') {
                line++;
                col = 0;
            } else if ((b & 0xC0) != 0x80) {
                col++;
            }
        }
        laPos = Math.max(from, c.abs);
        laLine = line;
        laCol = col;
        c.line = line;
        c.column = col + 1;
    }

    private static long block(long p) {
        return Math.floorDiv(p, Engine.BLOCK) * Engine.BLOCK;
    }

    /** Sets {@code c} to the line holding {@code p} (without its line break), clipped to [lo, hi). */
    private void line(LineCache c, long p, long lo, long hi) {
        if (lo == c.lo && hi == c.hi && p >= c.s && p <= c.e) {
            return;
        }
        int sLo = (int) (Math.max(lo, base) - base);
        int eHi = (int) (Math.min(hi, base + len) - base);
        int i = (int) (p - base);
        int s = i;
        while (s > sLo && buf[s - 1] != '\n') {
            s--;
        }
        int e = i;
        while (e < eHi && buf[e] != '\n') {
            e++;
        }
        if (e > s && e < eHi && buf[e - 1] == '\r') {
            e--;
        }
        c.lo = lo;
        c.hi = hi;
        c.s = base + s;
        c.e = base + e;
    }

    /** Sets {@link #spanS}/{@link #spanE}: {@code lines} lines before and after the line of {@code p}, clipped. */
    private void pairSpan(long p, int lines, long lo, long hi) {
        line(pairLines, p, lo, hi);
        if (lo == spanKeyLo && hi == spanKeyHi && pairLines.s == spanKeyLine && lines == spanKeyLines) {
            return;
        }
        int sLo = (int) (Math.max(lo, base) - base);
        int eHi = (int) (Math.min(hi, base + len) - base);
        int s = (int) (pairLines.s - base);
        for (int n = 0; n < lines && s > sLo; n++) {
            s--;
            while (s > sLo && buf[s - 1] != '\n') {
                s--;
            }
        }
        int e = (int) (pairLines.e - base);
        while (e < eHi && buf[e] != '\n') {
            e++; // past a trimmed carriage return
        }
        for (int n = 0; n < lines && e < eHi; n++) {
            e++;
            while (e < eHi && buf[e] != '\n') {
                e++;
            }
        }
        spanKeyLo = lo;
        spanKeyHi = hi;
        spanKeyLine = pairLines.s;
        spanKeyLines = lines;
        spanS = base + s;
        spanE = base + e;
    }

    // ---- rules ---------------------------------------------------------------------------------------------

    /** Runs a rule's regex over the line of {@code p}, cut to the blocks around it. */
    private void ruleAt(CompiledRule r, long p) {
        if (r.pattern == null) {
            return;
        }
        long k = block(p);
        line(ruleLines, p, k - Engine.BLOCK, k + 3L * Engine.BLOCK);
        long ws = ruleLines.s;
        long we = ruleLines.e;
        if (ws == lastWinStart[r.index] && we == lastWinEnd[r.index]) {
            return; // this window was just searched for this rule
        }
        lastWinStart[r.index] = ws;
        lastWinEnd[r.index] = we;
        runRegex(r, r.pattern, ws, we, true);
    }

    /** At a key-ID-shaped word, searches the lines around it for the values of a pairing rule. */
    private void pairAt(CompiledRule r, long p) {
        int i = (int) (p - base);
        int n = Math.min(64, len - i);
        Matcher m = r.near.matcher(Arrays.copyOfRange(buf, i, i + n));
        if (!m.lookingAt() || m.end() == 0) {
            return;
        }
        if (!Checks.boundaryBefore(buf, 0, i, true) || !Checks.boundaryAfter(buf, i + m.end(), len)) {
            return;
        }
        long k = block(p);
        pairSpan(p, r.pairLines, k - 2L * Engine.BLOCK, k + 3L * Engine.BLOCK);
        long ws = spanS;
        long we = spanE;
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
    private void runRegex(CompiledRule r, Pattern pattern, long ws, long we, boolean mainRegex) {
        if (we <= ws) {
            return;
        }
        int off = (int) (ws - base);
        byte[] w = Arrays.copyOfRange(buf, off, off + (int) (we - ws));
        Bytes.replaceInvalidUtf8(w, INVALID);
        matchIn(r, pattern, w, null, ws, mainRegex);
        Unescape u = Unescape.of(w);
        if (u != null) {
            matchIn(r, pattern, u.bytes, u.map, ws, mainRegex);
        }
    }

    private void matchIn(CompiledRule r, Pattern pattern, byte[] text, int[] map, long textAbs, boolean mainRegex) {
        TokenRuns runs = pattern == r.pairRegex ? r.pairRuns : null;
        if (runs != null) {
            for (long m = runs.find(text, 0, text.length); m >= 0; m = runs.find(text, (int) m, text.length)) {
                int s = (int) (m >>> 32);
                matched(r, text, map, textAbs, s, (int) m, s, (int) m);
            }
            return;
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int g = mainRegex ? r.secretGroup(m) : 0;
            matched(r, text, map, textAbs, m.start(g), m.end(g), m.start(), m.end());
        }
    }

    /** A match of {@code text[ms, me)} whose value (the secret group, or all of it) is {@code text[s, e)}. */
    private void matched(CompiledRule r, byte[] text, int[] map, long textAbs, int s, int e, int ms, int me) {
        if (s < 0 || e <= s) {
            return;
        }
        if (map == null) {
            int cs = (int) (textAbs - base) + s;
            consider(r, text, s, e, textAbs + s, buf, cs, cs + (e - s), len, ms, me);
        } else {
            consider(r, text, s, e, textAbs + map[s], text, s, e, text.length, ms, me);
        }
    }

    /**
     * Applies the rule's checks to a match of {@code text[s, e)} at offset {@code abs}; {@code ctx[cs, ce)} is the
     * same value among its real neighbours (the buffer, or the decoded window), up to {@code hi}; the whole match
     * (for allowlists) is {@code text[ms, me)}.
     */
    private void consider(CompiledRule r, byte[] text, int s, int e, long abs, byte[] ctx, int cs, int ce, int hi,
                          int ms, int me) {
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
            case WHOLE_TOKEN -> secret = Checks.wholeToken(ctx, 0, cs, ce, hi) && !Checks.isPlaceholder(value)
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
            String match = new String(text, ms, me - ms, StandardCharsets.UTF_8);
            if (r.allowlisted(secret, match, () -> lineText(abs), provenance.path())) {
                return;
            }
            if (eng.filter != null && eng.filter.drop(r.rule.id(), secret, match, () -> lineText(abs), provenance)) {
                return;
            }
        }
        add(new Candidate(r, abs, secret, account));
    }

    private void add(Candidate c) {
        String key = c.rule.rule.kind() + "@" + c.abs;
        if (seen.containsKey(key)) {
            return;
        }
        if (depth == 0) {
            if (allowedInline(c.abs)) {
                return;
            }
            locate(c);
        }
        seen.put(key, c);
        pending.add(c);
    }

    /** The text of the line at {@code abs} (cut to the blocks around it), for allowlists that look at the line. */
    private String lineText(long abs) {
        long k = block(abs);
        line(textLines, Math.max(base, Math.min(abs, base + len - 1)), k - Engine.BLOCK, k + 2L * Engine.BLOCK);
        int off = (int) (textLines.s - base);
        return new String(buf, off, (int) (textLines.e - textLines.s), StandardCharsets.UTF_8);
    }

    private boolean allowedInline(long abs) {
        long k = block(abs);
        line(allowLines, abs, k - Engine.BLOCK, k + 2L * Engine.BLOCK);
        if (allowLines.s == allowS && allowLines.e == allowE) {
            return allowAnswer;
        }
        allowS = allowLines.s;
        allowE = allowLines.e;
        allowAnswer = holdsMarker((int) (allowS - base), (int) (allowE - base));
        return allowAnswer;
    }

    private boolean holdsMarker(int s, int e) {
        for (byte[] marker : ALLOW_MARKERS) {
            outer:
            for (int i = s; i + marker.length <= e; i++) {
                for (int k = 0; k < marker.length; k++) {
                    if (buf[i + k] != marker[k]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    // ---- one layer of base64 -------------------------------------------------------------------------------

    private static boolean isB64Char(int b) {
        return Checks.isAlnum(b) || b == '+' || b == '/' || b == '-' || b == '_';
    }

    /** At the base64 form of a telling literal, decodes the base64 run around it and scans the result. */
    private void base64At(long p) {
        if (depth > 0) {
            return;
        }
        long k = block(p);
        long lo = Math.max(base, k - 2L * Engine.BLOCK);
        long hi = Math.min(base + len, k + 3L * Engine.BLOCK);
        if (!(lo == runLo && hi == runHi && p >= runS && p <= runE)) {
            int i = (int) (p - base);
            int sLo = (int) (lo - base);
            int eHi = (int) (hi - base);
            int s = i;
            while (s > sLo && isB64Char(buf[s - 1] & 0xff)) {
                s--;
            }
            int e = i;
            while (e < eHi && isB64Char(buf[e] & 0xff)) {
                e++;
            }
            runLo = lo;
            runHi = hi;
            runS = base + s;
            runE = base + e;
        }
        if (runS == lastB64Start && runE == lastB64End) {
            return;
        }
        lastB64Start = runS;
        lastB64End = runE;
        int s = (int) (runS - base);
        int n = (int) (runE - runS);
        if (n < 20) {
            return;
        }
        // Where the run was cut, its first character need not start a 4-character group: try each alignment.
        boolean cut = s > 0 && runS == lo && isB64Char(buf[s - 1] & 0xff);
        for (int align = 0; align < (cut ? 4 : 1); align++) {
            byte[] decoded = decodeBase64(s + align, n - align);
            if (decoded == null) {
                continue;
            }
            Scan inner = new Scan(eng, provenance, depth + 1);
            inner.runBytes(decoded);
            long start = runS + align;
            boolean keyFound = false;
            for (Candidate c : inner.pending) {
                c.abs = start + (c.abs * 4) / 3;
                keyFound |= c.isCredentialKey();
                add(c);
            }
            if (keyFound && eng.secretRule != null) {
                // A Secret's fields are encoded one by one: the secret key beside an encoded key ID is a field of
                // its own, whatever its name, and 40 bytes encode to 56 characters.
                long kb = block(p);
                pairSpan(p, eng.secretRule.pairLines, kb - 2L * Engine.BLOCK, kb + 3L * Engine.BLOCK);
                runRegex(eng.secretRule, ENCODED_SECRET, spanS, spanE, false);
            }
        }
    }

    private byte[] decodeBase64(int s, int n) {
        int usable = n - (n % 4 == 1 ? 1 : 0);
        byte[] chars = new byte[(usable + 3) / 4 * 4];
        for (int k = 0; k < usable; k++) {
            byte c = buf[s + k];
            chars[k] = c == '-' ? (byte) '+' : c == '_' ? (byte) '/' : c;
        }
        for (int k = usable; k < chars.length; k++) {
            chars[k] = '=';
        }
        try {
            return Base64.getDecoder().decode(chars);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    // ---- pairing and output --------------------------------------------------------------------------------

    /**
     * Pairs and passes on what is final: every candidate starting before {@code known} has been found, so those
     * are paired; those whose pairing reach ends before {@code known} are passed on; older ones are forgotten.
     */
    private void flush(long known, Consumer<Finding> out) {
        if (pending.isEmpty()) {
            return;
        }
        if (processed < pending.size()) {
            pending.subList(processed, pending.size()).sort(ORDER);
        }
        while (processed < pending.size() && pending.get(processed).abs < known) {
            pairUp(processed++);
        }
        while (emitted < processed && pending.get(emitted).abs + Engine.PAIR_BYTES < known) {
            emit(emitted++, out);
        }
        int retire = 0;
        while (retire < emitted && pending.get(retire).abs + 2L * Engine.PAIR_BYTES < known) {
            Candidate c = pending.get(retire++);
            seen.remove(c.rule.rule.kind() + "@" + c.abs);
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

    /**
     * Matches candidate {@code i}, a key ID or a secret, to the earliest unmatched other half before it within
     * reach, so pairs are one to one and listed halves (IDs, then secrets) pair in order.
     */
    private void pairUp(int i) {
        Candidate x = pending.get(i);
        boolean key = x.isCredentialKey();
        if (!key && x.rule.check != CompiledRule.Check.SECRET_KEY) {
            return;
        }
        Candidate best = null;
        for (int j = i - 1; j >= 0; j--) {
            Candidate o = pending.get(j);
            if (x.abs - o.abs > Engine.PAIR_BYTES) {
                break;
            }
            boolean other = key ? o.rule.check == CompiledRule.Check.SECRET_KEY : o.isCredentialKey();
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

    /** The nearest {@code ASIA} key ID to session token {@code i}, by lines and then bytes, or null. */
    private Candidate tokenKey(int i) {
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
                if (o.rule.check == CompiledRule.Check.KEY_ID && o.secret.startsWith("ASIA")
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

    private void emit(int i, Consumer<Finding> out) {
        Candidate c = pending.get(i);
        Candidate other = c.rule.check == CompiledRule.Check.SESSION_TOKEN ? tokenKey(i) : c.mate;
        Severity severity = c.rule.rule.severity();
        PairRef ref = null;
        String account = c.account;
        if (other != null) {
            ref = new PairRef(other.rule.rule.id(), other.line, other.column, other.fingerprint());
            if (c.mate != null) {
                severity = Severity.CRITICAL;
            }
            if (account == null) {
                account = other.account;
            }
        }
        Location loc = new Location(provenance.path(), c.line, c.column, c.abs);
        out.accept(new Finding(c.rule.rule.id(), c.rule.rule.kind(), severity, loc, provenance, c.secret,
                c.fingerprint(), account, ref));
    }

    static String fingerprint(String ruleId, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ruleId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

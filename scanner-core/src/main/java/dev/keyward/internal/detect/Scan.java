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

/** The state of one scan of one input. Not thread-safe; made and dropped per call. */
final class Scan {

    private static final byte[][] ALLOW_MARKERS = {
        "keyward:allow".getBytes(StandardCharsets.US_ASCII),
        "gitleaks:allow".getBytes(StandardCharsets.US_ASCII),
        "pragma: allowlist secret".getBytes(StandardCharsets.US_ASCII),
    };

    /** A match that passed its rule's checks, before pairing. */
    static final class Candidate {
        final CompiledRule rule;
        long abs;
        final String secret;
        final String account;
        int line;
        int column;
        Candidate pair;

        Candidate(CompiledRule rule, long abs, String secret, String account) {
            this.rule = rule;
            this.abs = abs;
            this.secret = secret;
            this.account = account;
        }
    }

    private final Engine eng;
    private final Provenance provenance;
    private final int depth;

    private byte[] buf;
    private long base;
    private int len;
    private long done;

    private long curPos;
    private int curLine = 1;
    private int curCol;

    private final long[] lastWinStart;
    private final long[] lastWinEnd;
    private final long[] lastPairStart;
    private final long[] lastPairEnd;
    private long lastB64Start = -1;
    private long lastB64End = -1;

    private final Map<String, Candidate> seen = new HashMap<>();
    final List<Candidate> candidates = new ArrayList<>();

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

    void run(InputStream in) throws IOException {
        buf = new byte[eng.chunkSize + Engine.BEFORE + Engine.AFTER + 64];
        boolean eof = false;
        while (!eof) {
            long keep = Math.max(base, done - Engine.BEFORE - 16);
            if (keep > base) {
                advanceCursor(keep);
                int shift = (int) (keep - base);
                System.arraycopy(buf, shift, buf, 0, len - shift);
                len -= shift;
                base = keep;
            }
            int n = in.read(buf, len, Math.min(eng.chunkSize, buf.length - len));
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
        }
    }

    /** Scans a whole array at once (used for decoded content). */
    void runBytes(byte[] content) {
        buf = content;
        base = 0;
        len = content.length;
        processRange(0, len);
        done = len;
    }

    private void processRange(long from, long to) {
        int i0 = (int) (from - base);
        int i1 = (int) (to - base);
        if (i1 <= i0) {
            return;
        }
        eng.prefilter.scan(buf, i0, i1, len, this::onHit);
        if (eng.lineRules.length > 0) {
            for (int i = i0; i < i1; i++) {
                if (base + i == 0 || buf[i - 1] == '\n') {
                    long p = base + i;
                    moveCursorNear(p);
                    long[] w = lineWindow(p);
                    for (CompiledRule r : eng.lineRules) {
                        runRegex(r, r.pattern, w[0], w[1], true);
                    }
                }
            }
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
        if (depth == 0 && p - Engine.BEFORE > curPos) {
            advanceCursor(p - Engine.BEFORE);
        }
    }

    /** Moves the line/column cursor forward to {@code to}, which must still be in the buffer. */
    private void advanceCursor(long to) {
        if (to <= curPos) {
            return;
        }
        int from = (int) (curPos - base);
        int end = (int) (to - base);
        int lines = 0;
        int lastNl = -1;
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                lines++;
                lastNl = i;
            }
        }
        int colFrom = from;
        if (lines > 0) {
            curLine += lines;
            curCol = 0;
            colFrom = lastNl + 1;
        }
        for (int i = colFrom; i < end; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                curCol++;
            }
        }
        curPos = to;
    }

    /** Line and 1-based column at {@code abs}, which must be at or after the cursor and in the buffer. */
    private int[] locate(long abs) {
        int line = curLine;
        int col = curCol;
        int end = (int) (abs - base);
        for (int i = (int) (curPos - base); i < end; i++) {
            byte b = buf[i];
            if (b == '\n') {
                line++;
                col = 0;
            } else if ((b & 0xC0) != 0x80) {
                col++;
            }
        }
        return new int[] {line, col + 1};
    }

    /** The line around {@code p}, at most {@link Engine#LINE_BACK} before and {@link Engine#LINE_FWD} after. */
    private long[] lineWindow(long p) {
        int i = (int) (p - base);
        int lo = Math.max(0, i - Engine.LINE_BACK);
        int s = i;
        while (s > lo && buf[s - 1] != '\n') {
            s--;
        }
        int hi = Math.min(len, i + Engine.LINE_FWD);
        int e = i;
        while (e < hi && buf[e] != '\n') {
            e++;
        }
        if (e > s && e < len && buf[e] == '\n' && buf[e - 1] == '\r') {
            e--;
        }
        return new long[] {base + s, base + e};
    }

    /** {@code lines} lines before and after the line of {@code p}, at most {@link Engine#PAIR_SPAN} each way. */
    private long[] pairWindow(long p, int lines) {
        int i = (int) (p - base);
        int lo = Math.max(0, i - Engine.PAIR_SPAN);
        int s = i;
        int seen = 0;
        while (s > lo) {
            if (buf[s - 1] == '\n' && ++seen > lines) {
                break;
            }
            s--;
        }
        int hi = Math.min(len, i + Engine.PAIR_SPAN);
        int e = i;
        seen = 0;
        while (e < hi) {
            if (buf[e] == '\n' && ++seen > lines) {
                break;
            }
            e++;
        }
        return new long[] {base + s, base + e};
    }

    // ---- rules ---------------------------------------------------------------------------------------------

    private void ruleAt(CompiledRule r, long p) {
        if (r.pattern == null) {
            return;
        }
        long[] w = lineWindow(p);
        if (w[0] == lastWinStart[r.index] && w[1] == lastWinEnd[r.index]) {
            return; // another keyword of the same rule on the same line
        }
        lastWinStart[r.index] = w[0];
        lastWinEnd[r.index] = w[1];
        runRegex(r, r.pattern, w[0], w[1], true);
    }

    private void pairAt(CompiledRule r, long p) {
        int i = (int) (p - base);
        int n = Math.min(64, len - i);
        byte[] head = Arrays.copyOfRange(buf, i, i + n);
        Matcher m = r.near.matcher(head);
        if (!m.lookingAt() || m.end() == 0) {
            return;
        }
        if (!Checks.boundaryBefore(buf, 0, i, true) || !Checks.boundaryAfter(buf, i + m.end(), len)) {
            return;
        }
        long[] w = pairWindow(p, r.pairLines);
        if (w[0] == lastPairStart[r.index] && w[1] == lastPairEnd[r.index]) {
            return;
        }
        lastPairStart[r.index] = w[0];
        lastPairEnd[r.index] = w[1];
        runRegex(r, r.pairRegex, w[0], w[1], false);
    }

    /** Runs a rule's regex over [ws, we) as written and, if it holds escapes, once more decoded. */
    private void runRegex(CompiledRule r, Pattern pattern, long ws, long we, boolean mainRegex) {
        int off = (int) (ws - base);
        byte[] w = Arrays.copyOfRange(buf, off, off + (int) (we - ws));
        matchIn(r, pattern, w, null, ws, mainRegex);
        Unescape u = Unescape.of(w);
        if (u != null) {
            matchIn(r, pattern, u.bytes, u.map, ws, mainRegex);
        }
    }

    private void matchIn(CompiledRule r, Pattern pattern, byte[] text, int[] map, long textAbs, boolean mainRegex) {
        Matcher m = pattern.matcher(text);
        int guard = 0;
        while (m.find() && guard++ < 100_000) {
            int g = mainRegex ? r.secretGroup(m) : 0;
            int s = m.start(g);
            int e = m.end(g);
            if (s < 0 || e <= s) {
                continue;
            }
            String value = new String(text, s, e - s, StandardCharsets.UTF_8);
            byte[] ctx;
            int cs;
            int ce;
            int hi;
            long abs;
            if (map == null) {
                ctx = buf;
                cs = (int) (textAbs - base) + s;
                ce = cs + (e - s);
                hi = len;
                abs = textAbs + s;
            } else {
                ctx = text;
                cs = s;
                ce = e;
                hi = text.length;
                abs = textAbs + map[s];
            }
            consider(r, value, abs, ctx, cs, ce, hi, m, text);
        }
    }

    private void consider(CompiledRule r, String value, long abs, byte[] ctx, int cs, int ce, int hi, Matcher m,
                          byte[] text) {
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
            case SECRET_KEY -> {
                if (!Checks.wholeToken(ctx, 0, cs, ce, hi)) {
                    return;
                }
                secret = Checks.secretKey(Unescape.percent(value));
            }
            case SESSION_TOKEN -> {
                if (!Checks.wholeToken(ctx, 0, cs, ce, hi)) {
                    return;
                }
                secret = Checks.sessionToken(Unescape.percent(value));
            }
            case ACCOUNT_ID -> secret = Checks.accountId(value);
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
        String match = new String(text, m.start(), m.end() - m.start(), StandardCharsets.UTF_8);
        if (r.allowlisted(secret, match, () -> lineText(abs), provenance.path())) {
            return;
        }
        if (eng.filter != null && eng.filter.drop(r.rule.id(), secret, match, () -> lineText(abs), provenance)) {
            return;
        }
        add(new Candidate(r, abs, secret, account));
    }

    private void add(Candidate c) {
        if (depth == 0) {
            if (allowedInline(c.abs)) {
                return;
            }
            int[] lc = locate(c.abs);
            c.line = lc[0];
            c.column = lc[1];
        }
        String key = c.rule.rule.kind() + "@" + c.abs;
        if (seen.putIfAbsent(key, c) == null) {
            candidates.add(c);
        }
    }

    private String lineText(long abs) {
        long[] w = lineWindow(Math.max(base, Math.min(abs, base + len - 1)));
        int off = (int) (w[0] - base);
        return new String(buf, off, (int) (w[1] - w[0]), StandardCharsets.UTF_8);
    }

    private boolean allowedInline(long abs) {
        long[] w = lineWindow(abs);
        int s = (int) (w[0] - base);
        int e = (int) (w[1] - base);
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

    private void base64At(long p) {
        if (depth > 0) {
            return;
        }
        int i = (int) (p - base);
        int lo = Math.max(0, i - Engine.B64_BACK);
        int s = i;
        while (s > lo && isB64Char(buf[s - 1] & 0xff)) {
            s--;
        }
        int hi = Math.min(len, i + Engine.B64_FWD);
        int e = i;
        while (e < hi && isB64Char(buf[e] & 0xff)) {
            e++;
        }
        if (base + s == lastB64Start && base + e == lastB64End) {
            return;
        }
        lastB64Start = base + s;
        lastB64End = base + e;
        int n = e - s;
        if (n < 20) {
            return;
        }
        char[] chars = new char[n - (n % 4 == 1 ? 1 : 0)];
        for (int k = 0; k < chars.length; k++) {
            char c = (char) (buf[s + k] & 0xff);
            chars[k] = c == '-' ? '+' : c == '_' ? '/' : c;
        }
        StringBuilder padded = new StringBuilder(chars.length + 2).append(chars);
        while (padded.length() % 4 != 0) {
            padded.append('=');
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(padded.toString());
        } catch (IllegalArgumentException ex) {
            return;
        }
        Scan inner = new Scan(eng, provenance, depth + 1);
        inner.runBytes(decoded);
        long runStart = base + s;
        for (Candidate c : inner.candidates) {
            c.abs = runStart + (c.abs * 4) / 3;
            add(c);
        }
    }

    // ---- pairing and output --------------------------------------------------------------------------------

    void finish(Consumer<Finding> out) {
        if (candidates.isEmpty()) {
            return;
        }
        candidates.sort(Comparator.comparingLong(c -> c.abs));
        List<Candidate> keys = new ArrayList<>();
        List<Candidate> secrets = new ArrayList<>();
        List<Candidate> tokens = new ArrayList<>();
        for (Candidate c : candidates) {
            switch (c.rule.check) {
                case KEY_ID -> {
                    if (AwsKeyId.isCredentialPrefix(c.secret.substring(0, 4))) {
                        keys.add(c);
                    }
                }
                case SECRET_KEY -> secrets.add(c);
                case SESSION_TOKEN -> tokens.add(c);
                default -> { }
            }
        }
        for (Candidate s : secrets) {
            s.pair = nearest(s, keys, s.rule.pairLines, null);
        }
        for (Candidate k : keys) {
            k.pair = nearest(k, secrets, k.rule.pairLines, null);
        }
        for (Candidate t : tokens) {
            t.pair = nearest(t, keys, t.rule.pairLines, "ASIA");
        }
        Map<Candidate, String> prints = new HashMap<>();
        for (Candidate c : candidates) {
            prints.put(c, fingerprint(c.rule.rule.id(), c.secret));
        }
        for (Candidate c : candidates) {
            Severity severity = c.rule.rule.severity();
            PairRef ref = null;
            String account = c.account;
            if (c.pair != null) {
                ref = new PairRef(c.pair.rule.rule.id(), c.pair.line, c.pair.column, prints.get(c.pair));
                if (c.rule.check != CompiledRule.Check.SESSION_TOKEN) {
                    severity = Severity.CRITICAL;
                }
                if (account == null) {
                    account = c.pair.account;
                }
            }
            Location loc = new Location(provenance.path(), c.line, c.column, c.abs);
            out.accept(new Finding(c.rule.rule.id(), c.rule.rule.kind(), severity, loc, provenance, c.secret,
                    prints.get(c), account, ref));
        }
    }

    /** The candidate in {@code among} nearest to {@code c} within {@code lines} lines, or null. */
    private static Candidate nearest(Candidate c, List<Candidate> among, int lines, String prefix) {
        Candidate best = null;
        long bestLines = Long.MAX_VALUE;
        long bestDist = Long.MAX_VALUE;
        int lo = 0;
        int hi = among.size();
        while (lo < hi) { // first with line >= c.line - lines
            int mid = (lo + hi) >>> 1;
            if (among.get(mid).line < c.line - lines) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < among.size(); i++) {
            Candidate o = among.get(i);
            if (o.line > c.line + lines) {
                break;
            }
            if (prefix != null && !o.secret.startsWith(prefix)) {
                continue;
            }
            long dl = Math.abs((long) o.line - c.line);
            long dist = Math.abs(o.abs - c.abs);
            if (dl < bestLines || (dl == bestLines && dist < bestDist)) {
                best = o;
                bestLines = dl;
                bestDist = dist;
            }
        }
        return best;
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

package dev.keyward.internal.detect;

import com.google.re2j.Pattern;
import java.util.Base64;

/**
 * One layer of base64: at the base64 form of a telling literal, the base64 run around it is decoded and scanned
 * by a scan of its own, whose candidates are mapped back to the encoded text. Keeps the last run found, so the
 * hits inside one run decode it once.
 */
final class Base64Layer {

    /** The base64 of 40 bytes. */
    private static final Pattern ENCODED_SECRET = Pattern.compile("[A-Za-z0-9+/]{54}==");

    private final Scan scan;
    private final Buffer in;
    private final LineIndex lines;
    private long runLo = Long.MIN_VALUE;
    private long runHi;
    private long runS;
    private long runE;
    private long lastStart = -1;
    private long lastEnd = -1;

    Base64Layer(Scan scan, Buffer in, LineIndex lines) {
        this.scan = scan;
        this.in = in;
        this.lines = lines;
    }

    private static boolean isB64Char(int b) {
        return Checks.isAlnum(b) || b == '+' || b == '/' || b == '-' || b == '_';
    }

    /** Decodes the base64 run around {@code p} and scans the result, once per run. */
    void at(long p) {
        byte[] buf = in.buf;
        long base = in.base;
        long k = LineIndex.block(p);
        long lo = Math.max(base, k - 2L * Engine.BLOCK);
        long hi = Math.min(in.end(), k + 3L * Engine.BLOCK);
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
        if (runS == lastStart && runE == lastEnd) {
            return;
        }
        lastStart = runS;
        lastEnd = runE;
        int s = (int) (runS - base);
        int n = (int) (runE - runS);
        if (n < 20) {
            return;
        }
        // Where the run was cut, its first character need not start a 4-character group: try each alignment.
        boolean cut = s > 0 && runS == lo && isB64Char(buf[s - 1] & 0xff);
        for (int align = 0; align < (cut ? 4 : 1); align++) {
            byte[] decoded = decode(buf, s + align, n - align);
            if (decoded == null) {
                continue;
            }
            long start = runS + align;
            boolean keyFound = false;
            for (Candidate c : scan.inner(decoded)) {
                c.abs = start + (c.abs * 4) / 3;
                keyFound |= c.isCredentialKey();
                scan.add(c);
            }
            CompiledRule secretRule = scan.engine().secretRule;
            if (keyFound && secretRule != null) {
                // A Secret's fields are encoded one by one: the secret key beside an encoded key ID is a field of
                // its own, whatever its name, and 40 bytes encode to 56 characters.
                lines.span(p, secretRule.pairLines, k - 2L * Engine.BLOCK, k + 3L * Engine.BLOCK);
                scan.rules().runRegex(secretRule, ENCODED_SECRET, lines.spanS, lines.spanE, false);
            }
        }
    }

    private static byte[] decode(byte[] buf, int s, int n) {
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
}

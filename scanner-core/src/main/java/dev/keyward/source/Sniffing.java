package dev.keyward.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The tests behind {@link Content#of}. Stateless. */
final class Sniffing {
    static final Content.Text UTF8 = new Content.Text(StandardCharsets.UTF_8, 0);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] LFS = "version https://git-lfs.github.com/spec/".getBytes(
            StandardCharsets.US_ASCII);

    private Sniffing() {
    }

    /** Whether any of the first {@code n} bytes is 0; eight at a time, as the head of every blob is tested. */
    static boolean hasNul(byte[] head, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONG_LE.get(head, i);
            if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0) {
                return true;
            }
        }
        for (; i < n; i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** UTF-16 by its byte-order mark, or null. */
    static Charset utf16(byte[] head, int n) {
        if (n >= 2) {
            if (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE) {
                return StandardCharsets.UTF_16LE;
            }
            if (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) {
                return StandardCharsets.UTF_16BE;
            }
        }
        return null;
    }

    /** Mostly-ASCII UTF-16 without a byte-order mark: NUL bytes all on one parity (binary has both), or null. */
    static Charset utf16WithoutBom(byte[] head, int n) {
        if (n < 16 || n % 2 != 0) {
            return null;
        }
        int evenNul = 0;
        int oddNul = 0;
        int pairs = n / 2;
        for (int i = 0; i < n; i += 2) {
            evenNul += head[i] == 0 ? 1 : 0;
            oddNul += head[i + 1] == 0 ? 1 : 0;
            int seen = i / 2 + 1;
            if ((seen - evenNul) * 4 > pairs && (seen - oddNul) * 4 > pairs) {
                return null; // neither half can reach 3/4 NULs now: ordinary text stops after a quarter
            }
        }
        if (evenNul == 0 && oddNul * 4 >= pairs * 3) {
            return StandardCharsets.UTF_16LE;
        }
        if (oddNul == 0 && evenNul * 4 >= pairs * 3) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    static boolean utf8Bom(byte[] head, int n) {
        return n >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF;
    }

    static boolean lfsPointer(byte[] b, int n) {
        if (n >= 1024 || n < LFS.length) {
            return false;
        }
        for (int i = 0; i < LFS.length; i++) {
            if (b[i] != LFS[i]) {
                return false;
            }
        }
        return true;
    }
}

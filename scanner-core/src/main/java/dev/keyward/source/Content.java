package dev.keyward.source;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a blob's head says about its content: text in a charset from an offset (past a byte-order mark), or a
 * reason to skip it. The one decoder every source uses, so a file, a staged blob and a blob of history with the
 * same bytes are treated the same.
 *
 * <ul>
 *   <li>A Git LFS pointer (a whole blob under 1 KiB that starts like one) is skipped: the content is elsewhere.</li>
 *   <li>A UTF-16 byte-order mark: UTF-16 text, from offset 2.</li>
 *   <li>A NUL byte in the first {@link #HEAD} bytes: binary, skipped, unless the NULs all fall on one side of
 *       each byte pair of mostly-ASCII text (UTF-16 without a byte-order mark, as some Windows tools write it).</li>
 *   <li>A UTF-8 byte-order mark: UTF-8 from offset 3, so columns on line 1 match what an editor shows.</li>
 *   <li>Anything else: UTF-8 (or ASCII-compatible bytes) from offset 0.</li>
 * </ul>
 */
public sealed interface Content permits Content.Text, Content.Skip {

    /** How much of a blob is looked at: a NUL in the first 8 KiB makes it binary. */
    int HEAD = 8192;

    /** Text: decode from {@code offset} in {@code charset}. */
    record Text(Charset charset, int offset) implements Content {
        public Text {
            Objects.requireNonNull(charset, "charset");
            if (offset < 0) {
                throw new IllegalArgumentException("offset < 0");
            }
        }

        /** Whether the bytes can be scanned as they are: UTF-8 with nothing to drop. */
        public boolean plain() {
            return offset == 0 && charset.equals(StandardCharsets.UTF_8);
        }
    }

    /** Not scanned, with the reason (as {@link dev.keyward.finding.Skipped} says it). */
    record Skip(String reason) implements Content {
        public Skip {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The reason given for a binary blob. */
    String BINARY = "binary (NUL byte in the first 8 KiB)";
    /** The reason given for a Git LFS pointer. */
    String LFS_POINTER = "Git LFS pointer: the content is not in the repository";

    /**
     * Decides from the first {@code n} bytes of {@code head}; {@code whole} says whether they are the whole blob
     * (only then can it be an LFS pointer).
     */
    static Content of(byte[] head, int n, boolean whole) {
        Charset bom = Sniffing.utf16(head, n);
        if (bom != null) {
            return new Text(bom, 2);
        }
        // Most blobs hold no NUL: then they are neither binary nor UTF-16 without a byte-order mark.
        if (Sniffing.hasNul(head, Math.min(n, HEAD))) {
            Charset noBom = Sniffing.utf16WithoutBom(head, Math.min(n, HEAD));
            return noBom != null ? new Text(noBom, 0) : new Skip(BINARY);
        }
        if (whole && Sniffing.lfsPointer(head, n)) {
            return new Skip(LFS_POINTER);
        }
        if (Sniffing.utf8Bom(head, n)) {
            return new Text(StandardCharsets.UTF_8, 3);
        }
        return Sniffing.UTF8;
    }
}

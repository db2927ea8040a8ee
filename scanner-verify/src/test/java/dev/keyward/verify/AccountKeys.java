package dev.keyward.verify;

import dev.keyward.TestKeys;
import dev.keyward.finding.AwsKeyId;
import java.util.Random;

/** Key IDs generated at run time that decode to a chosen account (the inverse of AwsKeyId.accountOf). */
public final class AccountKeys {

    private AccountKeys() {
    }

    public static String keyIdFor(Random r, String prefix, String account) {
        long acct = Long.parseLong(account);
        while (true) {
            // 80 bits: 1 free bit, 40 bits of account, 39 random bits.
            long high = ((long) r.nextInt(2) << 40 | acct) << 7 | r.nextInt(128); // top 48 bits
            long low = r.nextLong() & 0xFFFFFFFFL; // next 32 bits
            StringBuilder sb = new StringBuilder(prefix);
            for (int i = 0; i < 16; i++) {
                int shift = 75 - 5 * i; // bit offset of this 5-bit group from the right of 80
                int v;
                if (shift >= 32) {
                    v = (int) ((high >>> (shift - 32)) & 31);
                } else {
                    long both = (high << 32 | low);
                    v = (int) ((both >>> shift) & 31);
                }
                sb.append(TestKeys.BASE32.charAt(v));
            }
            String id = sb.toString();
            if (!AwsKeyId.isLegacy(id) && account.equals(AwsKeyId.accountOf(id))) {
                return id;
            }
        }
    }
}

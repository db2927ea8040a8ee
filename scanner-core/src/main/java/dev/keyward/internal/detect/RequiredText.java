package dev.keyward.internal.detect;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Text that every match of a built-in regex holds, written beside the regex: a window without it cannot match, so
 * RE2/J's NFA need not walk it. The JWT session-token rule shares its keywords with the session-token rule and
 * would otherwise run over every line holding a session token; its matches all hold {@code eyJ}. A regex not
 * listed here (any user's own) always runs. Stateless.
 */
final class RequiredText {

    private static final Map<String, String> BUILT_IN = Map.of(
            "(?i:(?:aws[_.-]?)?session[_.-]?token)(?:\\\\?[\"'])?\\s*(?:[:=]{1,2}>?|%3[Dd]|>)\\s*(?:\\\\?[\"'])?\\s*"
                    + "(eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,})",
            "eyJ",
            "(?i:appsync[_.-]?api[_.-]?key)(?:\\\\?[\"'])?\\s*(?:[:=]{1,2}>?|=>)\\s*(?:\\\\?[\"'])?\\s*"
                    + "(da2-[a-z0-9]{26})",
            "da2-");

    private RequiredText() {
    }

    /** The bytes every match of {@code regex} holds, or null when none is known. */
    static byte[] of(String regex) {
        String t = BUILT_IN.get(regex);
        return t == null ? null : t.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code text} holds {@code needle}. */
    static boolean in(byte[] text, byte[] needle) {
        return in(text, 0, text.length, needle);
    }

    /** Whether {@code text[from, to)} holds {@code needle}. */
    static boolean in(byte[] text, int from, int to, byte[] needle) {
        byte first = needle[0];
        outer:
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (text[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (text[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

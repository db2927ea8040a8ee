package dev.keyward.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated benchmark inputs, the same bytes for the same seed. Keys are random from a fixed seed (never real):
 * modern key IDs are a prefix and 16 base32 characters, secrets 40 base64 characters.
 */
public enum Corpus {

    /** Java-like source in which no rule keyword, key prefix or token opening occurs. */
    CLEAN,
    /** Java-like source with words such as session, security, account, secret at about the JDK's density. */
    SOURCE,
    /** Credential files: a key ID, a secret or a session token on nearly every line. */
    DENSE;

    /** Literals every rule's keywords, prefixes and openings start from; CLEAN holds none of them. */
    static final List<String> KEYWORDS = List.of("akia", "asia", "abia", "acca", "absk", "secret", "session",
            "security", "account", "amzn.mws.", "bedrock-api-key-", "iqojb3jpz2lux2vj", "fwogzxivyxdz",
            "fqogzxivyxdz", "aqodyxdz");

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static final String[] WORDS = {
        "value", "index", "count", "buffer", "result", "node", "list", "map", "entry", "key", "name", "type",
        "handler", "request", "response", "stream", "reader", "writer", "builder", "factory", "context", "config",
        "state", "queue", "element", "offset", "length", "size", "limit", "position", "target", "source", "channel",
        "thread", "lock", "timeout", "executor", "future", "task", "service", "provider", "manager", "loader",
        "module", "path", "file", "header", "body", "message", "event", "listener", "format", "parser", "token",
        "scanner", "matcher", "pattern", "charset", "decoder", "encoder", "cipher", "digest", "signature", "random",
        "permission", "policy", "principal", "subject", "realm", "domain", "cache", "pool", "socket", "address",
    };
    private static final String[] KEYWORD_WORDS = {
        "session", "Session", "SESSION", "security", "Security", "SecurityManager", "account", "Account",
        "accountName", "secretKey", "SecretKeySpec", "sessionId", "getSession", "securityContext",
    };
    private static final String[] TYPES = {
        "int", "long", "String", "Object", "byte[]", "List<String>", "Map<String, Object>", "boolean", "char",
    };

    /** {@code bytes} bytes (UTF-8, ASCII here) of this corpus from {@code seed}, cut at a line end. */
    public byte[] generate(long seed, int bytes) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(bytes + 512);
        while (sb.length() < bytes) {
            int mark = sb.length();
            switch (this) {
                case CLEAN -> sourceLine(sb, r, false);
                case SOURCE -> sourceLine(sb, r, true);
                default -> denseLine(sb, r);
            }
            if (this == CLEAN && holdsKeyword(sb.substring(mark))) {
                sb.setLength(mark); // a random hex run spelled a literal: draw the line again
            }
        }
        sb.setLength(bytes - 1);
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static boolean holdsKeyword(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return KEYWORDS.stream().anyMatch(lower::contains);
    }

    private static void sourceLine(StringBuilder sb, Random r, boolean keywords) {
        String w1 = word(r, keywords);
        String w2 = word(r, keywords);
        String w3 = word(r, keywords);
        int indent = 4 * (1 + r.nextInt(3));
        sb.append(" ".repeat(indent));
        switch (r.nextInt(10)) {
            case 0 -> sb.append("// Returns the ").append(w1).append(" of the ").append(w2)
                    .append(", or null when the ").append(w3).append(" is closed.");
            case 1 -> sb.append("private ").append(TYPES[r.nextInt(TYPES.length)]).append(' ').append(w1)
                    .append(cap(w2)).append(" = ").append(r.nextInt(100_000)).append(';');
            case 2 -> sb.append("for (int i = 0; i < ").append(w1).append(".size(); i++) {");
            case 3 -> sb.append("if (").append(w1).append(" == null || ").append(w2).append(".isEmpty()) {");
            case 4 -> sb.append("return ").append(w1).append('.').append("get").append(cap(w2)).append("();");
            case 5 -> sb.append("throw new IllegalStateException(\"").append(w1).append(' ').append(w2)
                    .append(" failed: \" + ").append(w3).append(");");
            case 6 -> sb.append("public ").append(TYPES[r.nextInt(TYPES.length)]).append(' ').append(w1)
                    .append(cap(w2)).append('(').append(TYPES[r.nextInt(TYPES.length)]).append(' ').append(w3)
                    .append(") {");
            case 7 -> sb.append('}');
            case 8 -> sb.append(" * @param ").append(w1).append(" the ").append(w2).append(" to use");
            default -> sb.append(w1).append('.').append(w2).append("(\"").append(hex(r, 8)).append("\", ")
                    .append(w3).append(");");
        }
        sb.append('\n');
    }

    private static String word(Random r, boolean keywords) {
        // About one keyword word per 40 lines: grep -ci over the JDK's sources finds one such line in 30..50.
        if (keywords && r.nextInt(120) == 0) {
            return KEYWORD_WORDS[r.nextInt(KEYWORD_WORDS.length)];
        }
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static void denseLine(StringBuilder sb, Random r) {
        switch (r.nextInt(6)) {
            case 0, 1 -> sb.append("aws_access_key_id = ").append(keyId(r, r.nextBoolean() ? "AKIA" : "ASIA"));
            case 2, 3 -> sb.append("aws_secret_access_key = ").append(secret(r));
            case 4 -> sb.append("aws_session_token = IQoJb3JpZ2luX2Vj").append(b64(r, 240));
            default -> sb.append("[profile ").append(WORDS[r.nextInt(WORDS.length)]).append(']');
        }
        sb.append('\n');
    }

    static String keyId(Random r, String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < 20) {
            char c = BASE32.charAt(r.nextInt(32));
            if (sb.length() == 4 && (c == 'I' || c == 'J')) {
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String secret(Random r) {
        String s;
        do {
            s = b64(r, 40);
        } while (!s.matches(".*[A-Z].*") || !s.matches(".*[a-z].*") || !s.matches(".*[0-9].*"));
        return s;
    }

    private static String b64(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(BASE64.charAt(r.nextInt(64)));
        }
        return sb.toString();
    }

    private static String hex(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}

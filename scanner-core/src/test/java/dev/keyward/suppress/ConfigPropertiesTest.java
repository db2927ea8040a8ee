package dev.keyward.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Scanner;
import dev.keyward.rules.RuleException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The config parser returns a usable config or a {@link RuleException} naming the file (and the rule and field
 * it is about), and nothing else, whatever it is given.
 */
class ConfigPropertiesTest {

    private static final String ORIGIN = "fuzz.toml";

    @Property(tries = 1000)
    void arbitraryTextGivesAConfigOrAClearError(@ForAll("text") String text) {
        check(text);
    }

    @Property(tries = 1500)
    void arbitraryTomlStructuresGiveAConfigOrAClearError(@ForAll("documents") Map<String, Object> doc) {
        Statistics.label("outcome").collect(check(toToml(doc)));
        // Both outcomes must be common, or the generator tests nothing interesting.
        Statistics.label("outcome").coverage(c -> {
            c.check("config").percentage(p -> p > 5);
            c.check("rule error").percentage(p -> p > 5);
        });
    }

    private static String check(String toml) {
        Config config;
        try {
            config = Config.parse(toml, ORIGIN, null);
        } catch (RuleException e) {
            assertThat(e.getMessage()).startsWith(ORIGIN + ": ");
            assertThat(e.origin()).isEqualTo(ORIGIN);
            if (e.ruleId() != null) {
                assertThat(e.getMessage()).contains("rule '" + e.ruleId() + "'");
            }
            if (e.field() != null) {
                assertThat(e.getMessage()).contains("field '" + e.field() + "'");
            }
            return e.ruleId() != null ? "rule error" : "file error";
        }
        // A config that parsed is usable: a scanner builds and scans with it.
        Scanner scanner = Scanner.builder().config(config).build();
        scanner.scan("acme_1234 secret = x AKIA test line\n".getBytes(StandardCharsets.UTF_8), "probe.txt");
        assertThat(config.warnings()).allSatisfy(w -> assertThat(w).startsWith(ORIGIN));
        return "config";
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> tomlish = Arbitraries.strings()
                .withChars("[]{}=\"'\n .,#:abcdeiglrstuwx_-0123456789\\*+?()")
                .ofMaxLength(200);
        Arbitrary<String> lines = Arbitraries.of("[[rules]]", "[rules.allowlist]", "[[rules.allowlists]]",
                        "[allowlist]", "[[allowlists]]", "[extend]", "id = \"r\"", "id = 3", "regex = '''(a+)+$'''",
                        "regex = '''('''", "secretGroup = 1", "secretGroup = -1", "entropy = 9", "keywords = [\"a\"]",
                        "paths = ['''x''']", "globs = [\"[\"]", "commits = [\"abc\"]", "useDefault = true",
                        "disabledRules = \"aws-account-id\"", "enabledRules = [\"zzz\"]", "condition = \"AND\"",
                        "regexTarget = \"line\"", "stopwords = [1]", "rules = 1", "allowlist = []", "\"\" = 1", "x.y = 2")
                .list().ofMaxSize(14).map(l -> String.join("\n", l));
        return Arbitraries.oneOf(any, tomlish, lines);
    }

    // ---- TOML-ish structures: nested tables of plausible and implausible keys and values ----------------------

    private static final List<String> TOP_KEYS = List.of("title", "extend", "rules", "allowlist", "allowlists", "junk");
    private static final List<String> RULE_KEYS = List.of("id", "description", "regex", "secretGroup", "keywords",
            "entropy", "severity", "kind", "enabled", "validate", "allowlist", "allowlists", "path", "examples",
            "negativeExamples", "pairing", "skipReport", "tags", "required", "junk");
    private static final List<String> ALLOW_KEYS = List.of("description", "paths", "globs", "regexes",
            "regexTarget", "stopwords", "commits", "condition", "targetRules", "junk");
    private static final List<String> EXTEND_KEYS = List.of("useDefault", "disabledRules", "enabledRules", "path");
    private static final List<String> PAIRING_KEYS = List.of("near", "nearKeywords", "lines", "regex");

    private static final List<String> STRINGS = List.of("", "r1", "r2", "aws-access-key-id", "aws-iam-unique-id",
            "acme_[a-z]{4}", "(a+)+$", "(", "[z-a]", "a{2,1}", "(?P<n>x)", "\\b(AKIA[A-Z0-9]{16})\\b", "(?i)secret",
            "a(b)(c)", "**/*.lock", "[abc", "{a,b", "vendor/", "AND", "OR", "and", "secret", "match", "line", "high",
            "critical", "nope", "aws-key-id", "aws-secret-key", "none", "9f1c2d3e4b5a", "xyz", "acme", "\u0000",
            "\uD83D\uDE00", "\\", "\"", "'''", "\n");

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        // Built from a seed with plain Random: jqwik's edge-case search over nested combinators explodes.
        return Arbitraries.longs().map(seed -> table(new Random(seed), TOP_KEYS, 0));
    }

    private static Map<String, Object> table(Random r, List<String> keys, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(keys.size() + 1);
        for (int i = 0; i < n; i++) {
            String k = keys.get(r.nextInt(keys.size()));
            m.put(k, r.nextInt(9) == 0 ? anyValue(r, depth + 1) : shapedValue(r, k, depth));
        }
        return m;
    }

    private static Object shapedValue(Random r, String key, int depth) {
        if (depth > 3) {
            return scalar(r);
        }
        return switch (key) {
            case "rules" -> list(r, 3, () -> table(r, RULE_KEYS, depth + 1));
            case "allowlist" -> table(r, ALLOW_KEYS, depth + 1);
            case "pairing" -> table(r, PAIRING_KEYS, depth + 1);
            case "allowlists", "required" -> list(r, 2, () -> table(r, ALLOW_KEYS, depth + 1));
            case "extend" -> table(r, EXTEND_KEYS, depth + 1);
            case "keywords", "paths", "globs", "regexes", "stopwords", "commits", "targetRules", "examples",
                    "negativeExamples", "disabledRules", "enabledRules", "nearKeywords", "tags" ->
                    list(r, 3, () -> STRINGS.get(r.nextInt(STRINGS.size())));
            default -> scalar(r);
        };
    }

    private static Object anyValue(Random r, int depth) {
        int pick = depth > 3 ? 0 : r.nextInt(9);
        if (pick < 6) {
            return scalar(r);
        }
        if (pick < 8) {
            return list(r, 3, () -> anyValue(r, depth + 1));
        }
        return table(r, RULE_KEYS, depth + 1);
    }

    private static List<Object> list(Random r, int max, java.util.function.Supplier<Object> element) {
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            l.add(element.get());
        }
        return l;
    }

    private static Object scalar(Random r) {
        return switch (r.nextInt(5)) {
            case 0, 1 -> STRINGS.get(r.nextInt(STRINGS.size()));
            case 2 -> new long[] {-1, 0, 1, 2, 5, 51, 4_000_000_000L}[r.nextInt(7)];
            case 3 -> new double[] {0.0, 2.5, 3.5, 8.0, 9.5, -1.0}[r.nextInt(6)];
            default -> r.nextBoolean();
        };
    }

    /** Writes a document with inline tables and arrays, which TOML allows for every shape generated here. */
    static String toToml(Map<String, Object> doc) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            sb.append(key(e.getKey())).append(" = ");
            value(e.getValue(), sb);
            sb.append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void value(Object v, StringBuilder sb) {
        if (v instanceof String s) {
            sb.append(quote(s));
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                sb.append(first ? " " : ", ").append(key(e.getKey())).append(" = ");
                value(e.getValue(), sb);
                first = false;
            }
            sb.append(" }");
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                value(l.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    private static String key(String k) {
        return k.matches("[A-Za-z0-9_-]+") ? k : quote(k);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }
}

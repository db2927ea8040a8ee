package dev.keyward.bench;

import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline: the same rules done the plain way with {@code java.util.regex}. The bytes are decoded to a String,
 * every enabled rule's regex runs over the whole text, and every key-ID-shaped word found by a rule's pairing
 * {@code near} regex has the pairing regex run over its surrounding lines. No prefilter, no checks: it counts
 * matches, so it does strictly less than the engine after the regexes. Immutable, thread-safe.
 */
public final class RegexBaseline {

    private record Compiled(Pattern main, Pattern near, Pattern pair, int lines) {
    }

    private final List<Compiled> rules = new ArrayList<>();

    public RegexBaseline(RuleSet ruleSet) {
        for (Rule r : ruleSet.rules()) {
            if (!r.enabled()) {
                continue;
            }
            Rule.Pairing p = r.pairing();
            rules.add(new Compiled(r.regex().isEmpty() ? null : Pattern.compile(r.regex()),
                    p == null ? null : Pattern.compile(p.near()), p == null ? null : Pattern.compile(p.regex()),
                    p == null ? 0 : p.lines()));
        }
    }

    /** Number of regex matches in {@code content}. */
    public int scan(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        int found = 0;
        for (Compiled c : rules) {
            if (c.main != null) {
                Matcher m = c.main.matcher(text);
                while (m.find()) {
                    found++;
                }
            }
            if (c.near != null) {
                Matcher m = c.near.matcher(text);
                while (m.find()) {
                    int from = m.start();
                    int to = m.end();
                    for (int k = 0; k <= c.lines && from > 0; k++) {
                        from = text.lastIndexOf('\n', from - 1);
                        from = from < 0 ? 0 : from;
                    }
                    for (int k = 0; k <= c.lines && to >= 0 && to < text.length(); k++) {
                        to = text.indexOf('\n', to + 1);
                    }
                    Matcher pm = c.pair.matcher(text).region(from, to < 0 ? text.length() : to);
                    while (pm.find()) {
                        found++;
                    }
                }
            }
        }
        return found;
    }
}

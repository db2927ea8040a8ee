package dev.keyward.internal.detect;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The detection engine: enabled rules compiled once, with one literal prefilter over all their keywords.
 * Immutable and safe to share between threads; each call to {@link #scan} keeps its own state.
 *
 * <p>Input is read in chunks of {@code chunkSize} bytes, keeping {@link #BEFORE} bytes behind and
 * {@link #AFTER} bytes ahead of the scan position. Every window a rule looks at is cut on a fixed grid around the
 * hit that opened it, so it is the same whatever the chunk size; findings are passed on as soon as nothing later can
 * change them, so memory stays flat however long the input.
 */
public final class Engine {

    public static final int DEFAULT_CHUNK = 1 << 20;

    /**
     * Windows are cut on a grid of blocks of this many bytes: every hit in the same block of a long line gets the
     * same window, so a line packed with keywords costs a few passes over it, not one per keyword.
     */
    static final int BLOCK = 2048;
    /** The farthest before the hit that finds it a match can start. */
    static final int LOOKBACK = 3 * BLOCK;
    /** The farthest apart (in bytes) the two halves of a pair may start. */
    static final int PAIR_BYTES = 3 * BLOCK;
    /** Bytes kept behind the scan position: a match's look-back plus the line it sits on. */
    public static final int BEFORE = 5 * BLOCK + 64;
    /** Bytes read ahead of the scan position: a window's reach plus the line of a match at its end. */
    public static final int AFTER = 5 * BLOCK + 64;

    static final int ACT_RULE = 0;
    static final int ACT_PAIR = 1;
    static final int ACT_B64 = 2;

    /** Prefixes whose base64 form sends the surrounding base64 run through one layer of decoding. */
    private static final List<String> B64_ANCHORED = List.of("AKIA", "ASIA", "ABIA", "ACCA", "aws_", "AWS_");

    final CompiledRule[] rules;
    /** How many distinct kinds the rules have. */
    final int kinds;
    /** The largest pairing reach, in lines, of any rule. */
    final int pairLines;
    final CompiledRule[] lineRules;
    /** The secret-key rule, if enabled: base64 fields beside a base64-encoded key ID are tried as its secrets. */
    final CompiledRule secretRule;
    final Prefilter prefilter;
    final int[][] actions;
    final int chunkSize;
    final MatchFilter filter;

    /**
     * Decides, for each match that passed its rule's own checks and allowlist, whether to drop it before pairing.
     * Set from a config's allowlists; must be thread-safe.
     */
    @FunctionalInterface
    public interface MatchFilter {
        boolean drop(String ruleId, String secret, String match, Supplier<String> line, Provenance provenance);
    }

    /**
     * @param ruleSet   the rules; only enabled ones are compiled
     * @param chunkSize bytes read at a time, at least 1
     */
    public Engine(RuleSet ruleSet, int chunkSize) {
        this(ruleSet, chunkSize, null);
    }

    /**
     * @param ruleSet   the rules; only enabled ones are compiled
     * @param chunkSize bytes read at a time, at least 1
     * @param filter    drops matches before pairing, or null
     */
    public Engine(RuleSet ruleSet, int chunkSize, MatchFilter filter) {
        this.filter = filter;
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1");
        }
        this.chunkSize = chunkSize;
        List<CompiledRule> enabled = new ArrayList<>();
        Map<String, Integer> kindIds = new LinkedHashMap<>();
        for (Rule r : ruleSet.rules()) {
            if (r.enabled()) {
                int kind = kindIds.computeIfAbsent(r.kind(), k -> kindIds.size());
                enabled.add(new CompiledRule(r, enabled.size(), kind));
            }
        }
        rules = enabled.toArray(CompiledRule[]::new);
        kinds = Math.max(1, kindIds.size());
        int lines = 0;
        for (CompiledRule cr : rules) {
            lines = Math.max(lines, cr.pairLines);
        }
        pairLines = lines;

        Map<String, List<Integer>> byLiteral = new LinkedHashMap<>();
        List<CompiledRule> keywordless = new ArrayList<>();
        boolean anyAws = false;
        for (CompiledRule cr : rules) {
            Rule r = cr.rule;
            anyAws |= cr.check != CompiledRule.Check.NONE;
            if (cr.pattern != null) {
                List<String> usable = r.keywords().stream().filter(k -> k.getBytes(StandardCharsets.UTF_8).length >= 2)
                        .toList();
                if (usable.size() < r.keywords().size() || usable.isEmpty()) {
                    keywordless.add(cr); // a keyword too short to filter on cannot narrow where the regex runs
                } else {
                    for (String k : usable) {
                        byLiteral.computeIfAbsent("i" + k, x -> new ArrayList<>()).add(action(ACT_RULE, cr.index));
                    }
                }
            }
            if (r.pairing() != null) {
                for (String k : r.pairing().nearKeywords()) {
                    if (k.getBytes(StandardCharsets.UTF_8).length >= 2) {
                        byLiteral.computeIfAbsent("s" + k, x -> new ArrayList<>()).add(action(ACT_PAIR, cr.index));
                    }
                }
            }
        }
        if (anyAws) {
            for (String prefix : B64_ANCHORED) {
                for (String enc : base64Forms(prefix)) {
                    byLiteral.computeIfAbsent("s" + enc, x -> new ArrayList<>()).add(action(ACT_B64, 0));
                }
            }
        }
        lineRules = keywordless.toArray(CompiledRule[]::new);
        CompiledRule secret = null;
        for (CompiledRule cr : rules) {
            if (cr.check == CompiledRule.Check.SECRET_KEY && secret == null) {
                secret = cr;
            }
        }
        secretRule = secret;
        List<String> lits = new ArrayList<>();
        List<Boolean> ci = new ArrayList<>();
        actions = new int[byLiteral.size()][];
        int n = 0;
        for (Map.Entry<String, List<Integer>> e : byLiteral.entrySet()) {
            lits.add(e.getKey().substring(1));
            ci.add(e.getKey().charAt(0) == 'i');
            actions[n++] = e.getValue().stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        prefilter = new Prefilter(lits, ci);
    }

    private static int action(int type, int rule) {
        return (type << 24) | rule;
    }

    /**
     * The parts of the base64 encoding of {@code literal} that do not depend on the bytes around it, for each of
     * the three alignments it can have in a base64 run.
     */
    static List<String> base64Forms(String literal) {
        byte[] lit = literal.getBytes(StandardCharsets.US_ASCII);
        List<String> out = new ArrayList<>();
        for (int align = 0; align < 3; align++) {
            byte[] raw = new byte[align + lit.length + 3];
            System.arraycopy(lit, 0, raw, align, lit.length);
            String enc = Base64.getEncoder().encodeToString(raw);
            int firstBit = 8 * align;
            int endBit = 8 * (align + lit.length);
            int from = (firstBit + 5) / 6;
            int to = endBit / 6; // exclusive: chars whose 6 bits all lie inside the literal
            out.add(enc.substring(from, to));
        }
        return out;
    }

    /** Scans a stream to its end (it is not closed) and passes each finding to {@code out}, in offset order. */
    public void scan(InputStream in, Provenance provenance, Consumer<Finding> out) throws IOException {
        new Scan(this, provenance, 0).run(in, out);
    }

    /**
     * Scans {@code content[0, length)} where it lies (no copy; the array is only read, and not kept) and passes
     * each finding to {@code out}, in offset order.
     */
    public void scan(byte[] content, int length, Provenance provenance, Consumer<Finding> out) {
        new Scan(this, provenance, 0).runWhole(content, length, out);
    }

    /** Scans bytes and returns the findings in offset order. */
    public List<Finding> scan(byte[] content, Provenance provenance) {
        List<Finding> out = new ArrayList<>();
        scan(content, content.length, provenance, out::add);
        return out;
    }

    /** Bytes consumed by the last byte count seen; used for stats by callers that count their own. */
    public int chunkSize() {
        return chunkSize;
    }
}

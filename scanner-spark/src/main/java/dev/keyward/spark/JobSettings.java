package dev.keyward.spark;

import dev.keyward.Scanner;
import dev.keyward.source.HistoryOptions;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every task of a job needs, shipped to the executors once (as a broadcast): the config and baseline as text
 * (each executor builds its own scanner from them), the history settings, where mirrors are staged, and how big a
 * scan range is.
 *
 * @param configText       the config's TOML, or null for the default rules
 * @param configName       its file name, for messages
 * @param baselineText     the baseline's JSON, or null
 * @param baselineName     its file name, for messages
 * @param maxBlobSize      blobs larger than this are skipped and listed
 * @param pullRequests     whether {@code refs/pull/*} is mirrored and scanned
 * @param staging          the Hadoop file system URI under which mirrors are staged ({@code file:///...} on one
 *                         machine)
 * @param rangeBytes       about how many blob bytes one scan task reads
 * @param now              "now" for days exposed, fixed once on the driver so every task agrees
 * @param failFirstAttempt test switch: the first attempt of the first scan task fails after its work
 */
public record JobSettings(String configText, String configName, String baselineText, String baselineName,
                          long maxBlobSize, boolean pullRequests, String staging, long rangeBytes, Instant now,
                          boolean failFirstAttempt) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The entry beside a repository's ref tips that holds the settings it was walked under (no ref has a colon). */
    static final String SETTINGS = "keyward:settings";

    /** The default range: 256 MiB of blobs. */
    public static final long RANGE_BYTES = 256L * 1024 * 1024;

    // One scanner per executor JVM and rules: building one compiles every rule, and a scanner is thread-safe.
    private static final ConcurrentHashMap<String, Scanner> SCANNERS = new ConcurrentHashMap<>();

    /** The scanner of these rules, built once per JVM. */
    public Scanner scanner() {
        return SCANNERS.computeIfAbsent(rulesHash(), k -> {
            Scanner.Builder b = Scanner.builder().threads(1);
            if (configText != null) {
                b.config(Config.parse(configText, configName, null));
            }
            if (baselineText != null) {
                b.baseline(Baseline.parse(baselineText, baselineName));
            }
            return b.build();
        });
    }

    /** How each task walks and reads: every ref (or the mirror's refs of a repository), one thread. */
    public HistoryOptions history() {
        return HistoryOptions.defaults().withThreads(1).withMaxBlobSize(maxBlobSize)
                .withClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    /** What a repository's walk depends on besides its ref tips: the rules and which refs are read. */
    String tipsKey() {
        return rulesHash() + "|pullRequests=" + pullRequests;
    }

    /** A hash of the rules and suppression in force; a blob is scanned again when it changes. */
    public String rulesHash() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {"keyward-spark/1", configText, baselineText, Long.toString(maxBlobSize)}) {
                d.update((s == null ? "\0null" : s).getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

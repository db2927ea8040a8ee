package dev.keyward.cli;

import dev.keyward.finding.Finding;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Verification;
import dev.keyward.report.Report;
import dev.keyward.suppress.Config;
import dev.keyward.verify.Verifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --verify[=deep]} for the scanning commands, and {@link #verifyAll}, which pairs a run's findings and
 * verifies each pair once. Off by default: without {@code --verify} nothing touches the network.
 */
final class VerifyMixin {

    /** The kinds of key ID ever sent to AWS; every other kind (S3-compatible keys, ...) never is. */
    static final String KEY_KIND = "aws-access-key-id";
    static final String A3T_KIND = "aws-a3t-key-id";
    static final String SECRET_KIND = "aws-secret-access-key";
    static final String TOKEN_KIND = "aws-session-token";

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verify", arity = "0..1", fallbackValue = "on", paramLabel = "deep",
            preprocessor = AttachedValueOnly.class,
            description = "Check each found key ID + secret (+ session token) with AWS STS GetCallerIdentity: "
                    + "live, invalid, wrong-secret, expired, canary (never sent) or unverified. '--verify=deep' "
                    + "also reads what a live key may do (read-only IAM calls) and, with your own credentials, "
                    + "when it was last used.")
    String verify;

    @Mixin
    AwsMixin aws;

    /**
     * {@code --verify} takes its value only attached ({@code --verify=deep}), so that {@code scan --verify .}
     * keeps {@code .} as the path to scan.
     */
    static final class AttachedValueOnly implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, CommandLine.Model.CommandSpec commandSpec,
                                  CommandLine.Model.ArgSpec argSpec, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("on"); // as if --verify=on
            }
            return false;
        }
    }

    /** True when {@code --verify} was given. */
    boolean enabled() {
        check();
        return verify != null;
    }

    /** True for {@code --verify=deep}. */
    boolean deep() {
        check();
        return "deep".equals(verify);
    }

    /** Checks {@code --verify}'s value; call it before scanning. */
    void begin() {
        check();
    }

    private void check() {
        if (verify != null && !verify.equals("on") && !verify.equals("deep")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--verify takes no value or 'deep', not '" + verify + "'");
        }
    }

    /**
     * With {@code --verify}: the report with every credential pair among its findings verified once (one result
     * serves every report written from it), except pairs of an account in {@code ignored}, which are not sent
     * and are {@code unverified} with that reason. Without: the report unchanged, and nothing sent anywhere.
     */
    Report apply(Report report, Set<String> ignored) {
        if (!enabled()) {
            return report;
        }
        List<Finding> all = report.result().findings();
        Set<String> leftAlone = new HashSet<>();
        for (Finding f : all) {
            if (isKey(f) && f.accountId() != null && ignored.contains(f.accountId())) {
                leftAlone.add(f.fingerprint());
            }
        }
        List<Finding> sent = new ArrayList<>();
        Map<String, Verification> out = new LinkedHashMap<>();
        for (Finding f : all) {
            boolean alone = leftAlone.contains(f.fingerprint())
                    || f.pairedWith() != null && leftAlone.contains(f.pairedWith().fingerprint());
            if (!alone) {
                sent.add(f);
                continue;
            }
            String account = f.accountId();
            if (account == null) {
                account = all.stream().filter(k -> k.fingerprint().equals(f.pairedWith().fingerprint()))
                        .map(Finding::accountId).findFirst().orElse(null);
            }
            out.put(f.fingerprint(), Verification.unverified(account, "account " + account
                    + " is in [accounts] ignore of the config: nothing was sent"));
        }
        if (sent.stream().anyMatch(VerifyMixin::isKey)) {
            try (Verifier verifier = verifier()) {
                // A fingerprint also seen in a pair that was sent keeps the answer AWS gave.
                out.putAll(verifyAll(sent, verifier));
            }
        }
        return out.isEmpty() ? report : report.withVerifications(out);
    }

    /**
     * The report as every format writes it: verified as {@link #apply(Report, Set)} says (leaving the config's
     * {@code [accounts] ignore} alone), then tagged with the config's {@code [accounts]}.
     */
    Report apply(Report report, Config config) {
        return apply(report, config.ignoredAccounts()).withAccounts(config.ownAccounts(), config.ignoredAccounts());
    }

    /** The verifier these options describe (close it after the run). */
    Verifier verifier() {
        boolean d = deep();
        return aws.verifier().deep(d).ownCredentials(d ? aws.own() : null).build();
    }

    /**
     * Verifies every credential among {@code findings}, each pair once: a key ID with the secret it is paired with
     * ({@link Finding#pairedWith()}) and, for an {@code ASIA} key, the session token that names it. A key ID without
     * a secret is still looked at (it may be a canary) but not sent. Only {@value #KEY_KIND} and
     * {@value #A3T_KIND} findings are ever sent, each with a secret of kind {@value #SECRET_KIND} (a secret paired
     * with a look-alike ID has the look-alike's kind, so it never is).
     *
     * @return by fingerprint, the verification of every key ID, secret and session token that was part of a pair
     *         (a key ID seen with several secrets gets the most telling result: live first)
     */
    static Map<String, Verification> verifyAll(List<Finding> findings, Verifier verifier) {
        Map<String, Finding> byFingerprint = new HashMap<>();
        Map<String, String> tokenOf = new HashMap<>(); // key fingerprint -> session token
        Map<String, String> tokenFingerprintOf = new HashMap<>();
        for (Finding f : findings) {
            byFingerprint.putIfAbsent(f.fingerprint(), f);
            if (f.kind().equals(TOKEN_KIND) && f.pairedWith() != null) {
                tokenOf.putIfAbsent(f.pairedWith().fingerprint(), f.secret());
                tokenFingerprintOf.putIfAbsent(f.pairedWith().fingerprint(), f.fingerprint());
            }
        }
        // One job per distinct (key, secret) pair; the verifier's own memo keeps repeats from being sent twice.
        Map<String, Job> jobs = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (!isKey(f)) {
                continue;
            }
            Finding secret = mate(f, byFingerprint);
            String token = f.secret().startsWith("ASIA") ? tokenOf.get(f.fingerprint()) : null;
            List<String> covers = new ArrayList<>();
            covers.add(f.fingerprint());
            if (secret != null) {
                covers.add(secret.fingerprint());
            }
            if (token != null) {
                covers.add(tokenFingerprintOf.get(f.fingerprint()));
            }
            String jobKey = f.fingerprint() + "/" + (secret == null ? "" : secret.fingerprint());
            jobs.putIfAbsent(jobKey, new Job(f.secret(), secret == null ? null : secret.secret(), token, covers));
        }
        Map<String, Verification> out = new LinkedHashMap<>();
        if (jobs.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, jobs.size()), r -> {
            Thread t = new Thread(r, "keyward-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Verification>> results = new ArrayList<>();
            for (Job j : jobs.values()) {
                results.add(pool.submit(() -> verifier.verify(j.keyId, j.secret, j.token)));
            }
            int i = 0;
            for (Job j : jobs.values()) {
                Verification v = get(results.get(i++));
                for (String fp : j.covers) {
                    out.merge(fp, v, (a, b) -> rank(b) > rank(a) ? b : a);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Whether a finding is an AWS key ID that may be sent (with its secret) to STS. */
    static boolean isKey(Finding f) {
        return f.kind().equals(KEY_KIND) || f.kind().equals(A3T_KIND);
    }

    private record Job(String keyId, String secret, String token, List<String> covers) {
    }

    /** The secret a key ID is paired with, or null. */
    private static Finding mate(Finding key, Map<String, Finding> byFingerprint) {
        PairRef p = key.pairedWith();
        if (p == null) {
            return null;
        }
        Finding other = byFingerprint.get(p.fingerprint());
        return other != null && other.kind().equals(SECRET_KIND) ? other : null;
    }

    private static Verification get(Future<Verification> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verification.unverified(null, "interrupted");
        } catch (ExecutionException e) {
            return Verification.unverified(null, "internal error (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    /** Which of two results for one finding says most: live, then expired, wrong-secret, invalid, canary. */
    private static int rank(Verification v) {
        return switch (v.status()) {
            case Verification.LIVE -> 5;
            case Verification.EXPIRED -> 4;
            case Verification.WRONG_SECRET -> 3;
            case Verification.INVALID -> 2;
            case Verification.CANARY -> 1;
            default -> 0;
        };
    }
}

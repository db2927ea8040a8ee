package dev.keyward;

import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.internal.detect.Engine;
import dev.keyward.internal.suppress.Suppression;
import dev.keyward.rules.RuleSet;
import dev.keyward.source.Blob;
import dev.keyward.source.Content;
import dev.keyward.source.FileOptions;
import dev.keyward.source.History;
import dev.keyward.source.HistoryInventory;
import dev.keyward.source.HistoryOptions;
import dev.keyward.source.ScanException;
import dev.keyward.source.Source;
import dev.keyward.source.Sources;
import dev.keyward.source.StagedOptions;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point: finds AWS credentials in bytes, streams, files and folders, the Git index and history, or any
 * {@link Source}. Every scan goes through {@link #scan(Source, ScanListener)}.
 *
 * <pre>{@code
 * Scanner scanner = Scanner.builder().build();          // the default AWS rules
 * ScanResult result = scanner.scan(Path.of("src"));     // a file or a folder
 * for (Finding f : result.findings()) { ... }
 * }</pre>
 *
 * <p>A {@code Scanner} is immutable and thread-safe: build it once and share it. No method prints, exits or
 * throws for unreadable input; what cannot be read becomes a {@link ScanError} in the result and the scan goes on.
 */
public final class Scanner {

    private final RuleSet rules;
    private final Engine engine;
    private final FileOptions fileOptions;
    private final Suppression suppression;

    private Scanner(Builder b) {
        RuleSet base = b.config.rulesOver(b.rules);
        Set<String> enable = new HashSet<>(b.config.enabledRules());
        enable.addAll(b.enable);
        Set<String> disable = new HashSet<>();
        for (String id : b.config.disabledRules()) {
            if (base.rule(id).isPresent() && !b.enable.contains(id)) {
                disable.add(id); // unknown ids are the config's warning, not an error
            }
        }
        enable.removeAll(disable);
        disable.addAll(b.disable);
        enable.removeAll(b.disable);
        this.rules = base.withEnabled(enable, disable);
        this.suppression = new Suppression(b.config, b.baseline);
        this.engine = new Engine(this.rules, b.chunkSize, suppression.filtersMatches() ? suppression : null);
        this.fileOptions = new FileOptions(b.respectIgnoreFiles, b.followSymlinks, b.maxFileSize, b.threads);
    }

    /** A builder with the default AWS rules and settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rules in force, each marked on or off. */
    public RuleSet rules() {
        return rules;
    }

    /**
     * The one path from any source to findings: every blob the source yields is decoded ({@link Content}),
     * scanned and reported to {@code listener}, each finding as soon as nothing later in the blob can change it
     * (a few KiB past it, not at the end), so memory stays flat however long a blob is. The config's allowlists
     * and the baseline apply the same to every source: a blob whose path or commit is allowlisted is not read at
     * all (nor reported as scanned), and findings the baseline accepts go to {@link ScanListener#baselined}.
     * Calls to the listener come from the source's threads.
     */
    public void scan(Source source, ScanListener listener) {
        Objects.requireNonNull(source, "source");
        source.feed(new ScanSink(engine, suppression, Objects.requireNonNull(listener, "listener")));
    }

    /** Scans bytes, reported under {@code path}. */
    public ScanResult scan(byte[] content, String path) {
        ScanCollector c = new ScanCollector();
        scan(Sources.bytes(content, path), c);
        return oneItem(c.result());
    }

    /**
     * Scans a stream to its end, reported under {@code path}. The stream is not closed. A read error becomes a
     * {@link ScanError}; findings before it are kept.
     */
    public ScanResult scan(InputStream in, String path) {
        ScanCollector c = new ScanCollector();
        scan(Sources.stream(in, path), c);
        return oneItem(c.result());
    }

    /** One stream is one item, even when an allowlist kept it from being read. */
    private static ScanResult oneItem(ScanResult r) {
        return new ScanResult(r.findings(), r.errors(), r.skipped(), new ScanStats(1, r.stats().bytes(),
                r.stats().millis(), r.stats().baselined()));
    }

    /** Scans a stream to its end (not closed) under {@code provenance}, passing results to {@code listener}. */
    public void scan(InputStream in, Provenance provenance, ScanListener listener) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(provenance, "provenance");
        scan(sink -> sink.blob(Blob.of(provenance, -1, in)), listener);
    }

    /** Scans a file, or a folder recursively (in parallel, by the builder's file settings). */
    public ScanResult scan(Path fileOrFolder) {
        return scan(List.of(fileOrFolder));
    }

    /** Scans files and folders; paths in findings begin with each path as given. */
    public ScanResult scan(List<Path> paths) {
        ScanCollector c = new ScanCollector();
        scan(paths, c);
        return c.result();
    }

    /** Scans files and folders, passing results to {@code listener} (from several threads). */
    public void scan(List<Path> paths, ScanListener listener) {
        scan(Sources.files(paths, fileOptions), listener);
    }

    /**
     * Scans the whole history of the Git repository at or above {@code repo}: {@link History#enumerate}, then
     * every unique blob once ({@link History#blobs}), then the audit ({@link History#summarize}). Each finding
     * names the commit, path, author and date that first introduced its blob (the oldest in history order) and
     * how many other commit/path places hold the same blob. Binary blobs, Git LFS pointers, blobs over the size
     * limit and submodule links are listed as skipped; unreadable objects become {@link ScanError}s naming the
     * object, and the rest is still scanned. A folder that is not a repository is an error in the result (as for
     * {@link #scanStaged}); an empty repository gives an empty result.
     *
     * @throws ScanException when a ref or revision in the options does not exist
     */
    public HistoryResult scanHistory(Path repo, HistoryOptions options) {
        return scanHistory(repo, options, finding -> { });
    }

    /**
     * As {@link #scanHistory(Path, HistoryOptions)}, also passing each result to {@code listener} as it comes (from
     * several threads); a {@link HistoryListener} also hears the walk's totals and the scan's progress.
     */
    public HistoryResult scanHistory(Path repo, HistoryOptions options, ScanListener listener) {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        ScanCollector all = new ScanCollector(listener);
        HistoryInventory inventory = History.enumerate(repo, options);
        inventory.skipped().forEach(all::skipped);
        inventory.errors().forEach(all::error);
        HistoryListener progress = listener instanceof HistoryListener h ? h : null;
        if (progress != null) {
            progress.walked(inventory.info());
        }
        Source blobs = History.blobs(repo, inventory.blobs(), options, null);
        scan(progress == null ? blobs : Progress.of(blobs, progress), all);
        ScanResult result = all.result();
        return new HistoryResult(result, inventory.info(),
                History.summarize(repo, inventory, result.findings(), options.clock()));
    }

    /**
     * Scans what is about to be committed in the Git repository holding {@code repo}: the content of the index
     * (never the work tree) for every path that differs from HEAD, including the first commit of a repository.
     * By default only findings on lines the commit adds are kept (or whose pair starts on one, so a new secret
     * beside an unchanged key ID is reported with it); line numbers are the staged file's.
     * {@link StagedOptions#allLines()} keeps every finding of every staged file. Binary and oversized blobs are
     * listed as skipped, conflicted paths too; a missing or unreadable repository or index is a
     * {@link ScanError}.
     */
    public ScanResult scanStaged(Path repo, StagedOptions options) {
        ScanCollector c = new ScanCollector();
        scanStaged(repo, options, c);
        return c.result();
    }

    /** As {@link #scanStaged(Path, StagedOptions)}, passing results to {@code listener} (from one thread). */
    public void scanStaged(Path repo, StagedOptions options, ScanListener listener) {
        scan(Sources.staged(repo, options, fileOptions.maxFileSize()), listener);
    }

    /**
     * Settings for a {@link Scanner}. Not thread-safe; {@link #build()} checks the settings together and fails
     * with a message naming the one that is wrong.
     */
    public static final class Builder {
        private RuleSet rules = RuleSet.defaults();
        private final Set<String> enable = new HashSet<>();
        private final Set<String> disable = new HashSet<>();
        private int chunkSize = Engine.DEFAULT_CHUNK;
        private long maxFileSize = 100L * 1024 * 1024;
        private boolean respectIgnoreFiles = true;
        private boolean followSymlinks;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Config config = Config.empty();
        private Baseline baseline = Baseline.empty();

        private Builder() {
        }

        /** The rules to use instead of the default AWS pack. */
        public Builder rules(RuleSet ruleSet) {
            this.rules = Objects.requireNonNull(ruleSet, "ruleSet");
            return this;
        }

        /**
         * A config file's rules, rule switches and allowlists (see {@link Config} for how its rules combine with
         * the built-in ones). Rules named by {@link #enableRules} and {@link #disableRules} win over the config.
         */
        public Builder config(Config cfg) {
            this.config = Objects.requireNonNull(cfg, "config");
            return this;
        }

        /** Findings accepted on purpose: they are not reported. */
        public Builder baseline(Baseline accepted) {
            this.baseline = Objects.requireNonNull(accepted, "baseline");
            return this;
        }

        /** Turns on rules that are off by default, such as {@code aws-iam-unique-id}. */
        public Builder enableRules(String... ids) {
            enable.addAll(List.of(ids));
            return this;
        }

        /** Turns rules off by id. */
        public Builder disableRules(String... ids) {
            disable.addAll(List.of(ids));
            return this;
        }

        /** Bytes read at a time (default 1 MiB). Findings do not depend on it; memory does. */
        public Builder chunkSize(int bytes) {
            this.chunkSize = bytes;
            return this;
        }

        /** Files larger than this are skipped and listed as skipped (default 100 MiB). */
        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        /** Whether folder scans honour .gitignore and Git's other exclude files (default true). */
        public Builder respectIgnoreFiles(boolean on) {
            this.respectIgnoreFiles = on;
            return this;
        }

        /** Whether folder scans follow symbolic links (default false; loops are detected either way). */
        public Builder followSymlinks(boolean on) {
            this.followSymlinks = on;
            return this;
        }

        /** Files scanned in parallel (default: the number of cores). */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range or the rule id that is unknown */
        public Scanner build() {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
            }
            if (maxFileSize < 0) {
                throw new IllegalArgumentException("maxFileSize must not be negative, was " + maxFileSize);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            Set<String> both = new HashSet<>(enable);
            both.retainAll(disable);
            if (!both.isEmpty()) {
                throw new IllegalArgumentException("rules both enabled and disabled: " + both);
            }
            try {
                return new Scanner(this);
            } catch (dev.keyward.rules.RuleException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }
}

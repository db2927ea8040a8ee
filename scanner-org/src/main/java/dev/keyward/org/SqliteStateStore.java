package dev.keyward.org;

import dev.keyward.finding.Exposure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link StateStore}: SQLite through JDBC. WAL mode with {@code synchronous=NORMAL}: a committed
 * transaction survives the process being killed, and a reader never sees half a transaction. A second run is
 * kept out by an OS lock on a sidecar file (SQLite's own locks only serialise transactions, they would let two
 * runs interleave their batches). Not thread-safe: one run, one thread.
 */
final class SqliteStateStore implements StateStore {

    private static final int SCHEMA = 1;
    private static final int IN_CHUNK = 500;
    private static final String EXPOSURES = "CREATE TABLE IF NOT EXISTS exposures (repo TEXT NOT NULL, "
            + "fingerprint TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (repo, fingerprint)) WITHOUT ROWID";
    private static final String FORK_ROOTS = "CREATE TABLE IF NOT EXISTS fork_roots (key TEXT PRIMARY KEY, "
            + "root TEXT NOT NULL) WITHOUT ROWID";
    private static final String ROOT_COMMITS = "CREATE TABLE IF NOT EXISTS root_commits (repo TEXT NOT NULL, "
            + "commit_id TEXT NOT NULL, PRIMARY KEY (repo, commit_id)) WITHOUT ROWID";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection db;

    private SqliteStateStore(Path file, FileChannel lockChannel, FileLock lock, Connection db) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
    }

    static StateStore open(Path file, Duration wait) {
        Path abs = file.toAbsolutePath();
        Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = acquire(ch, file, lockFile, wait);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            createPrivate(abs);
            Connection db = connect(abs, file);
            return new SqliteStateStore(file, ch, lock, db);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new OrgException("cannot open state file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static FileLock acquire(FileChannel ch, Path file, Path lockFile, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very JVM
            }
            if (l != null) {
                return l;
            }
            if (System.nanoTime() >= deadline) {
                String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
                throw new OrgException("state file " + file + " is in use by another keyward run"
                        + (pid.matches("\\d+") ? " (pid " + pid + ")" : ""));
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrgException("interrupted while waiting for state file " + file);
            }
        }
    }

    // The state holds the findings' secrets (as the mirrors hold them): owner only, like the mirrors' folder.
    private static void createPrivate(Path abs) throws IOException {
        if (Files.exists(abs)) {
            return;
        }
        try {
            Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(abs);
        } catch (FileAlreadyExistsException e) {
            // Made meanwhile; the lock says it is ours now.
        }
    }

    private static Connection connect(Path abs, Path shown) {
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + abs);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    r.next();
                }
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                int version;
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    version = r.next() ? r.getInt(1) : 0;
                }
                if (version == 0) {
                    db.setAutoCommit(false);
                    createSchema(s);
                    s.execute("PRAGMA user_version = " + SCHEMA);
                    db.commit();
                    db.setAutoCommit(true);
                } else if (version != SCHEMA) {
                    throw new OrgException("state file " + shown + " was written by another version of keyward "
                            + "(schema " + version + ", this one reads " + SCHEMA + ")");
                }
                // Added within schema 1: an older keyward ignores it, a file it wrote gains it here.
                s.execute(EXPOSURES);
                s.execute(FORK_ROOTS);
                s.execute(ROOT_COMMITS);
            }
            return db;
        } catch (SQLException e) {
            closeQuietly(db);
            throw new OrgException("state file " + shown + " is not a keyward state database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started INTEGER NOT NULL, "
                + "ended INTEGER, complete INTEGER NOT NULL DEFAULT 0, rules_hash TEXT NOT NULL)");
        s.execute("CREATE TABLE ref_tips (repo TEXT NOT NULL, ref TEXT NOT NULL, commit_id TEXT NOT NULL, "
                + "PRIMARY KEY (repo, ref)) WITHOUT ROWID");
        s.execute("CREATE TABLE scanned_blobs (blob_id TEXT NOT NULL, rules_hash TEXT NOT NULL, "
                + "run_id INTEGER NOT NULL REFERENCES runs(id), PRIMARY KEY (blob_id, rules_hash)) WITHOUT ROWID");
        s.execute("CREATE TABLE findings (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, blob_id TEXT NOT NULL, "
                + "repo TEXT NOT NULL, rules_hash TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL, "
                + "run_id INTEGER NOT NULL REFERENCES runs(id), reachable INTEGER NOT NULL, at_tip INTEGER NOT NULL, "
                + "json TEXT NOT NULL, UNIQUE (repo, blob_id, rules_hash, fingerprint, line, col))");
        s.execute("CREATE INDEX findings_blob ON findings (blob_id)");
    }

    @Override
    public long startRun(Instant started, String rulesHash) {
        return tx(() -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (started, rules_hash) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, started.toEpochMilli());
                p.setString(2, rulesHash);
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    return k.getLong(1);
                }
            }
        });
    }

    @Override
    public void endRun(long runId, Instant ended, boolean complete) {
        tx(() -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE runs SET ended = ?, complete = ? WHERE id = ?")) {
                p.setLong(1, ended.toEpochMilli());
                p.setInt(2, complete ? 1 : 0);
                p.setLong(3, runId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Run> runs() {
        return read(() -> {
            List<Run> out = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, started, ended, complete, rules_hash FROM runs ORDER BY id")) {
                while (r.next()) {
                    long ended = r.getLong(3);
                    boolean noEnd = r.wasNull();
                    out.add(new Run(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)),
                            noEnd ? null : Instant.ofEpochMilli(ended), r.getInt(4) == 1, r.getString(5)));
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, String> refTips(String repo) {
        return read(() -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT ref, commit_id FROM ref_tips WHERE repo = ? ORDER BY ref")) {
                p.setString(1, repo);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveRefTips(String repo, Map<String, String> tips) {
        tx(() -> {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM ref_tips WHERE repo = ?")) {
                d.setString(1, repo);
                d.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO ref_tips (repo, ref, commit_id) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : tips.entrySet()) {
                    p.setString(1, repo);
                    p.setString(2, e.getKey());
                    p.setString(3, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Set<String> scanned(Collection<String> blobIds, String rulesHash) {
        return read(() -> {
            Set<String> out = new HashSet<>();
            List<String> all = List.copyOf(blobIds);
            for (int from = 0; from < all.size(); from += IN_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement p = db.prepareStatement("SELECT blob_id FROM scanned_blobs WHERE rules_hash = ? "
                        + "AND blob_id IN (" + marks + ")")) {
                    p.setString(1, rulesHash);
                    for (int i = 0; i < chunk.size(); i++) {
                        p.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(r.getString(1));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void commitBatch(long runId, String rulesHash, Collection<String> blobIds,
                            Collection<StoredFinding> findings) {
        commitBatch(runId, rulesHash, blobIds, findings, () -> { });
    }

    /** As {@link #commitBatch(long, String, Collection, Collection)}; {@code beforeCommit} lets a test kill us there. */
    void commitBatch(long runId, String rulesHash, Collection<String> blobIds, Collection<StoredFinding> findings,
                     Runnable beforeCommit) {
        tx(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR IGNORE INTO scanned_blobs (blob_id, rules_hash, run_id) VALUES (?, ?, ?)")) {
                for (String b : blobIds) {
                    p.setString(1, b);
                    p.setString(2, rulesHash);
                    p.setLong(3, runId);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO findings (fingerprint, blob_id, repo, "
                    + "rules_hash, line, col, run_id, reachable, at_tip, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (repo, blob_id, rules_hash, fingerprint, line, col) DO UPDATE SET "
                    + "reachable = excluded.reachable, at_tip = excluded.at_tip, json = excluded.json")) {
                for (StoredFinding f : findings) {
                    p.setString(1, f.finding().fingerprint());
                    p.setString(2, f.blobId());
                    p.setString(3, f.repo());
                    p.setString(4, f.rulesHash());
                    p.setInt(5, f.finding().location().line());
                    p.setInt(6, f.finding().location().column());
                    p.setLong(7, f.runId());
                    p.setInt(8, f.reachable() ? 1 : 0);
                    p.setInt(9, f.atTip() ? 1 : 0);
                    p.setString(10, FindingJson.write(f.finding()));
                    p.addBatch();
                }
                p.executeBatch();
            }
            beforeCommit.run();
            return null;
        });
    }

    @Override
    public List<StoredFinding> findings() {
        return read(() -> {
            List<StoredFinding> out = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT repo, json, rules_hash, run_id, reachable, at_tip FROM findings "
                         + "ORDER BY id")) {
                while (r.next()) {
                    out.add(new StoredFinding(r.getString(1), FindingJson.read(r.getString(2)), r.getString(3),
                            r.getLong(4), r.getInt(5) == 1, r.getInt(6) == 1));
                }
            }
            return out;
        });
    }

    @Override
    public void markRepository(String repo, Set<String> reachableBlobs, Set<String> atTipFingerprints) {
        tx(() -> {
            List<long[]> updates = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT id, blob_id, fingerprint FROM findings WHERE repo = ?")) {
                p.setString(1, repo);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        updates.add(new long[] {r.getLong(1), reachableBlobs.contains(r.getString(2)) ? 1 : 0,
                                atTipFingerprints.contains(r.getString(3)) ? 1 : 0});
                    }
                }
            }
            try (PreparedStatement u = db.prepareStatement("UPDATE findings SET reachable = ?, at_tip = ? WHERE id = ?")) {
                for (long[] x : updates) {
                    u.setLong(1, x[1]);
                    u.setLong(2, x[2]);
                    u.setLong(3, x[0]);
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void saveExposures(String repo, Map<String, List<Exposure>> byFingerprint) {
        tx(() -> {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM exposures WHERE repo = ?")) {
                d.setString(1, repo);
                d.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO exposures (repo, fingerprint, json) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, List<Exposure>> e : byFingerprint.entrySet()) {
                    p.setString(1, repo);
                    p.setString(2, e.getKey());
                    p.setString(3, writeExposures(e.getValue()));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, List<Exposure>> exposures(String repo) {
        return read(() -> {
            Map<String, List<Exposure>> out = new LinkedHashMap<>();
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT fingerprint, json FROM exposures WHERE repo = ? ORDER BY fingerprint")) {
                p.setString(1, repo);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), readExposures(r.getString(2), repo));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public String forkRoot(String key) {
        return read(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT root FROM fork_roots WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    @Override
    public void saveForkRoot(String key, String root) {
        Objects.requireNonNull(root, "root");
        tx(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR REPLACE INTO fork_roots (key, root) VALUES (?, ?)")) {
                p.setString(1, key);
                p.setString(2, root);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Set<String> rootCommits(String repo) {
        return read(() -> {
            Set<String> out = new java.util.TreeSet<>();
            try (PreparedStatement p = db.prepareStatement("SELECT commit_id FROM root_commits WHERE repo = ?")) {
                p.setString(1, repo);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveRootCommits(String repo, Set<String> roots) {
        tx(() -> {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM root_commits WHERE repo = ?")) {
                d.setString(1, repo);
                d.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO root_commits (repo, commit_id) VALUES (?, ?)")) {
                for (String c : roots) {
                    p.setString(1, repo);
                    p.setString(2, c);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    private static String writeExposures(List<Exposure> list) {
        var arr = JSON.createArrayNode();
        for (Exposure e : list) {
            var n = arr.addObject();
            n.put("blobId", e.blobId());
            n.put("commit", e.commit());
            if (e.introduced() != null) {
                n.put("introduced", e.introduced().toEpochMilli());
            }
            var paths = n.putArray("paths");
            e.paths().forEach(paths::add);
            n.put("lastSeen", e.lastSeen().toEpochMilli());
            n.put("atHead", e.atHead());
            n.put("places", e.places());
        }
        return arr.toString();
    }

    private static List<Exposure> readExposures(String json, String repo) {
        try {
            List<Exposure> out = new ArrayList<>();
            for (var n : JSON.readTree(json)) {
                List<String> paths = new ArrayList<>();
                n.path("paths").forEach(x -> paths.add(x.asText()));
                out.add(new Exposure(n.path("blobId").asText(), n.path("commit").asText(),
                        n.has("introduced") ? Instant.ofEpochMilli(n.path("introduced").asLong()) : null, paths,
                        Instant.ofEpochMilli(n.path("lastSeen").asLong()), n.path("atHead").asBoolean(),
                        n.path("places").asLong(1), repo));
            }
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            throw new OrgException("state file: an unreadable audit entry of " + repo + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // Everything committed is on disk already; nothing more to save.
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel below releases it too.
            }
            closeQuietly(lockChannel);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T tx(Work<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T t = work.run();
                db.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new OrgException("state file " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new OrgException("state file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }
}

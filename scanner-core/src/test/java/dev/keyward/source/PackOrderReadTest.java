package dev.keyward.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading blobs base first in pack order ({@link PackPlan}) against JGit's own reads, on repositories packed by
 * the git binary with deep delta chains (git gc --aggressive), several packs and loose objects: every blob comes
 * once, and its bytes hash to its object ID.
 */
class PackOrderReadTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path built;

    /** The repository is built (and packed hard) once; a test that damages it works on a copy. */
    static synchronized Path deepRepo() throws IOException {
        if (built == null) {
            built = buildDeepRepo(shared.resolve("repo"));
        }
        return built;
    }

    /** A sink that keeps each blob's SHA-1 (as Git names a blob) and what was skipped or failed. */
    static class Collect implements BlobSink {
        final Map<String, String> hashes = new ConcurrentHashMap<>();
        final List<String> twice = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Skipped> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<ScanError> errors = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void blob(Blob blob) {
            try {
                byte[] b;
                if (blob.inMemory()) {
                    b = java.util.Arrays.copyOf(blob.bytes(), blob.length());
                } else {
                    try (InputStream in = blob.stream()) {
                        b = in.readAllBytes();
                    }
                }
                MessageDigest md = MessageDigest.getInstance("SHA-1");
                md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
                String id = ((Provenance.GitBlob) blob.provenance()).blobId();
                if (hashes.put(id, HexFormat.of().formatHex(md.digest(b))) != null) {
                    twice.add(id);
                }
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean wants(Provenance provenance) {
            return true;
        }

        @Override
        public void skipped(Skipped s) {
            skipped.add(s);
        }

        @Override
        public void error(ScanError e) {
            errors.add(e);
        }
    }

    /** A repository whose big files are edited a few lines at a time in many commits, then packed hard. */
    static Path buildDeepRepo(Path at) throws IOException {
        GitFixture g = GitFixture.init(at);
        Random r = new Random(5);
        List<List<String>> files = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3000 + f * 2000; i++) {
                lines.add("\"op" + i + "\": {\"doc\": \"" + Long.toHexString(r.nextLong()) + "\"},");
            }
            files.add(lines);
        }
        for (int c = 0; c < 60; c++) {
            for (int f = 0; f < files.size(); f++) {
                if (c == 0 || r.nextInt(3) == 0) {
                    List<String> lines = files.get(f);
                    lines.set(r.nextInt(lines.size()), "\"edit" + c + "\": " + r.nextInt() + ",");
                    lines.add(r.nextInt(lines.size()), "\"new" + c + "\": 1,");
                    g.write("models/m" + f + ".json", String.join("\n", lines) + "\n");
                }
            }
            g.write("small/s" + (c % 7) + ".txt", "change " + c + "\n");
            g.commit("c" + c);
            if (c == 20) {
                g.git("branch", "side");
            }
        }
        g.git("gc", "--aggressive", "-q");
        // A second pack, and loose objects after it.
        for (int c = 0; c < 5; c++) {
            g.write("models/m0.json", String.join("\n", files.get(0).subList(0, 2000 + c)) + "\n");
            g.commit("late" + c);
        }
        g.git("repack", "-d", "-q");
        g.write("models/m1.json", "loose\n");
        g.commit("loose");
        return g.dir();
    }

    static Collect read(Path repo, HistoryInventory inv, long maxBlobSize, int threads, boolean packOrder) {
        Collect c = new Collect();
        new BlobReader(repo, inv.blobs(), maxBlobSize, threads, null, packOrder).feed(c);
        return c;
    }

    @Test
    void everyBlobReadBaseFirstHashesToItsIdAndMatchesJGitsReads() throws IOException {
        Path repo = deepRepo();
        assertThat(GitFixture.at(repo).git("count-objects", "-v")).contains("packs: 2");
        String verify = GitFixture.at(repo).git("verify-pack", "-v",
                Files.list(repo.resolve(".git/objects/pack")).filter(p -> p.toString().endsWith(".idx"))
                        .sorted().findFirst().orElseThrow().toString());
        assertThat(verify).contains("chain length = 2"); // there are delta chains to resolve
        HistoryInventory inv = History.enumerate(repo, HistoryOptions.defaults());
        assertThat(inv.blobs()).hasSizeGreaterThan(60);
        for (int threads : new int[] {1, 3}) {
            Collect planned = read(repo, inv, 100L << 20, threads, true);
            Collect jgit = read(repo, inv, 100L << 20, threads, false);
            assertThat(planned.errors).isEmpty();
            assertThat(planned.skipped).isEmpty();
            assertThat(planned.twice).isEmpty();
            assertThat(planned.hashes).hasSize(inv.blobs().size());
            planned.hashes.forEach((id, hash) -> assertThat(hash).as(id).isEqualTo(id));
            assertThat(planned.hashes).isEqualTo(jgit.hashes);
        }
    }

    @Test
    void blobsOverTheSizeLimitAreSkippedAsJGitsReadsSkipThem() throws IOException {
        Path repo = deepRepo();
        HistoryInventory inv = History.enumerate(repo, HistoryOptions.defaults());
        long limit = 150_000; // between the small files and the models
        Collect planned = read(repo, inv, limit, 2, true);
        Collect jgit = read(repo, inv, limit, 2, false);
        assertThat(planned.skipped).isNotEmpty();
        assertThat(planned.skipped.stream().map(Skipped::toString).sorted().toList())
                .isEqualTo(jgit.skipped.stream().map(Skipped::toString).sorted().toList());
        assertThat(planned.hashes).isEqualTo(jgit.hashes).hasSize(inv.blobs().size() - planned.skipped.size());
    }

    @Test
    void aDamagedPackEntryIsReportedByJGitAndTheRestIsStillRead() throws IOException {
        Path source = deepRepo();
        Path repo = dir.resolve("copy");
        try (var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = repo.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        HistoryInventory inv = History.enumerate(repo, HistoryOptions.defaults());
        Path pack = Files.list(repo.resolve(".git/objects/pack")).filter(p -> p.toString().endsWith(".pack"))
                .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        byte[] b = Files.readAllBytes(pack);
        for (int i = b.length / 2; i < b.length / 2 + 64; i++) {
            b[i] ^= 0x5a; // inside some object's compressed data
        }
        Files.write(pack, b);
        Collect planned = read(repo, inv, 100L << 20, 2, true);
        assertThat(planned.errors).isNotEmpty();
        assertThat(planned.errors).allSatisfy(e -> assertThat(e.toString()).contains("blob "));
        assertThat(planned.hashes.size() + planned.errors.size()).isEqualTo(inv.blobs().size());
        planned.hashes.forEach((id, hash) -> assertThat(hash).as(id).isEqualTo(id));
    }

    @Test
    void thePlanServesEveryPackedBlobBaseFirstWithNoneLeftToJGit() throws Exception {
        Path repo = deepRepo();
        HistoryInventory inv = History.enumerate(repo, HistoryOptions.defaults());
        try (org.eclipse.jgit.lib.Repository r = GitRepos.open(repo, null)) {
            var od = (org.eclipse.jgit.internal.storage.file.ObjectDirectory) r.getObjectDatabase();
            int served = 0;
            int deltas = 0;
            for (var pack : od.getPacks()) {
                try (PackPlan plan = PackPlan.open(pack)) {
                    for (HistoryBlob b : inv.blobs()) {
                        long off = plan.offsetOf(org.eclipse.jgit.lib.ObjectId.fromString(b.blobId()));
                        if (off >= 0) {
                            plan.want(b, off, 1L << 30);
                        }
                    }
                    plan.plan();
                    assertThat(plan.leftOver).isEmpty();
                    for (long budget : new long[] {0, 1L << 20}) { // 0: every base resolved again
                        PackPlan.Reader reader = plan.new Reader(budget, 1L << 30);
                        java.util.Set<PackPlan.Entry> seen = new java.util.HashSet<>();
                        int[] counts = new int[3];
                        for (PackPlan.Family f : plan.families) {
                            reader.walk(f, new PackPlan.Reader.Visit() {
                                @Override
                                public void resolved(PackPlan.Entry e, byte[] content) {
                                    assertThat(seen.add(e)).as("resolved once").isTrue();
                                    counts[0] += e.base != null ? 1 : 0;
                                    if (e.wanted != null) {
                                        try {
                                            MessageDigest md = MessageDigest.getInstance("SHA-1");
                                            md.update(("blob " + content.length + "\0")
                                                    .getBytes(StandardCharsets.US_ASCII));
                                            assertThat(HexFormat.of().formatHex(md.digest(content)))
                                                    .isEqualTo(((HistoryBlob) e.wanted).blobId());
                                        } catch (java.security.NoSuchAlgorithmException x) {
                                            throw new IllegalStateException(x);
                                        }
                                        counts[1]++;
                                    }
                                }

                                @Override
                                public void failed(PackPlan.Entry e) {
                                    counts[2]++;
                                }
                            });
                            assertThat(seen).containsAll(f.entries());
                        }
                        reader.close();
                        assertThat(counts[2]).isZero();
                        deltas += budget == 0 ? counts[0] : 0;
                        served += budget == 0 ? counts[1] : 0;
                    }
                }
            }
            assertThat(deltas).isGreaterThan(20);
            // Every blob but the loose one (and what only the loose commit holds) came from a plan.
            assertThat(served).isGreaterThanOrEqualTo(inv.blobs().size() - 2).isLessThanOrEqualTo(inv.blobs().size());
        }
    }

    /** Every tree of the repository, in object-id order, oldest first (about) and shuffled. */
    private static List<List<String>> treeOrders(Path repo) {
        GitFixture g = GitFixture.at(repo);
        List<String> byId = g.git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")
                .lines().filter(l -> l.startsWith("tree ")).map(l -> l.substring(5)).toList();
        List<String> walked = new ArrayList<>(g.git("rev-list", "--objects", "--all").lines()
                .map(l -> l.split(" ")[0]).filter(new java.util.HashSet<>(byId)::contains).toList());
        java.util.Collections.reverse(walked);
        List<String> shuffled = new ArrayList<>(byId);
        java.util.Collections.shuffle(shuffled, new Random(3));
        return List.of(byId, walked, shuffled);
    }

    /**
     * Reads every tree with {@link PackTrees}: each one read hashes to its id, and (unless {@code damaged}) is what
     * JGit reads; returns how many could not be read.
     */
    private static int readTrees(Path repo, List<List<String>> orders, long budget, boolean damaged)
            throws Exception {
        return readTrees(repo, orders, budget, damaged, null);
    }

    /** As above; with {@code path}, every tree is read as if found there, so each is resolved with the last. */
    private static int readTrees(Path repo, List<List<String>> orders, long budget, boolean damaged, String path)
            throws Exception {
        int failed = 0;
        assertThat(orders.get(0)).hasSizeGreaterThan(60);
        assertThat(orders.get(1)).hasSameSizeAs(orders.get(0));
        try (var r = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(repo.resolve(".git").toFile());
             var jgit = r.newObjectReader(); var check = r.newObjectReader()) {
            for (List<String> order : orders) {
                try (PackTrees trees = new PackTrees(r, jgit, budget)) {
                    for (String id : order) {
                        var oid = org.eclipse.jgit.lib.ObjectId.fromString(id);
                        byte[] got;
                        try {
                            got = trees.tree(oid, path);
                        } catch (IOException | RuntimeException e) {
                            assertThat(damaged).as(id + ": " + e).isTrue();
                            failed++;
                            continue;
                        }
                        MessageDigest md = MessageDigest.getInstance("SHA-1");
                        md.update(("tree " + got.length + "\0").getBytes(StandardCharsets.US_ASCII));
                        assertThat(HexFormat.of().formatHex(md.digest(got))).isEqualTo(id);
                        if (!damaged) {
                            assertThat(got).as(id).isEqualTo(check.open(oid).getCachedBytes());
                        }
                    }
                    if (!damaged) {
                        // JGit's reads would hide a pack read gone wrong: a sound pack serves every tree itself.
                        assertThat(trees.packFailures).as("packed trees left to JGit").isZero();
                    }
                }
            }
        }
        return failed;
    }

    @Test
    void treesReadDownTheirDeltaChainsMatchJGitsReadsInAnyOrderAndAnyBudget() throws Exception {
        Path repo = deepRepo();
        String verify = GitFixture.at(repo).git("verify-pack", "-v",
                Files.list(repo.resolve(".git/objects/pack")).filter(p -> p.toString().endsWith(".idx"))
                        .sorted().findFirst().orElseThrow().toString());
        assertThat(verify.lines().filter(l -> l.matches("[0-9a-f]{40} tree .* [0-9a-f]{40}$")).count())
                .isGreaterThan(20); // deltified trees
        for (long budget : new long[] {1024, 64 * 1024, 64L << 20}) {
            assertThat(readTrees(repo, treeOrders(repo), budget, false)).isZero();
            assertThat(readTrees(repo, treeOrders(repo), budget, false, "src")).isZero();
        }
    }

    @Test
    void aDamagedTreeFailsAndTheWalkNamesItAndListsTheRest() throws Exception {
        Path source = deepRepo();
        Path repo = dir.resolve("copy");
        copy(source, repo);
        Path pack = Files.list(repo.resolve(".git/objects/pack")).filter(p -> p.toString().endsWith(".pack"))
                .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        String idx = pack.toString().replace(".pack", ".idx");
        byte[] b = Files.readAllBytes(pack);
        // Damage the compressed data of a few deltified trees in the middle of their chains.
        List<String[]> deltas = GitFixture.at(repo).git("verify-pack", "-v", idx).lines().map(l -> l.split(" +"))
                .filter(f -> f.length == 7 && f[1].equals("tree") && Integer.parseInt(f[5]) > 1
                        && Integer.parseInt(f[3]) > 16).toList();
        assertThat(deltas).hasSizeGreaterThan(6);
        for (int k = 0; k < 3; k++) {
            String[] f = deltas.get(k * deltas.size() / 3);
            long at = Long.parseLong(f[4]);
            int len = Integer.parseInt(f[3]);
            for (int i = 8; i < len; i += 2) {
                b[(int) at + i] ^= 0x5a;
            }
        }
        Files.write(pack, b);
        assertThat(readTrees(repo, treeOrders(source), 64L << 20, true)).isPositive();
        HistoryInventory inv = History.enumerate(repo, HistoryOptions.defaults());
        assertThat(inv.blobs()).isNotEmpty();
        assertThat(inv.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.toString()).contains("tree "));
    }

    private static void copy(Path source, Path repo) throws IOException {
        try (var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = repo.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    @Test
    void blobsTheSinkDoesNotWantAreNotReadAndTheOthersStillAre() throws IOException {
        Path repo = deepRepo();
        HistoryInventory inv = History.enumerate(repo, HistoryOptions.defaults());
        List<String> unwanted = inv.blobs().stream().filter(h -> h.path().startsWith("models/m1") || h.order() % 3 == 0)
                .map(HistoryBlob::blobId).toList();
        assertThat(unwanted).isNotEmpty().hasSizeLessThan(inv.blobs().size());
        java.util.Set<String> asked = ConcurrentHashMap.newKeySet();
        List<String> askedTwice = java.util.Collections.synchronizedList(new ArrayList<>());
        Collect c = new Collect() {
            @Override
            public boolean wants(Provenance p) {
                String id = ((Provenance.GitBlob) p).blobId();
                if (!asked.add(id)) {
                    askedTwice.add(id);
                }
                return !unwanted.contains(id);
            }
        };
        new BlobReader(repo, inv.blobs(), 100L << 20, 2, null, true).feed(c);
        assertThat(askedTwice).isEmpty();
        assertThat(asked).hasSize(inv.blobs().size());
        assertThat(c.errors).isEmpty();
        assertThat(c.skipped).isEmpty();
        assertThat(c.hashes.keySet()).doesNotContainAnyElementsOf(unwanted)
                .hasSize(inv.blobs().size() - unwanted.size());
        c.hashes.forEach((id, hash) -> assertThat(hash).as(id).isEqualTo(id));
    }
}

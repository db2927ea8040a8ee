package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import dev.keyward.source.HistoryOptions;
import dev.keyward.source.ScanException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Scanner#scanHistory}: fixture repositories built with the real git binary in temp folders. */
class HistoryScanTest {

    private static final Scanner SCANNER = Scanner.builder().build();
    /** 2024-03-01: 60 days after the fixtures' first commit. */
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);
    private static final HistoryOptions OPTIONS = HistoryOptions.defaults().withClock(NOW).withThreads(2);

    @TempDir
    Path tmp;

    private final Random random = new Random(42);

    private String keyId() {
        return TestKeys.keyId(random, "AKIA");
    }

    private static String pair(String id, String secret) {
        return "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
    }

    private static String idOnly(String id) {
        return "key: " + id + "\n";
    }

    private static HistoryResult scan(Path repo) {
        return SCANNER.scanHistory(repo, OPTIONS);
    }

    private static List<Finding> withSecret(HistoryResult r, String secret) {
        return r.result().findings().stream().filter(f -> f.secret().equals(secret)).toList();
    }

    private static Provenance.GitBlob origin(Finding f) {
        return (Provenance.GitBlob) f.provenance();
    }

    private static CredentialSummary row(HistoryResult r, String secret) {
        return r.summary().stream().filter(s -> s.first().secret().equals(secret)).findFirst().orElseThrow();
    }

    @Test
    void keyAddedThenDeletedIsFoundAndNotAtTheTip() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("README.md", "hello\n").commit("start");
        String id = keyId();
        String secret = TestKeys.secret(random);
        String added = g.write("config/credentials", pair(id, secret)).commit("add key");
        g.git("rm", "-q", "config/credentials");
        g.commit("remove key");

        HistoryResult r = scan(g.dir());

        List<Finding> ids = withSecret(r, id);
        assertThat(ids).hasSize(1);
        Provenance.GitBlob o = origin(ids.get(0));
        assertThat(o.commit()).isEqualTo(added);
        assertThat(o.path()).isEqualTo("config/credentials");
        assertThat(o.author()).isEqualTo("Ada Lovelace");
        assertThat(o.email()).isEqualTo("ada@example.com");
        assertThat(o.date()).isEqualTo(Instant.ofEpochSecond(GitFixture.EPOCH + 86400));
        assertThat(o.otherOccurrences()).isZero();
        assertThat(ids.get(0).location().line()).isEqualTo(2);
        assertThat(withSecret(r, secret)).hasSize(1);

        CredentialSummary s = row(r, id);
        assertThat(s.atHead()).isFalse();
        assertThat(s.paired()).isTrue();
        assertThat(s.blobs()).isEqualTo(1);
        assertThat(s.paths()).isEqualTo(1);
        assertThat(s.daysExposed()).isEqualTo(59);
        assertThat(r.info().commits()).isEqualTo(3);
        assertThat(r.info().shallow()).isFalse();
        assertThat(r.result().errors()).isEmpty();
    }

    @Test
    void keyStillAtTheTipIsMarkedSo() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        g.write("a.txt", idOnly(id)).commit("add");
        g.write("b.txt", "other\n").commit("more");

        HistoryResult r = scan(g.dir());

        assertThat(row(r, id).atHead()).isTrue();
        assertThat(row(r, id).paired()).isFalse();
    }

    @Test
    void keyOnlyOnASideBranch() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("README.md", "hello\n").commit("start");
        g.git("checkout", "-q", "-b", "side");
        String id = keyId();
        String side = g.write("side.txt", idOnly(id)).commit("side work");
        g.git("checkout", "-q", "main");
        g.write("main.txt", "main\n").commit("main work");

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, id)).singleElement().satisfies(f -> assertThat(origin(f).commit()).isEqualTo(side));
        assertThat(row(r, id).atHead()).isFalse();
        // --branch main alone does not reach it; --branch side does.
        assertThat(withSecret(SCANNER.scanHistory(g.dir(), OPTIONS.withBranches(List.of("main"))), id)).isEmpty();
        assertThat(withSecret(SCANNER.scanHistory(g.dir(), OPTIONS.withBranches(List.of("side"))), id)).hasSize(1);
    }

    @Test
    void keyOnlyInATag() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("README.md", "hello\n").commit("start");
        g.git("checkout", "-q", "--detach");
        String id = keyId();
        String tagged = g.write("release.txt", idOnly(id)).commit("release");
        g.git("tag", "-a", "-m", "v1", "v1");
        g.git("checkout", "-q", "main");

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, id)).singleElement().satisfies(f -> assertThat(origin(f).commit()).isEqualTo(tagged));
    }

    @Test
    void keysInEveryStashAreFound() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("app.conf", "x = 1\n").commit("start");
        String older = keyId();
        g.write("app.conf", idOnly(older));
        g.git("stash", "-q");
        String newer = keyId();
        g.write("app.conf", "y = 2\n" + idOnly(newer));
        g.git("stash", "-q");
        String untracked = keyId();
        g.write("notes.txt", idOnly(untracked));
        g.git("stash", "-q", "--include-untracked");

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, older)).hasSize(1);
        assertThat(withSecret(r, newer)).hasSize(1);
        assertThat(withSecret(r, untracked)).hasSize(1);
        assertThat(row(r, older).atHead()).isFalse();
    }

    @Test
    void keysInAMerge() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("README.md", "hello\n").commit("start");
        g.git("checkout", "-q", "-b", "feature");
        String fromBranch = keyId();
        String branchCommit = g.write("feature.txt", idOnly(fromBranch)).commit("feature");
        g.git("checkout", "-q", "main");
        g.write("main.txt", "main\n").commit("main work");
        g.git("merge", "-q", "--no-ff", "--no-commit", "feature");
        String inMerge = keyId();
        g.write("merge-fix.txt", idOnly(inMerge));
        g.git("add", "-A");
        String merge = g.commitStaged("merge feature");

        HistoryResult r = scan(g.dir());

        // A blob is attributed to the commit that brought it, not to the merge that carried it along.
        assertThat(withSecret(r, fromBranch)).singleElement()
                .satisfies(f -> assertThat(origin(f).commit()).isEqualTo(branchCommit));
        assertThat(withSecret(r, inMerge)).singleElement()
                .satisfies(f -> assertThat(origin(f).commit()).isEqualTo(merge));
        assertThat(row(r, fromBranch).atHead()).isTrue();
    }

    @Test
    void aRenamedFileIsOneFindingAtItsFirstPath() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        String first = g.write("old/name.txt", idOnly(id)).commit("add");
        g.git("mv", "old", "new");
        g.commit("rename folder");
        g.git("mv", "new/name.txt", "new/other.txt");
        g.commit("rename file");

        HistoryResult r = scan(g.dir());

        Finding f = withSecret(r, id).get(0);
        assertThat(withSecret(r, id)).hasSize(1);
        assertThat(origin(f).commit()).isEqualTo(first);
        assertThat(f.path()).isEqualTo("old/name.txt");
        assertThat(origin(f).otherOccurrences()).isEqualTo(2);
        assertThat(row(r, id).paths()).isEqualTo(3); // old/name.txt, new/name.txt, new/other.txt
        assertThat(row(r, id).places()).isEqualTo(3);
    }

    @Test
    void theSameBlobInManyCommitsIsOneFindingWithItsCount() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        String first = g.write("keys.txt", idOnly(id)).commit("add");
        for (int i = 0; i < 5; i++) {
            g.write("log.txt", "entry " + i + "\n").commit("work " + i);
        }
        g.write("copy/keys.txt", idOnly(id)).commit("copy it");

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, id)).hasSize(1);
        Provenance.GitBlob o = origin(withSecret(r, id).get(0));
        assertThat(o.commit()).isEqualTo(first);
        // 7 commits hold keys.txt, and the last also copy/keys.txt: 8 places, 7 besides the first.
        assertThat(o.otherOccurrences()).isEqualTo(7);
        CredentialSummary s = row(r, id);
        assertThat(s.blobs()).isEqualTo(1);
        assertThat(s.paths()).isEqualTo(2);
        assertThat(s.places()).isEqualTo(8);
        assertThat(s.atHead()).isTrue();
        assertThat(r.result().stats().items()).isEqualTo(6); // keys.txt and five versions of log.txt
    }

    @Test
    void theSameKeyInTwoBlobsIsOneSummaryRow() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        String first = g.write("a.txt", idOnly(id)).commit("add");
        g.write("a.txt", "header\n" + idOnly(id)).commit("edit");

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, id)).hasSize(2);
        assertThat(r.summary()).hasSize(1);
        CredentialSummary s = r.summary().get(0);
        assertThat(s.origin().commit()).isEqualTo(first);
        assertThat(s.blobs()).isEqualTo(2);
        assertThat(s.paths()).isEqualTo(1);
        assertThat(s.lastSeen()).isEqualTo(Instant.ofEpochSecond(GitFixture.EPOCH + 86400));
    }

    @Test
    void binaryBlobsAreSkippedAndListed() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        byte[] bin = ("\0\1\2" + idOnly(id)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        g.write("image.bin", bin).commit("binary");

        HistoryResult r = scan(g.dir());

        assertThat(r.result().findings()).isEmpty();
        assertThat(r.result().skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).endsWith(":image.bin");
            assertThat(s.reason()).contains("binary");
        });
    }

    @Test
    void blobsOverTheSizeLimitAreSkippedAndListed() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        g.write("big.txt", "x".repeat(5000) + "\n" + idOnly(id)).write("small.txt", idOnly(keyId())).commit("add");

        HistoryResult r = SCANNER.scanHistory(g.dir(), OPTIONS.withMaxBlobSize(1000));

        assertThat(withSecret(r, id)).isEmpty();
        assertThat(r.result().findings()).hasSize(1);
        assertThat(r.result().skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).endsWith(":big.txt");
            assertThat(s.reason()).contains("size limit");
        });
    }

    @Test
    void lfsPointersAndSubmodulesAreListedNotScanned() {
        GitFixture sub = GitFixture.init(tmp.resolve("sub"));
        sub.write("s.txt", "sub\n").commit("sub");
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("model.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:"
                + "a".repeat(64) + "\nsize 12345\n");
        g.git("submodule", "add", "-q", sub.dir().toUri().toString(), "libs/sub");
        g.commit("lfs and submodule");

        HistoryResult r = scan(g.dir());

        assertThat(r.result().skipped()).extracting(Skipped::reason)
                .anySatisfy(reason -> assertThat(reason).contains("LFS pointer"))
                .anySatisfy(reason -> assertThat(reason).contains("submodule"));
        assertThat(r.result().skipped()).extracting(Skipped::path).anySatisfy(p -> assertThat(p).endsWith(":libs/sub"));
        assertThat(r.result().errors()).isEmpty();
    }

    @Test
    void aBareRepository() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        String c = g.write("a.txt", idOnly(id)).commit("add");
        GitFixture.at(tmp).git("clone", "-q", "--bare", g.dir().toString(), "bare.git");

        HistoryResult r = scan(tmp.resolve("bare.git"));

        assertThat(r.info().bare()).isTrue();
        assertThat(withSecret(r, id)).singleElement().satisfies(f -> assertThat(origin(f).commit()).isEqualTo(c));
        assertThat(row(r, id).atHead()).isTrue();
    }

    @Test
    void aShallowCloneScansWhatIsThereAndSaysItIsShallow() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String old = keyId();
        g.write("old.txt", idOnly(old)).commit("old");
        g.git("rm", "-q", "old.txt");
        g.commit("drop");
        String current = keyId();
        g.write("new.txt", idOnly(current)).commit("new");
        GitFixture.at(tmp).git("clone", "-q", "--depth", "1", g.dir().toUri().toString(), "shallow");

        HistoryResult r = scan(tmp.resolve("shallow"));

        assertThat(r.info().shallow()).isTrue();
        assertThat(r.info().commits()).isEqualTo(1);
        assertThat(withSecret(r, current)).hasSize(1);
        assertThat(withSecret(r, old)).isEmpty();
        assertThat(r.result().errors()).isEmpty();
    }

    @Test
    void anEmptyRepositoryIsClean() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));

        HistoryResult r = scan(g.dir());

        assertThat(r.result().findings()).isEmpty();
        assertThat(r.result().errors()).isEmpty();
        assertThat(r.info().commits()).isZero();
        assertThat(r.info().head()).isNull();
        assertThat(r.summary()).isEmpty();
    }

    @Test
    void anUnbornBranchBesideOthersIsClean() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("a.txt", "clean\n").commit("start");
        g.git("checkout", "-q", "--orphan", "fresh");

        HistoryResult r = scan(g.dir());

        assertThat(r.result().errors()).isEmpty();
        assertThat(r.info().commits()).isEqualTo(1);
        assertThat(r.info().head()).isNull();
    }

    @Test
    void aCorruptLooseObjectIsNamedAndTheRestIsScanned() throws IOException {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String good = keyId();
        String bad = keyId();
        g.write("good.txt", idOnly(good)).write("bad.txt", idOnly(bad)).commit("two keys");
        String badBlob = g.git("rev-parse", "HEAD:bad.txt").trim();
        Path loose = g.dir().resolve(".git/objects/" + badBlob.substring(0, 2) + "/" + badBlob.substring(2));
        loose.toFile().setWritable(true);
        Files.write(loose, new byte[] {0x78, 0x01, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b});

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, good)).hasSize(1);
        assertThat(withSecret(r, bad)).isEmpty();
        assertThat(r.result().errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).contains(badBlob);
            assertThat(e.path()).endsWith(":bad.txt");
        });
    }

    @Test
    void aMissingLooseTreeIsNamedAndOtherCommitsAreScanned() throws IOException {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String first = keyId();
        g.write("one/a.txt", idOnly(first)).commit("one");
        String second = keyId();
        g.write("two/b.txt", idOnly(second)).commit("two");
        String tree = g.git("rev-parse", "HEAD:two").trim();
        Files.delete(g.dir().resolve(".git/objects/" + tree.substring(0, 2) + "/" + tree.substring(2)));

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, first)).hasSize(1);
        assertThat(withSecret(r, second)).isEmpty();
        assertThat(r.result().errors()).extracting(ScanError::message).anySatisfy(m -> assertThat(m).contains(tree));
    }

    @Test
    void packedObjectsAreReadLikeLooseOnes() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String a = keyId();
        g.write("a.txt", idOnly(a)).commit("a");
        g.git("gc", "-q");
        String b = keyId();
        g.write("b.txt", idOnly(b)).commit("b (loose)");

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, a)).hasSize(1);
        assertThat(withSecret(r, b)).hasSize(1);
    }

    @Test
    void sinceLeavesOutWhatTheRevisionReaches() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String old = keyId();
        g.write("old.txt", idOnly(old)).commit("old");
        g.git("tag", "base");
        String fresh = keyId();
        String c = g.write("new.txt", idOnly(fresh)).commit("new");

        HistoryResult r = SCANNER.scanHistory(g.dir(), OPTIONS.withSince("base"));

        assertThat(withSecret(r, old)).isEmpty();
        assertThat(withSecret(r, fresh)).singleElement().satisfies(f -> assertThat(origin(f).commit()).isEqualTo(c));
        assertThat(r.info().commits()).isEqualTo(1);
    }

    @Test
    void linkedWorktreesAreOneRepository() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("a.txt", "clean\n").commit("start");
        g.git("worktree", "add", "-q", "--detach", tmp.resolve("wt").toString());
        GitFixture wt = GitFixture.at(tmp.resolve("wt"));
        String id = keyId();
        wt.write("wt.txt", idOnly(id)).commit("in a detached worktree");

        assertThat(withSecret(scan(g.dir()), id)).hasSize(1);
        assertThat(withSecret(scan(tmp.resolve("wt")), id)).hasSize(1);
        assertThat(withSecret(scan(tmp.resolve("wt")), id).get(0).path()).isEqualTo("wt.txt");
    }

    @Test
    void aSubfolderOfAWorkTreeScansItsRepository() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        g.write("deep/er/a.txt", idOnly(id)).commit("add");

        assertThat(withSecret(scan(g.dir().resolve("deep/er")), id)).hasSize(1);
    }

    @Test
    void notARepositoryIsTheSameErrorForHistoryAndStaged() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Scanner scanner = Scanner.builder().build();
        for (Path p : List.of(plain, tmp.resolve("absent"))) {
            HistoryResult h = scanner.scanHistory(p, HistoryOptions.defaults());
            ScanResult staged = scanner.scanStaged(p, dev.keyward.source.StagedOptions.defaults());
            assertThat(h.result().errors()).isEqualTo(staged.errors()).singleElement()
                    .satisfies(e -> assertThat(e.path()).isEqualTo(p.toString()));
            assertThat(h.result().findings()).isEmpty();
            assertThat(h.info().commits()).isZero();
        }
        assertThat(scanner.scanHistory(plain, HistoryOptions.defaults()).result().errors().get(0).message())
                .isEqualTo("not a Git repository (nor any of its parent folders)");
        assertThat(scanner.scanHistory(tmp.resolve("absent"), HistoryOptions.defaults()).result().errors().get(0)
                .message()).isEqualTo("no such folder");
    }

    @Test
    void anUnknownRefIsAClearError() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("a.txt", "x\n").commit("start");

        assertThatThrownBy(() -> SCANNER.scanHistory(g.dir(), OPTIONS.withBranches(List.of("nope"))))
                .isInstanceOf(ScanException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> SCANNER.scanHistory(g.dir(), OPTIONS.withSince("nope")))
                .isInstanceOf(ScanException.class).hasMessageContaining("'nope'");
    }

    @Test
    void inlineAllowsApplyToHistoryToo() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        g.write("a.txt", "key: " + id + " # keyward:allow\n").commit("add");

        assertThat(scan(g.dir()).result().findings()).isEmpty();
    }

    @Test
    void aListenerHearsTheTotalsAndEveryBlob() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        for (int i = 0; i < 40; i++) {
            g.write("f" + i + ".txt", "file " + i + "\n");
        }
        g.write("k.txt", idOnly(keyId())).commit("many");
        AtomicLong total = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong findings = new AtomicLong();

        HistoryResult r = SCANNER.scanHistory(g.dir(), OPTIONS, new HistoryListener() {
            @Override
            public void finding(Finding finding) {
                findings.incrementAndGet();
            }

            @Override
            public void walked(dev.keyward.finding.HistoryInfo info) {
                total.set(info.blobs());
            }

            @Override
            public void progress(long blobsDone, long bytesDone) {
                done.accumulateAndGet(blobsDone, Math::max);
            }
        });

        assertThat(total.get()).isEqualTo(41);
        assertThat(done.get()).isEqualTo(41);
        assertThat(findings.get()).isEqualTo(1);
        assertThat(r.result().stats().items()).isEqualTo(41);
    }

    @Test
    void blobsAllowlistedByPathCountAsDoneWithoutBeingRead() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        for (int i = 0; i < 30; i++) {
            g.write((i % 3 == 0 ? "fixtures/f" : "src/f") + i + ".txt", "file " + i + "\n");
        }
        g.write("fixtures/k.txt", idOnly(keyId())).commit("many");
        String kept = keyId();
        g.write("src/k.txt", idOnly(kept)).commit("more");
        Scanner s = Scanner.builder().config(dev.keyward.suppress.Config.parse(
                "[allowlist]\nglobs = [\"fixtures/\"]\n", "t.toml", null)).build();
        AtomicLong total = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong calls = new AtomicLong();

        HistoryResult r = s.scanHistory(g.dir(), OPTIONS, new HistoryListener() {
            @Override
            public void finding(Finding finding) {
            }

            @Override
            public void walked(dev.keyward.finding.HistoryInfo info) {
                total.set(info.blobs());
            }

            @Override
            public void progress(long blobsDone, long bytesDone) {
                calls.incrementAndGet();
                done.accumulateAndGet(blobsDone, Math::max);
            }
        });

        assertThat(total.get()).isEqualTo(32);
        assertThat(done.get()).isEqualTo(32);
        assertThat(calls.get()).isEqualTo(32);
        assertThat(r.result().stats().items()).isEqualTo(21); // the 11 under fixtures/ are not read
        assertThat(r.result().findings()).singleElement()
                .satisfies(f -> assertThat(f.provenance().path()).isEqualTo("src/k.txt"));
    }

    @Test
    void aRefToATreeIsListedAsSkipped() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("a.txt", "x\n").commit("start");
        g.git("tag", "tree-tag", "HEAD^{tree}");

        HistoryResult r = scan(g.dir());

        assertThat(r.result().skipped()).extracting(Skipped::reason)
                .anySatisfy(reason -> assertThat(reason).contains("tree, not a commit"));
        assertThat(r.result().errors()).isEmpty();
    }

    @Test
    void notesAreScanned() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("a.txt", "x\n").commit("start");
        String id = keyId();
        g.git("notes", "add", "-m", "deploy with " + id);

        assertThat(withSecret(scan(g.dir()), id)).hasSize(1);
    }

    @Test
    void aMissingCommitIsNamedAndTheCommitsAfterItAreScanned() throws IOException {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String first = keyId();
        g.write("a.txt", idOnly(first)).commit("one");
        String middle = g.write("b.txt", "clean\n").commit("two");
        String last = keyId();
        g.write("c.txt", idOnly(last)).commit("three");
        Files.delete(g.dir().resolve(".git/objects/" + middle.substring(0, 2) + "/" + middle.substring(2)));

        HistoryResult r = scan(g.dir());

        assertThat(withSecret(r, last)).hasSize(1);
        assertThat(r.result().errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(middle));
    }

    @Test
    void aTruncatedPackIsAnErrorNotACrash() throws IOException {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        for (int i = 0; i < 3; i++) {
            g.write("f" + i + ".txt", ("line " + i + "\n").repeat(2000)).commit("c" + i);
        }
        g.git("gc", "-q");
        try (var packs = Files.list(g.dir().resolve(".git/objects/pack"))) {
            Path pack = packs.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
            pack.toFile().setWritable(true);
            byte[] all = Files.readAllBytes(pack);
            Files.write(pack, java.util.Arrays.copyOf(all, all.length * 2 / 3));
        }

        HistoryResult r = scan(g.dir());

        assertThat(r.result().errors()).isNotEmpty();
        assertThat(r.result().errors()).extracting(ScanError::message)
                .allSatisfy(m -> assertThat(m).containsPattern("[0-9a-f]{40}"));
    }

    @Test
    void largeBlobsAreStreamedWholeAndUtf16IsDecoded() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String atEnd = keyId();
        String inUtf16 = keyId();
        String small = keyId();
        byte[] utf16 = ("\uFEFF" + "text line\n".repeat(3000) + idOnly(inUtf16))
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        g.write("big.txt", "filler line\n".repeat(20_000) + idOnly(atEnd)).write("wide.txt", utf16)
                .write("small.txt", idOnly(small)).commit("large and wide");
        var jgit = new org.eclipse.jgit.storage.file.WindowCacheConfig();
        // JGit streams objects over this threshold instead of loading them whole; make both large ones stream.
        jgit.setStreamFileThreshold(16 * 1024);
        jgit.install();
        try {
            HistoryResult r = scan(g.dir());

            assertThat(withSecret(r, atEnd)).singleElement().satisfies(f -> assertThat(f.location().line())
                    .isEqualTo(20_001));
            assertThat(withSecret(r, inUtf16)).hasSize(1);
            assertThat(withSecret(r, small)).hasSize(1);
            assertThat(r.result().skipped()).isEmpty();
        } finally {
            new org.eclipse.jgit.storage.file.WindowCacheConfig().install();
        }
        HistoryResult cached = scan(g.dir());
        assertThat(withSecret(cached, inUtf16)).hasSize(1);
        assertThat(withSecret(cached, atEnd)).hasSize(1);
    }

    @Test
    void aUtf8ByteOrderMarkDoesNotShiftColumns() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String id = keyId();
        byte[] text = ("\uFEFF" + "key: " + id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        g.write("bom.txt", text).commit("bom");

        assertThat(withSecret(scan(g.dir()), id)).singleElement()
                .satisfies(f -> assertThat(f.location().column()).isEqualTo(6));
    }
}

package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorsTest {

    @TempDir
    Path tmp;

    private Mirrors mirrors(boolean pulls) {
        return new Mirrors(Mirrors.Options.defaults(Map.of()).withDir(tmp.resolve("cache")).withPullRequests(pulls));
    }

    private GitFixture upstream(String name) {
        GitFixture f = GitFixture.init(tmp.resolve("up").resolve(name));
        f.write("README.md", "# " + name + "\n").commit("first");
        f.git("tag", "v1");
        f.write("src/a.txt", "a\n").commit("second");
        return f;
    }

    private static String url(GitFixture f) {
        return f.dir().toUri().toString(); // file:///...
    }

    private static Repository open(Path gitDir) throws Exception {
        return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
    }

    @Test
    void aCloneThenAFetchIntoTheSameMirror() throws Exception {
        GitFixture up = upstream("api");
        up.git("branch", "old");
        RepoSpec spec = RepoSpec.remote(url(up));

        Mirrors.Mirrored first = mirrors(false).mirror(spec);
        assertThat(first.created()).isTrue();
        assertThat(first.gitDir()).startsWith(tmp.resolve("cache").resolve("file")).hasFileName("api.git");
        assertThat(first.refs()).containsExactly("refs/heads/main", "refs/heads/old", "refs/tags/v1");
        assertThat(first.headRef()).isEqualTo("refs/heads/main");
        Path marker = first.gitDir().resolve("objects").resolve("left-by-the-test");
        Files.writeString(marker, "x");

        String newer = up.write("src/b.txt", "b\n").commit("third");
        up.git("branch", "-D", "old");
        Mirrors.Mirrored second = mirrors(false).mirror(spec);

        assertThat(second.created()).isFalse();
        assertThat(marker).exists(); // fetched into, not cloned again
        assertThat(second.refs()).containsExactly("refs/heads/main", "refs/tags/v1"); // "old" was pruned
        try (Repository r = open(second.gitDir())) {
            assertThat(r.isBare()).isTrue();
            assertThat(r.exactRef("refs/heads/main").getObjectId().name()).isEqualTo(newer);
            assertThat(r.getFullBranch()).isEqualTo("refs/heads/main");
        }
        // No remote, no URL and no credential is written into the mirror's config.
        assertThat(Files.readString(second.gitDir().resolve("config"))).doesNotContain("[remote").doesNotContain("url");
    }

    @Test
    void anUnchangedRemoteIsAskedForItsRefsOnlyAndNotFetched() throws Exception {
        GitFixture up = upstream("same");
        RepoSpec spec = RepoSpec.remote(url(up));
        assertThat(mirrors(false).unchanged(spec)).isEmpty(); // no mirror yet
        Mirrors.Mirrored first = mirrors(false).mirror(spec);

        Mirrors.Mirrored same = mirrors(false).mirrorAll(List.of(spec), s -> true, new OrgListener() { }).mirrored().get(0);

        assertThat(same).isEqualTo(new Mirrors.Mirrored(spec, first.gitDir(), first.refs(), first.headRef(), false));

        up.git("branch", "other");
        assertThat(mirrors(false).unchanged(spec)).isEmpty(); // a new ref
        mirrors(false).mirror(spec);
        assertThat(mirrors(false).unchanged(spec)).isPresent();
        up.git("symbolic-ref", "HEAD", "refs/heads/other");
        assertThat(mirrors(false).unchanged(spec)).isEmpty(); // another default branch, same tips
        mirrors(false).mirror(spec);
        up.git("update-ref", "refs/pull/1/head", "HEAD");
        assertThat(mirrors(false).unchanged(spec)).isPresent(); // pull requests are not mirrored here
        assertThat(mirrors(true).unchanged(spec)).isEmpty();
        up.write("c.txt", "c\n").commit("moved");
        assertThat(mirrors(false).unchanged(spec)).isEmpty(); // a tip moved
    }

    @Test
    void manyRepositoriesAreProbedAtOnceAndOnlyTheChangedOnesFetched() throws Exception {
        List<GitFixture> ups = new ArrayList<>();
        List<RepoSpec> specs = new ArrayList<>();
        for (int i = 0; i < Mirrors.PROBES * 2 + 3; i++) {
            GitFixture up = upstream("r" + i);
            ups.add(up);
            specs.add(RepoSpec.remote(url(up)));
        }
        mirrors(false).mirrorAll(specs, s -> { });
        Set<RepoSpec> moved = new java.util.HashSet<>();
        for (int i = 0; i < ups.size(); i += 3) {
            ups.get(i).write("more.txt", "more\n").commit("moved");
            moved.add(specs.get(i));
        }
        List<RepoSpec> told = new ArrayList<>();

        Mirrors.Result r = mirrors(false).mirrorAll(specs, s -> true, new OrgListener() {
            @Override
            public void mirroring(RepoSpec repo, int index, int total) {
                told.add(repo);
            }
        });

        assertThat(r.failed()).isEmpty();
        assertThat(r.mirrored()).extracting(Mirrors.Mirrored::spec).containsExactlyElementsOf(specs);
        assertThat(told).containsExactlyInAnyOrderElementsOf(specs);
        for (int i = 0; i < specs.size(); i++) {
            Mirrors.Mirrored m = r.mirrored().get(i);
            try (Repository repo = open(m.gitDir())) {
                assertThat(repo.exactRef("refs/heads/main").getObjectId().name()).as(m.spec().url())
                        .isEqualTo(ups.get(i).git("rev-parse", "HEAD").strip());
            }
        }
        // The unchanged ones are the mirrors as they were; a probe that found a change led to a fetch.
        assertThat(mirrors(false).mirrorAll(specs, s -> true, new OrgListener() { }).mirrored())
                .allSatisfy(m -> assertThat(mirrors(false).unchanged(m.spec())).isPresent());
        assertThat(moved).hasSize(7);
    }

    @Test
    void theAdvertisedTipsAreTheMirrorsNamesOfWhatAFetchTakes() throws Exception {
        GitFixture up = upstream("tips");
        up.git("update-ref", "refs/pull/3/head", "HEAD");
        up.git("update-ref", "refs/notes/x", "HEAD"); // not fetched, so not a tip
        RepoSpec root = RepoSpec.remote(url(up));
        RepoSpec fork = RepoSpec.remote(url(upstream("fork"))).withNetwork(root.key());
        String head = up.git("rev-parse", "HEAD").strip();
        String tag = up.git("rev-parse", "v1").strip();

        assertThat(mirrors(false).advertisedTips(root))
                .containsExactly(Map.entry("refs/heads/main", head), Map.entry("refs/tags/v1", tag));
        assertThat(mirrors(true).advertisedTips(root)).containsKeys("refs/pull/3/head").hasSize(3);
        Mirrors.Mirrored m = mirrors(true).mirror(root);
        try (Repository repo = open(m.gitDir())) {
            for (Map.Entry<String, String> e : mirrors(true).advertisedTips(root).entrySet()) {
                assertThat(repo.exactRef(e.getKey()).getObjectId().name()).isEqualTo(e.getValue());
            }
        }
        assertThat(mirrors(false).advertisedTips(fork).keySet())
                .allSatisfy(k -> assertThat(k).startsWith("refs/forks/"));
        assertThatThrownBy(() -> mirrors(false).advertisedTips(RepoSpec.remote(url(up) + "-gone")))
                .isInstanceOf(OrgException.class).hasMessageStartingWith("cannot list the refs of ");
    }

    @Test
    void pullRequestRefsOnlyWithTheFlag() throws Exception {
        GitFixture up = upstream("web");
        up.git("checkout", "-q", "-b", "topic");
        String pr = up.write("pr.txt", "only in a pull request\n").commit("pr");
        up.git("checkout", "-q", "main");
        up.git("branch", "-D", "topic");
        up.git("update-ref", "refs/pull/1/head", pr);
        RepoSpec spec = RepoSpec.remote(url(up));

        Mirrors.Mirrored without = mirrors(false).mirror(spec);
        assertThat(without.refs()).noneMatch(r -> r.startsWith("refs/pull/"));
        try (Repository r = open(without.gitDir())) {
            assertThat(r.getObjectDatabase().has(ObjectId.fromString(pr))).isFalse();
        }

        Mirrors.Mirrored with = mirrors(true).mirror(spec);
        assertThat(with.refs()).contains("refs/pull/1/head");
        try (Repository r = open(with.gitDir())) {
            assertThat(r.exactRef("refs/pull/1/head").getObjectId().name()).isEqualTo(pr);
        }
        // A later run without the flag does not read them, though the mirror keeps them.
        assertThat(mirrors(false).mirror(spec).refs()).doesNotContain("refs/pull/1/head");
    }

    @Test
    void aForkSharesItsParentsMirrorUnderItsOwnRefs() throws Exception {
        GitFixture parent = upstream("parent");
        Path forkDir = tmp.resolve("up").resolve("fork");
        GitFixture.exec(tmp, Map.of(), List.of("git", "clone", "-q", parent.dir().toString(), forkDir.toString()));
        GitFixture fork = GitFixture.at(forkDir);
        String forkTip = fork.write("fork.txt", "fork\n").commit("fork work");
        RepoSpec p = RepoSpec.remote(url(parent));
        RepoSpec f = RepoSpec.remote(url(fork)).withNetwork(p.key());

        Mirrors.Result result = mirrors(false).mirrorAll(List.of(f, p), s -> { });

        assertThat(result.failed()).isEmpty();
        Mirrors.Mirrored fm = result.mirrored().get(0);
        Mirrors.Mirrored pm = result.mirrored().get(1);
        assertThat(fm.spec()).isEqualTo(f);
        assertThat(fm.gitDir()).isEqualTo(pm.gitDir());
        String ns = "refs/forks/" + Mirrors.namespace(CloneUrl.parse(f.url()).pathKey());
        assertThat(fm.refs()).containsExactly(ns + "/heads/main", ns + "/tags/v1");
        assertThat(fm.headRef()).isEqualTo(ns + "/heads/main");
        assertThat(pm.refs()).containsExactly("refs/heads/main", "refs/tags/v1");
        try (Repository r = open(pm.gitDir())) {
            assertThat(r.exactRef(ns + "/heads/main").getObjectId().name()).isEqualTo(forkTip);
            assertThat(r.exactRef(ns + "/HEAD").getTarget().getName()).isEqualTo(ns + "/heads/main");
        }
        assertThat(Files.list(tmp.resolve("cache").resolve("file")).count()).isEqualTo(1);
    }

    @Test
    void aRepositoryDeletedAfterListingIsAnErrorAndTheRestStillMirror() throws Exception {
        GitFixture a = upstream("a");
        GitFixture gone = upstream("gone");
        GitFixture c = upstream("c");
        List<RepoSpec> listed = List.of(RepoSpec.remote(url(a)), RepoSpec.remote(url(gone)), RepoSpec.remote(url(c)));
        GitFixture.exec(tmp, Map.of(), List.of("rm", "-rf", gone.dir().toString()));
        List<RepoSpec> told = new ArrayList<>();

        Mirrors.Result result = mirrors(false).mirrorAll(listed, told::add);

        assertThat(result.mirrored()).extracting(Mirrors.Mirrored::spec).containsExactly(listed.get(0), listed.get(2));
        assertThat(result.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.spec()).isEqualTo(listed.get(1));
            assertThat(failed.message()).startsWith("cannot clone " + listed.get(1).name() + " (");
        });
        assertThat(told).hasSize(3);
        assertThat(mirrors(false).folderOf(listed.get(1).network())).doesNotExist();
    }

    @Test
    void aFolderThatIsNotOurMirrorIsNeverFetchedInto() throws Exception {
        GitFixture up = upstream("x");
        RepoSpec spec = RepoSpec.remote(url(up));
        Path folder = mirrors(false).folderOf(spec.network());
        GitFixture.init(folder);
        assertThat(mirrors(false).mirrorAll(List.of(spec), s -> { }).failed()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("exists but is not a Git repository"));

        GitFixture.exec(tmp, Map.of(), List.of("rm", "-rf", folder.toString()));
        GitFixture.exec(tmp, Map.of(), List.of("git", "init", "-q", "--bare", folder.toString()));
        assertThat(mirrors(false).mirrorAll(List.of(spec), s -> { }).failed()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("is not a keyward mirror"));
    }

    @Test
    void aLocalFolderIsPassedThrough() {
        Path p = tmp.resolve("local");
        Mirrors.Mirrored m = mirrors(false).mirror(RepoSpec.local(p));
        assertThat(m.gitDir()).isEqualTo(p);
        assertThat(m.refs()).isNull();
        assertThat(m.created()).isFalse();
    }

    @Test
    void credentialsComeFromTheUrlOrGithubTokenForGithubHostsOnly() throws Exception {
        Mirrors m = new Mirrors(Mirrors.Options.defaults(Map.of("GITHUB_TOKEN", "tok-1")).withDir(tmp)
                .withGithubHosts(Set.of("github.com", "ghe.example.com")));
        assertThat(password(m, "https://github.com/acme/api.git")).isEqualTo("x-access-token:tok-1");
        assertThat(password(m, "https://GHE.example.com/acme/api.git")).isEqualTo("x-access-token:tok-1");
        assertThat(password(m, "https://gitlab.example.com/acme/api.git")).isNull();
        assertThat(password(m, "ssh://git@github.com/acme/api.git")).isNull();
        assertThat(password(m, "https://bob:p%40ss@gitlab.example.com/acme/api.git")).isEqualTo("bob:p@ss");
        assertThat(password(m, "https://ghp_tok@github.com/acme/api.git")).isEqualTo("ghp_tok:");
        // What JGit is given (and may write into FETCH_HEAD) holds no secret.
        assertThat(CloneUrl.withoutSecrets("https://bob:p%40ss@gitlab.example.com/a.git"))
                .isEqualTo("https://gitlab.example.com/a.git");
        assertThat(CloneUrl.withoutSecrets("https://ghp_tok@github.com/a.git")).isEqualTo("https://github.com/a.git");
        assertThat(CloneUrl.withoutSecrets("ssh://git:pw@host.example/a.git")).isEqualTo("ssh://git@host.example/a.git");
        assertThat(CloneUrl.withoutSecrets("git@github.com:a/b.git")).isEqualTo("git@github.com:a/b.git");
    }

    private static String password(Mirrors m, String url) throws Exception {
        var method = Mirrors.class.getDeclaredMethod("credentials", CloneUrl.class);
        method.setAccessible(true);
        var cp = (org.eclipse.jgit.transport.CredentialsProvider) method.invoke(m, CloneUrl.parse(url));
        if (cp == null) {
            return null;
        }
        CredentialItem.Username u = new CredentialItem.Username();
        CredentialItem.Password p = new CredentialItem.Password();
        cp.get(new URIish(url), u, p);
        return u.getValue() + ":" + new String(p.getValue());
    }

    @Test
    void sshUrlsHaveATransport() {
        // Nothing listens on port 1: the error must be about connecting, not about a missing SSH implementation.
        RepoSpec spec = RepoSpec.remote("ssh://git@127.0.0.1:1/acme/api.git");
        assertThat(mirrors(false).mirrorAll(List.of(spec), s -> { }).failed()).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("cannot clone 127.0.0.1_1/acme/api (ssh://git@127.0.0.1:1/acme/api.git): ");
            assertThat(f.message()).doesNotContainIgnoringCase("SshSessionFactory");
        });
    }

    @Test
    void theDefaultFolderFollowsXdg() {
        assertThat(Mirrors.defaultDir(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/keyward/mirrors"));
        assertThat(Mirrors.defaultDir(Map.of("XDG_CACHE_HOME", "relative"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/keyward/mirrors"));
        assertThat(Mirrors.defaultDir(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/keyward/mirrors"));
    }
}

package dev.keyward.html;

import dev.keyward.GitFixture;
import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Severity;
import dev.keyward.html.AuditView.Credential;
import dev.keyward.html.AuditView.Repository;
import dev.keyward.html.AuditView.Row;
import dev.keyward.html.AuditView.Scope;
import dev.keyward.html.AuditView.Sighting;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Real repositories built by the tests (with run-time keys), scanned by the real history scan. */
final class Samples {

    /** The scans' clock: 2024-03-01, 60 days after the fixtures' first commit. */
    static final Instant NOW = Instant.parse("2024-03-01T00:00:00Z");
    static final HistoryOptions OPTIONS = HistoryOptions.defaults()
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withThreads(2);
    private static final Scanner SCANNER = Scanner.builder().build();

    static final String HOSTILE_FILE = "<img src=x onerror=alert(1)>.env";
    static final String HOSTILE_AUTHOR = "</script><script>alert(1)</script>";
    /** Git's ident format ends a name at the first '<', so an attribute breaker is what a name can carry. */
    static final String QUOTING_AUTHOR = "x\" onmouseover=\"alert(1)\" '";
    static final String HOSTILE_EMAIL = "\"<img src=x onerror=alert(2)//@example.com";
    static final String HOSTILE_BRANCH = "q\"uo'te<b>&amp;";

    /** A scanned repository and the keys it holds. */
    record Built(Path repo, HistoryResult result, List<String> keyIds, List<String> secrets) {
        AuditView view() {
            return AuditViews.fromHistory(result, NOW);
        }
    }

    private Samples() {
    }

    static String pair(String id, String secret) {
        return "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
    }

    /** Hostile names everywhere a repository can put them, and a GitHub remote. */
    static Built hostile(Path dir) {
        Random r = new Random(7);
        GitFixture g = GitFixture.init(dir);
        g.git("remote", "add", "origin", "git@github.com:acme/widgets.git");
        List<String> ids = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        g.write("README.md", "hello\n").commit("start");
        for (int i = 0; i < 3; i++) {
            ids.add(TestKeys.keyId(r, "AKIA"));
            secrets.add(TestKeys.secret(r));
        }
        g.write(HOSTILE_FILE, pair(ids.get(0), secrets.get(0))).commit("add env");
        g.write("notes/b.txt", pair(ids.get(1), secrets.get(1)));
        rawCommit(g, HOSTILE_AUTHOR + " <e@example.com>", 3, "</script><script>alert(3)</script>");
        g.write("notes/c.txt", pair(ids.get(2), secrets.get(2)));
        rawCommit(g, QUOTING_AUTHOR + " <" + HOSTILE_EMAIL + ">", 4, "<b onmouseover=alert(4)>");
        g.git("checkout", "-q", "-b", HOSTILE_BRANCH);
        ids.add(TestKeys.keyId(r, "AKIA"));
        g.write("branch.txt", "key: " + ids.get(3) + "\n").commit("on the branch");
        return new Built(g.dir(), SCANNER.scanHistory(g.dir(), OPTIONS), ids, secrets);
    }

    /**
     * A small, believable audit for the screenshot: a key pair committed and later deleted, another still at the
     * tip in two files, a lone key ID, on a GitLab remote.
     */
    static Built sample(Path dir) {
        Random r = new Random(2024);
        GitFixture g = GitFixture.init(dir);
        g.git("remote", "add", "origin", "https://gitlab.com/acme/payments/api.git");
        List<String> ids = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(TestKeys.keyId(r, "AKIA"));
            secrets.add(TestKeys.secret(r));
        }
        g.write("README.md", "# api\n").commit("start");
        g.write("deploy/credentials", pair(ids.get(0), secrets.get(0))).commit("deploy script");
        g.write("deploy/run.sh", "echo run\n").commit("run");
        g.git("rm", "-q", "deploy/credentials");
        g.commit("remove credentials");
        for (int i = 0; i < 20; i++) {
            g.write("src/main" + i + ".txt", "x" + i + "\n").commit("work " + i);
        }
        g.write("config/app.env", "AWS_ACCESS_KEY_ID=" + ids.get(1) + "\nAWS_SECRET_ACCESS_KEY=" + secrets.get(1)
                + "\n").commit("env for staging");
        for (int i = 0; i < 10; i++) {
            g.write("src/more" + i + ".txt", "y" + i + "\n").commit("more " + i);
        }
        g.write("test/fixtures/app.env", "AWS_ACCESS_KEY_ID=" + ids.get(1) + "\nAWS_SECRET_ACCESS_KEY="
                + secrets.get(1) + "\n# copied\n").commit("fixtures");
        g.write("docs/notes.md", "The old key " + ids.get(2) + " was rotated.\n").commit("notes");
        return new Built(g.dir(), SCANNER.scanHistory(g.dir(), OPTIONS), ids, secrets);
    }

    /** Three repositories of one run, and the key pair they share. */
    record Several(List<Built> repos, List<String> names, String sharedId, String sharedSecret, List<String> ownIds) {
        /** One view per repository, combined, as a run over several gives. */
        AuditView view() {
            return AuditView.combine("keyward history audit: 3 repositories",
                    repos.stream().map(Built::view).toList());
        }
    }

    /**
     * Three repositories on GitHub, GitLab and Bitbucket: a key pair committed to the first (still at its tip),
     * copied into the second later and removed there, its key ID alone in the third later still; and a key ID of
     * each repository's own.
     */
    static Several several(Path dir) {
        Random r = new Random(303);
        String id = TestKeys.keyId(r, "AKIA");
        String secret = TestKeys.secret(r);
        List<String> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(TestKeys.keyId(r, "AKIA"));
        }
        GitFixture api = GitFixture.init(dir.resolve("api"));
        api.git("remote", "add", "origin", "git@github.com:acme/api.git");
        api.write("README.md", "# api\n").commit("start");
        api.write("config/prod.env", pair(id, secret)).commit("prod env");
        api.write("notes.txt", "old key " + own.get(0) + "\n").commit("notes");

        GitFixture web = GitFixture.init(dir.resolve("web"));
        web.git("remote", "add", "origin", "https://gitlab.com/acme/group/web.git");
        for (int i = 0; i < 10; i++) {
            web.write("src/page" + i + ".html", "<p>" + i + "</p>\n").commit("page " + i);
        }
        web.write("deploy/.env", pair(id, secret)).commit("deploy env");
        web.git("rm", "-q", "deploy/.env");
        web.commit("remove env");
        web.write("docs/keys.md", "rotated " + own.get(1) + "\n").commit("docs");

        GitFixture infra = GitFixture.init(dir.resolve("infra"));
        infra.git("remote", "add", "origin", "https://bitbucket.org/acme/infra.git");
        for (int i = 0; i < 20; i++) {
            infra.write("modules/m" + i + ".tf", "# " + i + "\n").commit("module " + i);
        }
        infra.write("terraform/vars.tf", "access_key = \"" + id + "\"\n").commit("vars");
        infra.write("terraform/old.tf", "# was " + own.get(2) + "\n").commit("old");

        List<Built> built = new ArrayList<>();
        for (GitFixture g : List.of(api, web, infra)) {
            built.add(new Built(g.dir(), SCANNER.scanHistory(g.dir(), OPTIONS), List.of(id), List.of(secret)));
        }
        return new Several(built, List.of("acme/api", "acme/group/web", "acme/infra"), id, secret, own);
    }

    /**
     * Writes a commit object by hand: Git's porcelain refuses names like these, but a repository can hold them,
     * and what a repository can hold is what the report must survive.
     */
    private static void rawCommit(GitFixture g, String ident, int day, String message) {
        g.git("add", "-A");
        String tree = g.git("write-tree").trim();
        String parent = g.git("rev-parse", "HEAD").trim();
        long when = GitFixture.EPOCH + 86400L * day;
        String body = "tree " + tree + "\nparent " + parent + "\nauthor " + ident + " " + when + " +0000\ncommitter "
                + ident + " " + when + " +0000\n\n" + message + "\n";
        try {
            Path f = Files.createTempFile("keyward-commit", ".txt");
            try {
                Files.writeString(f, body, StandardCharsets.UTF_8);
                String id = g.git("hash-object", "--literally", "-t", "commit", "-w", f.toString()).trim();
                g.git("update-ref", "HEAD", id);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A view of {@code findings} findings over {@code findings / perCredential} credentials in three
     * repositories, made directly (the page's cost is in the rows, not in how they were found).
     */
    static AuditView large(int findings, int perCredential) {
        Random r = new Random(1);
        List<String> repos = List.of("acme/api", "acme/web", "acme/infra");
        List<Repository> repositories = repos.stream()
                .map(n -> new Repository(n, "https://github.com/" + n + ".git", TestKeys.hex40(r), "refs/heads/main",
                        false))
                .toList();
        List<Credential> credentials = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Severity[] sev = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW};
        Instant start = Instant.parse("2019-01-01T00:00:00Z");
        for (int c = 0; c * perCredential < findings; c++) {
            String id = TestKeys.keyId(r, "AKIA");
            String fp = TestKeys.hex40(r) + "abcdefabcdefabcdefabcdef";
            String repo = repos.get(c % repos.size());
            Severity s = sev[c % sev.length];
            String kind = c % 2 == 0 ? "aws-access-key-id" : "aws-secret-access-key";
            String secret = kind.equals("aws-access-key-id") ? id : TestKeys.secret(r);
            Instant first = start.plusSeconds(86400L * (c % 1500));
            List<Sighting> seen = new ArrayList<>();
            for (int k = 0; k < perCredential && rows.size() < findings; k++) {
                String commit = TestKeys.hex40(r);
                Instant when = first.plusSeconds(86400L * 7 * k);
                String path = "src/module" + (c % 50) + "/config" + k + ".env";
                seen.add(new Sighting(repo, path, 3, commit, when, "Dev " + (c % 40), "dev@example.com",
                        TestKeys.hex40(r), k));
                rows.add(new Row(repo, fp, kind, s, path, 3, 1, secret, "123456789012", commit, when,
                        "Dev " + (c % 40), "dev@example.com", null));
            }
            credentials.add(new Credential(fp, kind, s, secret, id, "123456789012", null, first,
                    seen.get(seen.size() - 1).date(), c % 3 == 0, 1000, seen.size(), seen));
        }
        return new AuditView("keyward history audit: 3 repositories", Instant.parse("2024-03-01T00:00:00Z"),
                Scope.HISTORY, repositories, credentials, rows);
    }
}

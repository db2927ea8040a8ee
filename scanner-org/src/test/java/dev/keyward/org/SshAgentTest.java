package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.RequiredTool;
import dev.keyward.source.HistoryOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh:// clone URLs authenticated by a real {@code ssh-agent} (its key exists nowhere else: the client's home has
 * no key file), against an SSH server on 127.0.0.1 (Apache MINA sshd, as JGit's transport uses) that accepts only
 * that key and serves JGit's upload-pack.
 */
class SshAgentTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(13);
    private Process agent;
    private SshServer server;
    private Path socket;
    private PublicKey agentKey;
    private Path home;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<String, Path> served = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void agentAndServer() throws Exception {
        String sshAgent = RequiredTool.require("ssh-agent", "openssh-client");
        String sshAdd = RequiredTool.require("ssh-add", "openssh-client");
        String sshKeygen = RequiredTool.require("ssh-keygen", "openssh-client");

        // Unix socket paths are limited to about 100 bytes; a JUnit temp folder is far shorter.
        socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder(sshAgent, "-D", "-a", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        for (int i = 0; i < 200 && !Files.exists(socket) && agent.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertThat(socket).as("ssh-agent's socket").exists();

        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Path key = keys.resolve("id");
        run(Map.of(), sshKeygen, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "keyward-test", "-f", key.toString());
        run(Map.of("SSH_AUTH_SOCK", socket.toString()), sshAdd, "-q", key.toString());
        String pub = Files.readString(keys.resolve("id.pub")).strip();
        agentKey = AuthorizedKeyEntry.parseAuthorizedKeyEntry(pub).resolvePublicKey(null,
                PublicKeyEntryResolver.IGNORING);
        // From here on only the agent holds the private key.
        Files.delete(key);
        Files.delete(keys.resolve("id.pub"));

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(tmp.resolve("host.key"));
        server.setKeyPairProvider(hostKeys);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setPublickeyAuthenticator((user, k, session) -> {
            boolean ok = KeyUtils.compareKeys(agentKey, k);
            (ok ? accepted : refused).incrementAndGet();
            return ok;
        });
        server.setCommandFactory((channel, command) -> new UploadPackCommand(command, served));
        server.start();

        // The client's home: known_hosts names the server; no key file anywhere.
        home = tmp.resolve("home");
        Path dotSsh = Files.createDirectories(home.resolve(".ssh"));
        PublicKey hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
        Files.writeString(dotSsh.resolve("known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(true);
        }
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    private static void run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private String serve(String path, GitFixture f) {
        served.put(path, f.dir().resolve(".git"));
        return "ssh://git@127.0.0.1:" + server.getPort() + path;
    }

    private Mirrors mirrors(Map<String, String> env, String cache) {
        return new Mirrors(Mirrors.Options.defaults(env).withDir(tmp.resolve(cache)).withSshHome(home));
    }

    @Test
    void anSshUrlIsMirroredWithTheAgentsKeyAndItsHistoryScanned() {
        String planted = Findings.newKey(random);
        GitFixture up = GitFixture.init(tmp.resolve("up").resolve("api"));
        up.write("README.md", "api\n").commit("start");
        up.write("deploy/aws.ini", "aws_access_key_id = " + planted + "\n").commit("add deploy settings");
        up.git("rm", "-q", "deploy/aws.ini");
        up.commitStaged("remove them again");
        RepoSpec spec = RepoSpec.remote(serve("/acme/api.git", up)).withName("acme/api");

        OrgResult r;
        try (StateStore state = StateStore.open(tmp.resolve("state.db"), Duration.ZERO)) {
            r = new OrgScan(new CountingParts(), state,
                    mirrors(Map.of("SSH_AUTH_SOCK", socket.toString()), "cache"),
                    OrgOptions.of(HistoryOptions.defaults(), "rules-1")).run(List.of(spec), new OrgListener() { });
        }

        assertThat(r.errors()).isEmpty();
        assertThat(accepted.get()).isPositive();
        assertThat(r.credentials()).singleElement().satisfies(c -> {
            assertThat(c.first().secret()).isEqualTo(planted);
            assertThat(c.repos()).containsExactly("acme/api");
            assertThat(c.atTip()).isEmpty();
        });
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.repo()).isEqualTo("acme/api");
            assertThat(f.finding().path()).isEqualTo("deploy/aws.ini");
        });
    }

    @Test
    void withoutTheAgentTheSameUrlIsRefused() {
        GitFixture up = GitFixture.init(tmp.resolve("up").resolve("api"));
        up.write("README.md", "api\n").commit("start");
        RepoSpec spec = RepoSpec.remote(serve("/acme/api.git", up)).withName("acme/api");

        // No agent, and a stale socket name: SSH has nothing to offer, and says so naming the repository.
        Mirrors.Result none = mirrors(Map.of(), "cache-a").mirrorAll(List.of(spec), s -> { });
        Mirrors.Result stale = mirrors(Map.of("SSH_AUTH_SOCK", tmp.resolve("gone.sock").toString()), "cache-b")
                .mirrorAll(List.of(spec), s -> { });

        for (Mirrors.Result res : List.of(none, stale)) {
            assertThat(res.mirrored()).isEmpty();
            assertThat(res.failed()).singleElement()
                    .satisfies(f -> assertThat(f.message()).startsWith("cannot clone acme/api (ssh://"));
        }
        assertThat(accepted.get()).isZero();
        assertThat(tmp.resolve("cache-a")).satisfies(c -> assertThat(tree(c)).noneMatch(p -> p.endsWith(".git")));
    }

    @Test
    void theSshConfigsIdentityAgentNamesTheSocket() throws Exception {
        GitFixture up = GitFixture.init(tmp.resolve("up").resolve("lib"));
        String tip = up.write("README.md", "lib\n").commit("start");
        RepoSpec spec = RepoSpec.remote(serve("/acme/lib.git", up)).withName("acme/lib");
        Files.writeString(home.resolve(".ssh").resolve("config"),
                "Host 127.0.0.1\n  IdentityAgent " + socket + "\n");

        Mirrors.Mirrored m = mirrors(Map.of("SSH_AUTH_SOCK", tmp.resolve("gone.sock").toString()), "cache")
                .mirror(spec);

        assertThat(accepted.get()).isPositive();
        try (Repository repo = new FileRepositoryBuilder().setGitDir(m.gitDir().toFile()).setMustExist(true).build()) {
            assertThat(repo.exactRef("refs/heads/main").getObjectId().name()).isEqualTo(tip);
        }
    }

    @Test
    void identityAgentValuesAreReadAsOpenSshReadsThem() {
        AgentSockets f = new AgentSockets(Map.of("SSH_AUTH_SOCK", "/run/a.sock", "MY_AGENT", "/run/b.sock"));
        File h = new File("/home/me");
        assertThat(f.socketOf(null, h)).isEqualTo(Path.of("/run/a.sock"));
        assertThat(f.socketOf("SSH_AUTH_SOCK", h)).isEqualTo(Path.of("/run/a.sock"));
        assertThat(f.socketOf("$MY_AGENT", h)).isEqualTo(Path.of("/run/b.sock"));
        assertThat(f.socketOf("${MY_AGENT}", h)).isEqualTo(Path.of("/run/b.sock"));
        assertThat(f.socketOf("~/.agent.sock", h)).isEqualTo(Path.of("/home/me/.agent.sock"));
        assertThat(f.socketOf("/tmp/x.sock", h)).isEqualTo(Path.of("/tmp/x.sock"));
        assertThat(f.socketOf("$UNSET", h)).isNull();
        assertThat(new AgentSockets(Map.of()).socketOf(null, h)).isNull();
    }

    private static List<String> tree(Path p) {
        if (!Files.exists(p)) {
            return List.of();
        }
        try (var s = Files.walk(p)) {
            return s.map(Path::toString).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code git-upload-pack '/path'} on one of the served repositories, by JGit's UploadPack. */
    private static final class UploadPackCommand implements Command {
        private final String command;
        private final Map<String, Path> served;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(String command, Map<String, Path> served) {
            this.command = command;
            this.served = served;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("git-upload-pack '([^']+)'").matcher(command);
            Path repo = m.matches() ? served.get(m.group(1)) : null;
            if (repo == null) {
                exit.onExit(1, "not served: " + command);
                return;
            }
            Thread t = new Thread(() -> {
                try (Repository r = new FileRepositoryBuilder().setGitDir(repo.toFile()).setMustExist(true).build()) {
                    UploadPack up = new UploadPack(r);
                    up.setTimeout(60);
                    up.upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException | RuntimeException e) {
                    exit.onExit(1, String.valueOf(e.getMessage()));
                }
            }, "test-upload-pack");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}

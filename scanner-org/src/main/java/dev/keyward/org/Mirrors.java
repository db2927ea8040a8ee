package dev.keyward.org;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Keeps bare mirrors of clone URLs in a cache folder: {@code <dir>/<host>/<path>.git}, every branch and tag, and
 * {@code refs/pull/*} when asked. A later run fetches into the mirror (pruning deleted refs) instead of cloning.
 *
 * <p>A fork network shares one mirror, the one named after its root: the root's refs keep their names, and each
 * fork's go under {@code refs/forks/<fork path>/heads|tags|pull/...}. So the fork's fetch only downloads what the
 * parent lacks, the shared objects sit in one set of packs that the blob reader walks once, and no mirror depends
 * on another folder through alternates (deleting one mirror cannot break another).
 *
 * <p>Credentials come from the URL's user info, {@code GITHUB_TOKEN} for HTTPS URLs on a GitHub host, or, for SSH,
 * the SSH agent ({@code IdentityAgent} of the ssh config, else {@code SSH_AUTH_SOCK}) and the keys in
 * {@code ~/.ssh}; they are given to JGit per fetch and never written to the mirror's config (no remote is
 * configured at all). Not safe for two runs on one mirror folder at once (the state store's lock prevents that
 * for runs that share a state file).
 */
public final class Mirrors {

    /**
     * @param dir          the cache folder; see {@link #defaultDir}
     * @param pullRequests whether {@code refs/pull/*} is mirrored and read
     * @param env          the environment, for {@code GITHUB_TOKEN} and {@code SSH_AUTH_SOCK}
     * @param githubHosts  hosts whose HTTPS URLs get {@code GITHUB_TOKEN} (github.com, and an Enterprise host)
     * @param timeoutSeconds network timeout of one fetch
     * @param sshHome      the home folder whose {@code .ssh} SSH reads (config, keys, known_hosts)
     */
    public record Options(Path dir, boolean pullRequests, Map<String, String> env, Set<String> githubHosts,
                          int timeoutSeconds, Path sshHome) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(sshHome, "sshHome");
            env = Map.copyOf(env);
            githubHosts = githubHosts.stream().map(h -> h.toLowerCase(Locale.ROOT))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("timeoutSeconds must be at least 1");
            }
        }

        /** {@link #defaultDir} of {@code env}, no pull requests, github.com, 10 minutes, the user's home. */
        public static Options defaults(Map<String, String> env) {
            String home = System.getProperty("user.home");
            return new Options(defaultDir(env, home), false, env, Set.of("github.com"), 600, Path.of(home));
        }

        public Options withDir(Path d) {
            return new Options(d, pullRequests, env, githubHosts, timeoutSeconds, sshHome);
        }

        public Options withPullRequests(boolean on) {
            return new Options(dir, on, env, githubHosts, timeoutSeconds, sshHome);
        }

        public Options withGithubHosts(Set<String> hosts) {
            return new Options(dir, pullRequests, env, hosts, timeoutSeconds, sshHome);
        }

        public Options withSshHome(Path home) {
            return new Options(dir, pullRequests, env, githubHosts, timeoutSeconds, home);
        }

        /** Hides the environment (it holds the token). */
        @Override
        public String toString() {
            return "Options[dir=" + dir + ", pullRequests=" + pullRequests + ", githubHosts=" + githubHosts
                    + ", sshHome=" + sshHome + "]";
        }
    }

    /**
     * A repository ready to read.
     *
     * @param spec    the repository
     * @param gitDir  the (shared) mirror, or the local folder itself
     * @param refs    the full names of the refs that belong to this repository, sorted; null for a local folder,
     *                where every ref is the repository's
     * @param headRef this repository's default branch (a ref in {@link #refs}), or null when unknown
     * @param created whether this call made the mirror folder (a clone rather than a fetch)
     */
    public record Mirrored(RepoSpec spec, Path gitDir, List<String> refs, String headRef, boolean created) {
        public Mirrored {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(gitDir, "gitDir");
            refs = refs == null ? null : List.copyOf(refs);
        }
    }

    /** A repository that could not be mirrored, with a message naming it. */
    public record Failed(RepoSpec spec, String message) {
    }

    /** What {@link #mirrorAll} did, in the order of its input. */
    public record Result(List<Mirrored> mirrored, List<Failed> failed) {
        public Result {
            mirrored = List.copyOf(mirrored);
            failed = List.copyOf(failed);
        }
    }

    private static final String MARK = "keyward-mirror";
    private final Options options;
    private org.eclipse.jgit.transport.sshd.SshdSessionFactory ssh;

    public Mirrors(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * {@code $XDG_CACHE_HOME/keyward/mirrors}, or {@code ~/.cache/keyward/mirrors} when that is unset or not
     * absolute (as the XDG base directory specification says).
     */
    public static Path defaultDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(userHome, ".cache");
        return cache.resolve("keyward").resolve("mirrors");
    }

    /** The mirror folder of a fork network (a {@link RepoSpec#network()} of a clone URL). */
    public Path folderOf(String network) {
        int slash = network.indexOf('/');
        if (slash <= 0 || network.startsWith("local:")) {
            throw new IllegalArgumentException("not the network of a clone URL: " + network);
        }
        Path p = options.dir();
        for (String part : network.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("a network key with an empty, '.' or '..' part: " + network);
            }
            p = p.resolve(part);
        }
        return p.resolveSibling(p.getFileName() + ".git");
    }

    /**
     * Mirrors every clone URL (network roots before their forks) and passes local folders through; a repository
     * that fails is listed in {@link Result#failed} and the others go on.
     *
     * @param progress told of each repository as it is done, for a progress line
     */
    public Result mirrorAll(List<RepoSpec> repos, Consumer<RepoSpec> progress) {
        return mirrorEach(repos, this::mirror, progress);
    }

    /**
     * {@link #mirrorAll}, except that a clone URL for which {@code askFirst} holds is first asked for its refs
     * only (ls-remote): when its mirror already holds exactly those tips (and the same default branch), it is
     * returned as it is, without a fetch. For a repository scanned before, so an unchanged one costs one round
     * trip and no pack negotiation. {@code listener} is told of each repository as it starts
     * ({@link OrgListener#mirroring}) and of a clone's or fetch's progress ({@link OrgListener#transfer}).
     */
    public Result mirrorAll(List<RepoSpec> repos, java.util.function.Predicate<RepoSpec> askFirst,
                            OrgListener listener) {
        // The ls-remote probes run PROBES at a time ahead of the loop (each mostly waits on its remote, or on
        // the local upload-pack for file:// URLs); askFirst and the listener stay on this thread.
        List<RepoSpec> asked = order(repos).stream().filter(r -> r.isRemote() && askFirst.test(r)).toList();
        Map<RepoSpec, java.util.concurrent.Future<java.util.Optional<Mirrored>>> probes = new java.util.HashMap<>();
        java.util.concurrent.ExecutorService pool = null;
        if (!asked.isEmpty()) {
            pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(PROBES, asked.size()), r -> {
                Thread t = new Thread(r, "keyward-ls-remote");
                t.setDaemon(true);
                return t;
            });
            for (RepoSpec r : asked) {
                probes.put(r, pool.submit(() -> unchanged(r)));
            }
        }
        try {
            int[] index = {0};
            return mirrorEach(repos, r -> {
                listener.mirroring(r, ++index[0], repos.size());
                java.util.Optional<Mirrored> same = awaitProbe(probes.remove(r));
                return same.isPresent() ? same.get() : mirror(r, new Monitor(r, listener));
            }, r -> { });
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** How many ls-remote probes {@link #mirrorAll(List, java.util.function.Predicate, OrgListener)} runs at once. */
    static final int PROBES = 8;

    private static java.util.Optional<Mirrored> awaitProbe(
            java.util.concurrent.Future<java.util.Optional<Mirrored>> probe) {
        if (probe == null) {
            return java.util.Optional.empty();
        }
        try {
            return probe.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return java.util.Optional.empty(); // then the fetch says what is wrong
        }
    }

    /** A clone's or fetch's progress, to the listener. */
    private static final class Monitor implements org.eclipse.jgit.lib.ProgressMonitor {
        private final RepoSpec repo;
        private final OrgListener listener;
        private String task = "";
        private long total;
        private long done;

        Monitor(RepoSpec repo, OrgListener listener) {
            this.repo = repo;
            this.listener = listener;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
            task = title == null ? "" : title;
            total = Math.max(0, totalWork);
            done = 0;
            listener.transfer(repo, task, done, total);
        }

        @Override
        public void update(int completed) {
            done += completed;
            listener.transfer(repo, task, done, total);
        }

        @Override
        public void endTask() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }

    /** Network by network, each root before its forks. */
    private static List<RepoSpec> order(List<RepoSpec> repos) {
        return repos.stream()
                .sorted(Comparator.comparing(RepoSpec::network).thenComparing(r -> r.isNetworkRoot() ? 0 : 1))
                .toList();
    }

    private Result mirrorEach(List<RepoSpec> repos, java.util.function.Function<RepoSpec, Mirrored> how,
                              Consumer<RepoSpec> progress) {
        Map<RepoSpec, Object> outcome = new LinkedHashMap<>();
        repos.forEach(r -> outcome.put(r, null));
        for (RepoSpec r : order(repos)) {
            try {
                outcome.put(r, how.apply(r));
            } catch (OrgException e) {
                outcome.put(r, new Failed(r, e.getMessage()));
            }
            progress.accept(r);
        }
        List<Mirrored> ok = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        outcome.values().forEach(o -> {
            if (o instanceof Mirrored m) {
                ok.add(m);
            } else {
                failed.add((Failed) o);
            }
        });
        return new Result(ok, failed);
    }

    /**
     * The mirror of a clone URL as it is, when the remote's refs (asked with ls-remote, nothing fetched) are
     * exactly the mirror's and its default branch is the one linked; empty when anything differs, the mirror
     * is missing, or the remote cannot be asked (then {@link #mirror} says why).
     */
    public java.util.Optional<Mirrored> unchanged(RepoSpec spec) {
        if (!spec.isRemote()) {
            return java.util.Optional.empty();
        }
        Path folder = folderOf(spec.network());
        if (!Files.isDirectory(folder) || !Files.exists(folder.resolve(MARK))) {
            return java.util.Optional.empty();
        }
        Advertised remote;
        try {
            remote = advertised(spec);
        } catch (OrgException e) {
            return java.util.Optional.empty();
        }
        String prefix = remote.prefix();
        try (Repository repo = new FileRepositoryBuilder().setGitDir(folder.toFile()).setMustExist(true).build()) {
            List<String> refs = refsUnder(repo, prefix);
            Map<String, String> mine = new java.util.TreeMap<>();
            for (String name : refs) {
                Ref r = repo.exactRef(name);
                if (r != null && r.getObjectId() != null) {
                    mine.put(name, r.getObjectId().name());
                }
            }
            if (!mine.equals(remote.tips())) {
                return java.util.Optional.empty();
            }
            String branch = defaultBranch(remote.head(), remote.refs());
            String wanted = branch == null ? null : prefix + "heads/" + branch.substring(Constants.R_HEADS.length());
            Ref link = repo.exactRef(spec.isNetworkRoot() ? Constants.HEAD : prefix + "HEAD");
            String linked = link != null && link.isSymbolic() ? link.getTarget().getName() : null;
            if (wanted != null && !wanted.equals(linked)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Mirrored(spec, folder, refs, wanted == null ? null : linked, false));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Mirrors one repository: clones it into its network's mirror, or fetches into the mirror that is there. A
     * local folder is returned as it is.
     *
     * @throws OrgException naming the repository (its URL without user info) and why
     */
    public Mirrored mirror(RepoSpec spec) {
        return mirror(spec, org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE);
    }

    private Mirrored mirror(RepoSpec spec, org.eclipse.jgit.lib.ProgressMonitor monitor) {
        if (!spec.isRemote()) {
            return new Mirrored(spec, spec.localPath(), null, null, false);
        }
        CloneUrl url = CloneUrl.parse(spec.url());
        Path folder = folderOf(spec.network());
        String prefix = spec.isNetworkRoot() ? "refs/" : "refs/forks/" + namespace(url.pathKey()) + "/";
        boolean created = !Files.exists(folder);
        try (Repository repo = openOrInit(folder, spec)) {
            FetchResult fetched = Git.wrap(repo).fetch()
                    .setRemote(CloneUrl.withoutSecrets(spec.url()))
                    .setRefSpecs(refSpecs(prefix))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setRemoveDeletedRefs(true)
                    .setCredentialsProvider(credentials(url))
                    .setTransportConfigCallback(this::configure)
                    .setTimeout(options.timeoutSeconds())
                    .setProgressMonitor(monitor)
                    .call();
            String head = linkHead(repo, fetched, prefix, spec.isNetworkRoot());
            return new Mirrored(spec, folder, refsUnder(repo, prefix), head, created);
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (e instanceof OrgException oe) {
                throw oe;
            }
            if (created) {
                deleteQuietly(folder);
            }
            throw new OrgException("cannot " + (created ? "clone " : "fetch ") + spec.name() + " ("
                    + CloneUrl.redact(spec.url()) + "): " + clean(e, spec));
        }
    }

    /**
     * The tips the remote of a clone URL advertises now, under the names its mirror gives them (the refs and ids
     * that {@link Mirrored#refs} names after {@link #mirror}), without fetching anything: a run can tell an
     * unchanged repository by its ref tips alone.
     *
     * @throws IllegalArgumentException for a local folder
     * @throws OrgException naming the repository (its URL without user info) and why the remote cannot be asked
     */
    public Map<String, String> advertisedTips(RepoSpec spec) {
        if (!spec.isRemote()) {
            throw new IllegalArgumentException(spec.name() + " is a local folder, not a clone URL");
        }
        return advertised(spec).tips();
    }

    /**
     * What the remote of a clone URL advertises (one ls-remote, nothing fetched).
     *
     * @param prefix where this repository's refs go in its mirror
     * @param tips   the refs a fetch would take, under their mirror names, to commit ids; sorted
     * @param head   the remote's HEAD, or null
     * @param refs   everything advertised
     */
    private record Advertised(String prefix, Map<String, String> tips, Ref head, Collection<Ref> refs) {
    }

    private Advertised advertised(RepoSpec spec) {
        CloneUrl url = CloneUrl.parse(spec.url());
        String prefix = spec.isNetworkRoot() ? "refs/" : "refs/forks/" + namespace(url.pathKey()) + "/";
        List<String> kinds = options.pullRequests() ? List.of("refs/heads/", "refs/tags/", "refs/pull/")
                : List.of("refs/heads/", "refs/tags/");
        Collection<Ref> refs;
        try {
            refs = url.scheme().equals("file") ? localRefs(url) : Git.lsRemoteRepository().setRemote(CloneUrl.withoutSecrets(spec.url()))
                    .setCredentialsProvider(credentials(url)).setTransportConfigCallback(this::configure)
                    .setTimeout(options.timeoutSeconds()).call();
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new OrgException("cannot list the refs of " + spec.name() + " (" + CloneUrl.redact(spec.url())
                    + "): " + clean(e, spec));
        }
        Map<String, String> tips = new java.util.TreeMap<>();
        Ref head = null;
        for (Ref r : refs) {
            String name = r.getName();
            if (name.equals(Constants.HEAD)) {
                head = r;
            } else if (!r.isSymbolic() && r.getObjectId() != null && !name.endsWith("^{}")
                    && kinds.stream().anyMatch(name::startsWith)) {
                tips.put(prefix + name.substring("refs/".length()), r.getObjectId().name());
            }
        }
        return new Advertised(prefix, tips, head, refs);
    }

    /**
     * A file:// remote's refs read straight from its folder: what JGit's in-process upload-pack would advertise,
     * without building one (and peeling every ref) per ask; a third of an unchanged rerun's CPU over 2,000 URLs.
     */
    private static Collection<Ref> localRefs(CloneUrl url) throws IOException {
        File dir = new File(url.path());
        File gitDir = org.eclipse.jgit.lib.RepositoryCache.FileKey.resolve(dir, org.eclipse.jgit.util.FS.DETECTED);
        if (gitDir == null) {
            throw new IOException(dir + " is not a Git repository");
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build()) {
            List<Ref> out = new ArrayList<>(repo.getRefDatabase().getRefs());
            Ref head = repo.exactRef(Constants.HEAD);
            if (head != null && head.getObjectId() != null) {
                out.add(head);
            }
            return out;
        }
    }

    private Repository openOrInit(Path folder, RepoSpec spec) throws IOException, GitAPIException {
        if (Files.exists(folder)) {
            try {
                Repository r = new FileRepositoryBuilder().setGitDir(folder.toFile()).setMustExist(true).build();
                if (!r.isBare() || !Files.exists(folder.resolve(MARK))) {
                    r.close();
                    throw new OrgException("cannot mirror " + spec.name() + ": " + folder
                            + " exists but is not a keyward mirror; move it away");
                }
                return r;
            } catch (RepositoryNotFoundException e) {
                throw new OrgException("cannot mirror " + spec.name() + ": " + folder
                        + " exists but is not a Git repository; move it away");
            }
        }
        Files.createDirectories(folder.getParent());
        // Made beside and renamed into place, so a run killed here leaves no half-made mirror to refuse later.
        Path tmp = folder.resolveSibling(folder.getFileName() + ".init-" + ProcessHandle.current().pid());
        deleteQuietly(tmp);
        Git.init().setBare(true).setGitDir(tmp.toFile()).setDirectory(tmp.toFile()).call().close();
        // Marks the folder as ours, so a later run never fetches into someone else's repository.
        Files.writeString(tmp.resolve(MARK), "a bare mirror kept by keyward; safe to delete\n");
        Files.move(tmp, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new FileRepositoryBuilder().setGitDir(folder.toFile()).setMustExist(true).build();
    }

    private List<RefSpec> refSpecs(String prefix) {
        List<RefSpec> specs = new ArrayList<>(List.of(new RefSpec("+refs/heads/*:" + prefix + "heads/*"),
                new RefSpec("+refs/tags/*:" + prefix + "tags/*")));
        if (options.pullRequests()) {
            specs.add(new RefSpec("+refs/pull/*:" + prefix + "pull/*"));
        }
        return specs;
    }

    /** The refs of one repository of the mirror (pull requests only when asked), without symbolic ones. */
    private List<String> refsUnder(Repository repo, String prefix) throws IOException {
        List<String> kinds = options.pullRequests() ? List.of("heads/", "tags/", "pull/")
                : List.of("heads/", "tags/");
        List<String> out = new ArrayList<>();
        for (String kind : kinds) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix + kind)) {
                if (!ref.isSymbolic()) {
                    out.add(ref.getName());
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Points the repository's HEAD (the root's {@code HEAD}, a fork's {@code refs/forks/<name>/HEAD}) at the
     * branch the remote's HEAD names, so "at the tip" means each repository's own default branch.
     */
    private static String linkHead(Repository repo, FetchResult fetched, String prefix, boolean root)
            throws IOException {
        String branch = defaultBranch(fetched.getAdvertisedRef(Constants.HEAD), fetched.getAdvertisedRefs());
        if (branch == null) {
            return null;
        }
        String local = prefix + "heads/" + branch.substring(Constants.R_HEADS.length());
        if (repo.exactRef(local) == null) {
            return null;
        }
        RefUpdate u = repo.updateRef(root ? Constants.HEAD : prefix + "HEAD");
        u.link(local);
        return local;
    }

    /** The branch ({@code refs/heads/...}) the remote's HEAD names, or null when it names none. */
    private static String defaultBranch(Ref remoteHead, Collection<Ref> advertised) {
        String branch = null;
        if (remoteHead != null && remoteHead.isSymbolic()) {
            branch = remoteHead.getTarget().getName();
        } else if (remoteHead != null && remoteHead.getObjectId() != null) {
            ObjectId id = remoteHead.getObjectId();
            branch = advertised.stream()
                    .filter(r -> r.getName().startsWith(Constants.R_HEADS) && id.equals(r.getObjectId()))
                    .map(Ref::getName)
                    .sorted(Comparator.comparing((String n) -> !n.equals("refs/heads/main")
                            && !n.equals("refs/heads/master")).thenComparing(n -> n))
                    .findFirst().orElse(null);
        }
        return branch != null && branch.startsWith(Constants.R_HEADS) ? branch : null;
    }

    /** SSH transports get this run's session factory: its home, and the agent of {@link Options#env}. */
    private void configure(org.eclipse.jgit.transport.Transport t) {
        if (t instanceof org.eclipse.jgit.transport.SshTransport st) {
            st.setSshSessionFactory(ssh());
        }
    }

    private synchronized org.eclipse.jgit.transport.sshd.SshdSessionFactory ssh() {
        if (ssh == null) {
            // Built on first use only; lives as long as this object, as JGit's own default factory does.
            File home = options.sshHome().toFile();
            ssh = new org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder()
                    .setHomeDirectory(home)
                    .setSshDirectory(new File(home, ".ssh"))
                    .setConnectorFactory(new AgentSockets(options.env()))
                    .build(new org.eclipse.jgit.transport.sshd.JGitKeyCache());
        }
        return ssh;
    }

    private CredentialsProvider credentials(CloneUrl url) {
        if (url.user() != null && (url.password() != null || url.scheme().equals("https"))) {
            // https://TOKEN@host/... puts a token in the user name; GitHub and others take it so.
            return new UsernamePasswordCredentialsProvider(url.user(), url.password() == null ? "" : url.password());
        }
        String token = options.env().get("GITHUB_TOKEN");
        if (url.scheme().equals("https") && url.user() == null && token != null && !token.isBlank()
                && options.githubHosts().contains(url.host())) {
            // GitHub takes a token as the password of any user name; x-access-token is the documented one.
            return new UsernamePasswordCredentialsProvider("x-access-token", token);
        }
        return null;
    }

    /** A ref-name-safe folder for a fork's refs: its path under the host. */
    static String namespace(String pathKey) {
        String s = pathKey.replaceAll("[^A-Za-z0-9._/-]", "_").replace("..", "_");
        return Stream.of(s.split("/")).map(p -> p.startsWith(".") || p.endsWith(".lock") ? "_" + p : p)
                .reduce((a, b) -> a + "/" + b).orElse("_");
    }

    private static String clean(Throwable e, RepoSpec spec) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder();
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !sb.toString().contains(m)) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        String msg = sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
        CloneUrl u = CloneUrl.parse(spec.url());
        if (u.password() != null && !u.password().isEmpty()) {
            msg = msg.replace(u.password(), "***");
        }
        return CloneUrl.redact(msg).replaceAll("\\p{Cntrl}", " ");
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // Best effort: a left-over folder is refused next time with a message, never fetched into.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }
}

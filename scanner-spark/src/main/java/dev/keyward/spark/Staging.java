package dev.keyward.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

/**
 * Where mirrors live between the stages, made safe for two attempts of one network's task at once (speculative
 * execution, a retry while a lost attempt still runs): each attempt mirrors into a folder of its own and returns
 * where it is, the later stages read what the attempt that Spark kept returned, and the driver, once the job is
 * done, commits that folder as the network's mirror and deletes the others. No attempt ever writes into a folder
 * another one reads.
 *
 * <p>On a {@code file:} staging URI (one machine, or a shared mount) a network's folder is
 * {@code mirrors/<hash>/}: {@code current} names the committed attempt folder ({@code a-<id>/}), and a new attempt
 * starts as a copy of it whose object files are hard links (Git never changes an object file in place), so it
 * fetches only what is new. On any other Hadoop file system ({@code s3a://}, {@code hdfs://}) the committed mirror
 * is {@code mirrors/<hash>/a-<id>.git/}, named by the file {@code mirrors/<hash>/current}: an attempt downloads it
 * into a scratch folder on its local disk, fetches what is new into it, and uploads the bare repository as
 * {@code mirrors/<hash>/a-<its id>.git}; a task that reads it downloads it once per executor JVM. Local copies live
 * in the folder Spark gives the application on each machine (removed with it) and go as soon as the staged mirror
 * they copy is no longer there.
 */
final class Staging {

    private static final String CURRENT = "current";
    private static final String ATTEMPT = "a-";

    // Downloaded mirrors of this JVM, by staged URI: each is fetched once however many tasks read it.
    private static final ConcurrentHashMap<String, Path> LOCAL = new ConcurrentHashMap<>();

    private Staging() {
    }

    /** One attempt's private mirror folder, and the name it is committed under. */
    record Attempt(String network, Path dir, String id) {
    }

    static boolean isLocal(String staging) {
        URI u = URI.create(staging);
        return u.getScheme() == null || u.getScheme().equals("file");
    }

    private static Path localRoot(String staging) {
        URI u = URI.create(staging);
        return Path.of(u.getScheme() == null ? staging : u.getPath());
    }

    /** The folder of one network's mirrors on a {@code file:} staging URI. */
    static Path networkDir(String staging, String network) {
        return localRoot(staging).resolve("mirrors").resolve(hash(network));
    }

    /**
     * A new attempt's own folder for {@link dev.keyward.org.Mirrors}, holding the network's committed mirror (if
     * any): on a {@code file:} staging URI as a linked copy, else downloaded into a scratch folder at
     * {@code folderIn.apply(dir)} (where {@code Mirrors} looks for the network's mirror within the folder).
     */
    static Attempt begin(String staging, String network, UnaryOperator<Path> folderIn) throws IOException {
        String id = ATTEMPT + UUID.randomUUID();
        if (!isLocal(staging)) {
            Configuration conf = hadoopConf();
            evictGone(conf);
            Attempt a = new Attempt(network, Files.createTempDirectory(scratchRoot(), "keyward-mirrors-"), id);
            String committed;
            try {
                committed = committed(staging, network, conf);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(a.dir()); // the staging file system cannot be read: this attempt fails
                throw e;
            }
            if (committed != null) {
                Path folder = folderIn.apply(a.dir());
                try {
                    download(committed, folder, conf);
                } catch (IOException e) {
                    // A mirror deleted or cut short under us: this attempt clones instead.
                    deleteQuietly(folder);
                }
            }
            return a;
        }
        Path net = Files.createDirectories(networkDir(staging, network));
        Path dir = net.resolve(id);
        Path current = current(net);
        if (current != null) {
            linkCopy(current, dir);
        } else {
            Files.createDirectory(dir);
        }
        return new Attempt(network, dir, id);
    }

    /** The committed attempt folder of a network, or null. */
    private static Path current(Path net) throws IOException {
        Path pointer = net.resolve(CURRENT);
        if (!Files.isRegularFile(pointer)) {
            return null;
        }
        Path dir = net.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip());
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Copies a folder: object files as hard links (a copy where links cannot be made), everything else by value. */
    private static void linkCopy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                Path dst = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else if (rel.startsWith("objects") || rel.toString().contains("/objects/")) {
                    try {
                        Files.createLink(dst, p);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } else {
                    // Refs, config, packed-refs: JGit replaces them by rename, but a copy keeps even an in-place
                    // write away from the committed mirror.
                    Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Where the later stages read a mirror an attempt made: the folder itself, or its upload. */
    static String publish(String staging, Attempt attempt, Path gitDir) throws IOException {
        if (isLocal(staging)) {
            return gitDir.toString();
        }
        org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(staging,
                "mirrors/" + hash(attempt.network()) + "/" + attempt.id() + ".git");
        Configuration conf = hadoopConf();
        FileSystem fs = dst.getFileSystem(conf);
        if (!FileUtil.copy(FileSystem.getLocal(conf).getRawFileSystem(), new org.apache.hadoop.fs.Path(gitDir.toUri()),
                fs, dst, false, conf)) {
            throw new IOException("cannot upload the mirror to " + dst);
        }
        return dst.toString();
    }

    /**
     * On the driver once the job is done: makes attempt {@code id} the network's mirror (an atomic replace of the
     * {@code current} pointer) and deletes every other attempt's folder, including those of attempts that lost,
     * were killed, or belonged to a run that died. Run by one driver at a time per staging folder.
     */
    static void commit(String staging, Configuration conf, String network, String id) throws IOException {
        if (isLocal(staging)) {
            Path net = networkDir(staging, network);
            Path tmp = net.resolve(CURRENT + ".tmp-" + UUID.randomUUID());
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, net.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> list = Files.list(net)) {
                for (Path p : list.toList()) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(ATTEMPT) && !n.equals(id) || n.startsWith(CURRENT + ".tmp-")) {
                        deleteQuietly(p);
                    }
                }
            }
            return;
        }
        org.apache.hadoop.fs.Path net = remoteNetworkDir(staging, network);
        FileSystem fs = net.getFileSystem(conf);
        if (!fs.exists(new org.apache.hadoop.fs.Path(net, id + ".git"))) {
            return; // the attempt uploaded nothing (every fetch failed): the committed mirror stays
        }
        // One small write that replaces the pointer whole; a pointer cut short by a crash names no folder, and the
        // next attempt clones.
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(net, CURRENT), true)) {
            out.write((id + ".git\n").getBytes(StandardCharsets.UTF_8));
        }
        for (FileStatus st : fs.listStatus(net)) {
            String n = st.getPath().getName();
            if (n.startsWith(ATTEMPT) && !n.equals(id + ".git")) {
                fs.delete(st.getPath(), true);
            }
        }
    }

    /** Deletes a scratch folder an attempt mirrored into before uploading it. */
    static void discardScratch(String staging, Attempt attempt) {
        if (!isLocal(staging)) {
            deleteQuietly(attempt.dir());
        }
    }

    /** A local folder holding the mirror at {@code gitDir} (a path, or a staged URI downloaded once). */
    static Path local(String gitDir) {
        URI u;
        try {
            u = URI.create(gitDir);
        } catch (IllegalArgumentException e) {
            return Path.of(gitDir);
        }
        if (u.getScheme() == null || u.getScheme().length() == 1) {
            return Path.of(gitDir);
        }
        if (u.getScheme().equals("file")) {
            return Path.of(u.getPath());
        }
        return LOCAL.computeIfAbsent(gitDir, k -> {
            try {
                Path dir = Files.createTempDirectory(scratchRoot(), "keyward-staged-").resolve("repo.git");
                download(k, dir, hadoopConf());
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download the staged mirror " + k, e);
            }
        });
    }

    /** The folder of one network's mirrors on a non-{@code file:} staging URI. */
    static org.apache.hadoop.fs.Path remoteNetworkDir(String staging, String network) {
        return new org.apache.hadoop.fs.Path(staging, "mirrors/" + hash(network));
    }

    /** The committed mirror of a network on a non-{@code file:} staging URI, or null. */
    static String committed(String staging, String network, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path net = remoteNetworkDir(staging, network);
        FileSystem fs = net.getFileSystem(conf);
        org.apache.hadoop.fs.Path pointer = new org.apache.hadoop.fs.Path(net, CURRENT);
        if (!fs.exists(pointer)) {
            return null;
        }
        String name;
        try (FSDataInputStream in = fs.open(pointer)) {
            name = new String(in.readNBytes(256), StandardCharsets.UTF_8).strip();
        }
        if (!name.startsWith(ATTEMPT) || !name.endsWith(".git") || name.contains("/")) {
            return null;
        }
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(net, name);
        return fs.exists(dir) && fs.getFileStatus(dir).isDirectory() ? dir.toString() : null;
    }

    /** Copies a staged mirror folder to {@code to} on this machine (no checksum files beside it). */
    static void download(String staged, Path to, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(staged);
        Files.createDirectories(to.getParent());
        src.getFileSystem(conf).copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(to.toUri()), true);
        if (!Files.isDirectory(to)) {
            throw new IOException("nothing downloaded from " + staged);
        }
    }

    /** Drops this JVM's copies of staged mirrors that a commit has since deleted (their jobs are over). */
    static void evictGone(Configuration conf) {
        for (var e : LOCAL.entrySet()) {
            boolean gone;
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(e.getKey());
                gone = !p.getFileSystem(conf).exists(p);
            } catch (IOException | RuntimeException ex) {
                gone = false;
            }
            if (gone && LOCAL.remove(e.getKey(), e.getValue())) {
                deleteQuietly(e.getValue().getParent());
            }
        }
    }

    /** This JVM's copies of staged mirrors, by staged URI (a test reads it). */
    static Map<String, Path> localCopies() {
        return Map.copyOf(LOCAL);
    }

    /**
     * Where an attempt's scratch folder and downloaded mirrors go: the folder Spark gives the application on this
     * machine (removed with it), or the temporary folder outside Spark.
     */
    static Path scratchRoot() throws IOException {
        Path root = SparkEnv.get() != null ? Path.of(SparkFiles.getRootDirectory()).toAbsolutePath()
                : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createDirectories(root);
    }

    /** The Hadoop configuration of a task: the defaults and the job's {@code spark.hadoop.*} settings. */
    static Configuration hadoopConf() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> t : env.conf().getAllWithPrefix("spark.hadoop.")) {
                conf.set(t._1(), t._2());
            }
        }
        return conf;
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // Best effort: what is left is deleted by the next commit of the network.
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // As above: a folder being written by a killed attempt may change under the walk.
        }
    }
}

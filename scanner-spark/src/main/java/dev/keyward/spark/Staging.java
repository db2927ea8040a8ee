package dev.keyward.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;

/**
 * Where mirrors live between the stages. On a {@code file:} staging URI (one machine, or a shared mount) the
 * mirrors are made in place and read in place; on any other Hadoop file system ({@code s3a://}, {@code hdfs://})
 * a task mirrors into its local disk and uploads the bare repository, and a task that reads it downloads it once
 * per executor JVM.
 */
final class Staging {

    // Downloaded mirrors of this JVM, by staged URI: each is fetched once however many tasks read it.
    private static final ConcurrentHashMap<String, Path> LOCAL = new ConcurrentHashMap<>();

    private Staging() {
    }

    static boolean isLocal(String staging) {
        URI u = URI.create(staging);
        return u.getScheme() == null || u.getScheme().equals("file");
    }

    /** The local folder mirrors are made in: the staging folder itself, or a scratch folder. */
    static Path mirrorDir(String staging) throws IOException {
        if (isLocal(staging)) {
            Path p = Path.of(URI.create(staging).getScheme() == null ? staging : URI.create(staging).getPath());
            Files.createDirectories(p);
            return p.resolve("mirrors");
        }
        return Files.createTempDirectory("keyward-mirrors-");
    }

    /** Uploads a mirror made in a scratch folder; returns the URI tasks read it from. */
    static String publish(String staging, Path gitDir, String network) throws IOException {
        if (isLocal(staging)) {
            return gitDir.toString();
        }
        org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(staging, "mirrors/" + hash(network) + ".git");
        Configuration conf = new Configuration();
        FileSystem fs = dst.getFileSystem(conf);
        fs.delete(dst, true);
        FileUtil.copy(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(gitDir.toUri()), fs, dst, false,
                conf);
        return dst.toString();
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
                Path dir = Files.createTempDirectory("keyward-staged-").resolve("repo.git");
                Configuration conf = new Configuration();
                org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(k);
                src.getFileSystem(conf).copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dir.toUri()), true);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download the staged mirror " + k, e);
            }
        });
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

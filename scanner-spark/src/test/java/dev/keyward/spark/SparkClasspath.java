package dev.keyward.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Spark 4.2 installation has on its class path, taken from the test's: Spark and its own dependencies, and
 * nothing that only keyward needs (keyward's modules, JGit, RE2/J, picocli, SSHD, the TOML reader) or only the
 * tests need. A job that runs on it found everything else in the application jar.
 */
final class SparkClasspath {

    // Maven repository folders of what a Spark installation lacks (Jackson core, Commons IO and Codec, slf4j are
    // Spark's own dependencies too, so they stay).
    private static final List<String> NOT_SPARK = List.of("/org/eclipse/jgit/", "/com/google/re2j/",
            "/info/picocli/", "/org/apache/sshd/", "/org/xerial/sqlite-jdbc/", "/com/googlecode/javaewah/",
            "/com/fasterxml/jackson/dataformat/jackson-dataformat-toml/", "/org/junit/", "/org/assertj/",
            "/net/jqwik/", "/com/tngtech/", "/org/opentest4j/", "/org/apiguardian/", "/net/bytebuddy/",
            "/org/apache/hadoop/hadoop-client-minicluster/");

    private SparkClasspath() {
    }

    /** The entries of {@code classpath} that a Spark installation has. */
    static String of(String classpath) {
        List<String> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            String unix = e.replace(File.separatorChar, '/');
            // Keyward's modules are folders or jars of this build, never jars of the local Maven repository.
            if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e)) && unix.contains("/repository/")
                    && NOT_SPARK.stream().noneMatch(unix::contains)) {
                out.add(e);
            }
        }
        if (out.stream().noneMatch(e -> e.contains("spark-core_2.13"))) {
            throw new IllegalStateException("no Spark on the class path: " + classpath);
        }
        return String.join(File.pathSeparator, out);
    }

    /** The application jar {@code mvn package} built (failsafe names it). */
    static Path applicationJar() {
        String jar = System.getProperty("keyward.sparkJar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no application jar at " + jar + "; run through mvn verify");
        }
        return Path.of(jar);
    }
}

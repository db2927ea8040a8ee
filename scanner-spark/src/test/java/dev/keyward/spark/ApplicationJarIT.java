package dev.keyward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the spark-submit jar holds: keyward and what a cluster lacks; no Spark, Scala or Hadoop; no clashes. */
class ApplicationJarIT {

    @Test
    void holdsKeywardAndItsLibrariesWithTheClashingOnesRelocated() throws Exception {
        try (JarFile jar = new JarFile(SparkClasspath.applicationJar().toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.keyward.spark.SparkMain");
            for (String have : List.of("dev/keyward/spark/SparkMain.class", "dev/keyward/Scanner.class",
                    "dev/keyward/org/Mirrors.class", "org/eclipse/jgit/api/Git.class", "picocli/CommandLine.class",
                    "dev/keyward/shaded/re2j/Pattern.class", "dev/keyward/shaded/jackson/databind/ObjectMapper.class",
                    "dev/keyward/shaded/jackson/dataformat/toml/TomlMapper.class",
                    "dev/keyward/shaded/commons/io/IOUtils.class")) {
                assertThat(names).contains(have);
            }
            assertThat(jar.getEntry("dev/keyward/rules/aws.toml")).as("the rule pack").isNotNull();
            for (String prefix : List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "org/slf4j/",
                    "com/fasterxml/", "com/google/re2j/", "org/apache/commons/io/", "org/apache/commons/codec/",
                    "org/sqlite/", "META-INF/versions/")) {
                assertThat(names).noneMatch(n -> n.startsWith(prefix));
            }
        }
    }
}

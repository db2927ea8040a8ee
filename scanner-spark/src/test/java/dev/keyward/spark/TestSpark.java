package dev.keyward.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark of a test JVM ({@code local[2,2]}: two cores, a failed task tried again once; loopback only,
 * UI off), shared by the test classes: starting Spark costs more than most of their runs. Never stopped by a test;
 * Spark's own shutdown hook stops it when the JVM exits.
 */
final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession local() {
        if (session == null || session.sparkContext().isStopped()) {
            session = LocalJobTest.session("local[2,2]");
        }
        return session;
    }
}

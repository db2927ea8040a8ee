/**
 * The organisation scan as an Apache Spark job: {@link dev.keyward.spark.KeywardJob} runs the pipeline
 * (list, mirror and enumerate per fork network, dedup, cut into ranges by blob ID, scan, attribute, aggregate),
 * {@link dev.keyward.spark.SparkMain} is its command line for {@code spark-submit} and {@code ./keyward-spark},
 * and {@link dev.keyward.spark.ParquetStateStore} keeps the incremental state as tables on the job's file system.
 */
package dev.keyward.spark;

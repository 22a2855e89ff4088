/**
 * Fleet-scale batch inference and evaluation of a real2sim bundle on Apache Spark.
 *
 * <p>{@link org.real2sim.spark.BatchJob} reads images (Spark's {@code binaryFile} source over a
 * folder, or a CSV/Parquet table of paths), runs them through one thread-safe runtime {@link
 * org.real2sim.runtime.Pipeline} per executor JVM ({@link org.real2sim.spark.ExecutorPipelines}),
 * writes predictions and a reject table to Parquet, and in evaluation mode aggregates the trainer's
 * {@link org.real2sim.trainer.eval.ConfusionMatrix} across partitions ({@code Tally}). {@link
 * org.real2sim.spark.SparkCommand} is the command line ({@code ./real2sim-spark}, or the main class
 * of {@code spark-submit}). Spark is a {@code provided} dependency of this module only: nothing
 * that embeds the runtime sees it.
 */
package org.real2sim.spark;

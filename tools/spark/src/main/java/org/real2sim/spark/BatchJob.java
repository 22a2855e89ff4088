package org.real2sim.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.trainer.eval.ConfusionMatrix;

/**
 * Batch inference, and optionally evaluation, of a bundle over images on Spark.
 *
 * <p>The driver reads the bundle's manifest (task, classes), builds the input ({@code binaryFile}
 * over a folder: {@code path} and {@code content}; or a table of paths whose bytes the executors
 * read through Hadoop's file systems), runs {@link Inference} on every partition, and writes:
 *
 * <ul>
 *   <li>{@code <out>/predictions/} (Parquet): one row per image, the columns of {@link Inference};
 *   <li>{@code <out>/rejects/} (Parquet): {@code path, reason} for every image that could not be
 *       read, decoded, fitted to the bundle's size policy or labeled; counted, never fatal;
 *   <li>{@code <out>/summary.json}: counts, time, images/s and, in evaluation mode, the metric, its
 *       per-class values, per-class IoU and the merged confusion matrix.
 * </ul>
 *
 * <p>In evaluation mode each partition folds its rows into one trainer {@link ConfusionMatrix}
 * ({@code mapPartitions}); the driver merges the partial matrices, so the numbers are those of one
 * matrix over all images, as the trainer's evaluation computes them. The results are persisted
 * between the writes and the aggregation, so every image is inferred once.
 */
public final class BatchJob {

  /** The predictions folder under the output folder. */
  public static final String PREDICTIONS = "predictions";

  /** The reject table's folder under the output folder. */
  public static final String REJECTS = "rejects";

  /** The summary file in the output folder. */
  public static final String SUMMARY = "summary.json";

  private static final String GLOB = "*.{png,jpg,jpeg,bmp,gif,PNG,JPG,JPEG,BMP,GIF}";

  private BatchJob() {}

  /**
   * Runs {@code cfg} on {@code spark} and returns what it did.
   *
   * @throws PipelineException or {@link org.real2sim.runtime.bundle.BundleException} when the
   *     bundle cannot be found or opened on the driver
   * @throws IllegalArgumentException naming the column when the input table has no path column
   */
  public static JobResult run(SparkSession spark, JobConfig cfg) {
    BundleManifest manifest = manifest(cfg.bundle());
    Task task = manifest.task();
    long t0 = System.nanoTime();
    Dataset<Row> in = input(spark, cfg, task);
    if (cfg.partitions() > 0) {
      in = in.repartition(cfg.partitions());
    }
    String labelDir =
        cfg.evaluate() && task == Task.SEGMENTATION && cfg.labels() != null
            ? absolute(cfg.labels())
            : null;
    StructType schema = Inference.schema(task);
    Dataset<Row> all =
        in.mapPartitions(
                new Inference(cfg.bundle(), task, manifest.classes(), cfg.evaluate(), labelDir),
                Encoders.row(schema))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> ok = all.filter(col(Inference.REJECT).isNull()).drop(Inference.REJECT);
      Dataset<Row> rejected =
          all.filter(col(Inference.REJECT).isNotNull())
              .select(col("path"), col(Inference.REJECT).as("reason"));
      String out = cfg.output().replaceAll("/+$", "");
      ok.write().mode(SaveMode.Overwrite).parquet(out + "/" + PREDICTIONS);
      // The reject table is small: one file, one task.
      rejected.coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/" + REJECTS);
      // One pass over the cached rows counts predictions and rejects and, when evaluating, folds
      // the confusion matrix (a groupBy count and a separate fold were three more jobs).
      Tally tally = Tally.of(all, task, manifest.classes().size(), cfg.evaluate());
      long images = tally.images();
      long rejects = tally.rejects();
      ConfusionMatrix cm = cfg.evaluate() ? tally.confusion() : null;
      double seconds = (System.nanoTime() - t0) / 1e9;
      JobResult r =
          new JobResult(
              task == Task.SEGMENTATION ? "segmentation" : "classification",
              images,
              rejects,
              seconds,
              manifest.classes(),
              cm);
      writeSummary(spark, out + "/" + SUMMARY, r);
      return r;
    } finally {
      all.unpersist();
    }
  }

  /** The manifest of the bundle, read on the driver (a directory or a zip). */
  static BundleManifest manifest(BundleRef ref) {
    Path p = ref.resolve();
    if (Files.isDirectory(p)) {
      return BundleManifest.read(p);
    }
    try (InputStream in = Files.newInputStream(p)) {
      return BundleManifest.read(
          BundleSource.zip(in, p.toString(), Options.DEFAULT_MAX_BUNDLE_BYTES));
    } catch (IOException e) {
      throw new PipelineException("Cannot read bundle zip " + p + ": " + e.getMessage(), e);
    }
  }

  /** The input rows: {@code path}, {@code content} (null: read by the executor), {@code label}. */
  private static Dataset<Row> input(SparkSession spark, JobConfig cfg, Task task) {
    Dataset<Row> in;
    if (cfg.inputKind() == JobConfig.InputKind.FOLDER) {
      in =
          spark
              .read()
              .format("binaryFile")
              .option("recursiveFileLookup", "true")
              .option("pathGlobFilter", GLOB)
              .load(cfg.input())
              .select(col("path"), col("content"));
    } else {
      Dataset<Row> t = table(spark, cfg.input());
      if (!List.of(t.columns()).contains(cfg.pathColumn())) {
        throw new IllegalArgumentException(
            "Input table "
                + cfg.input()
                + " has no column '"
                + cfg.pathColumn()
                + "' (columns: "
                + List.of(t.columns())
                + "); name the column of image paths with --path-column");
      }
      in =
          t.select(
              resolved(col(cfg.pathColumn()).cast("string"), parent(cfg.input())).as("path"),
              lit(null).cast(DataTypes.BinaryType).as("content"));
    }
    if (cfg.evaluate() && task == Task.CLASSIFICATION && cfg.labels() != null) {
      Dataset<Row> labels = table(spark, cfg.labels());
      for (String c : List.of("path", "label")) {
        if (!List.of(labels.columns()).contains(c)) {
          throw new IllegalArgumentException(
              "Labels table "
                  + cfg.labels()
                  + " has no column '"
                  + c
                  + "' (columns: "
                  + List.of(labels.columns())
                  + "), expected path,label");
        }
      }
      Dataset<Row> keyed =
          labels.select(
              key(resolved(col("path").cast("string"), parent(cfg.labels()))).as("key"),
              col("label").cast("string").as("label"));
      in =
          in.withColumn("key", key(col("path")))
              .join(keyed, "key", "left")
              .select(col("path"), col("content"), col("label"));
    } else {
      in = in.withColumn("label", lit(null).cast(DataTypes.StringType));
    }
    return in;
  }

  /** A CSV (header row) or Parquet table; CSV by extension, everything else as Parquet. */
  private static Dataset<Row> table(SparkSession spark, String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".csv") || lower.endsWith(".csv.gz")
        ? spark.read().option("header", "true").csv(path)
        : spark.read().parquet(path);
  }

  /** A path relative to {@code base} when it has neither a leading slash nor a scheme. */
  private static Column resolved(Column path, String base) {
    return when(path.rlike("^(/|[A-Za-z][A-Za-z0-9+.-]*:)"), path)
        .otherwise(concat(lit(base + "/"), path));
  }

  /** The join key of a path: without a {@code file:} scheme. */
  private static Column key(Column path) {
    return regexp_replace(path, "^file:(//)?", "");
  }

  private static String parent(String path) {
    if (path.contains(":")) {
      int slash = path.lastIndexOf('/');
      return slash > 0 ? path.substring(0, slash) : path;
    }
    Path p = Path.of(path).toAbsolutePath().getParent();
    return p == null ? "/" : p.toString();
  }

  private static String absolute(String path) {
    return path.contains(":") ? path : Path.of(path).toAbsolutePath().toString();
  }

  private static void writeSummary(SparkSession spark, String file, JobResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", r.task());
    m.put("images", r.images());
    m.put("rejects", r.rejects());
    m.put("seconds", r.seconds());
    m.put("imagesPerSecond", r.imagesPerSecond());
    m.put("classes", r.classes());
    if (r.evaluated()) {
      m.put("metric", r.metric());
      m.put("value", r.value());
      m.put("perClass", nullable(r.perClass()));
      m.put("iou", nullable(r.confusion().iou()));
      m.put("accuracy", r.confusion().accuracy());
      m.put("confusion", r.confusion().toArray());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
    try {
      FileSystem fs = p.getFileSystem(conf);
      try (OutputStream out = fs.create(p, true)) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Double> nullable(double[] v) {
    List<Double> out = new ArrayList<>();
    for (double d : v) {
      out.add(Double.isNaN(d) ? null : d);
    }
    return out;
  }
}

package org.real2sim.spark;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.spark.sql.SparkSession;
import org.real2sim.runtime.image.ImageFiles;

/**
 * {@code real2sim-spark}: batch inference, and with {@code --evaluate} evaluation, of a bundle on
 * Spark. The main class for {@code spark-submit} and for the local launcher {@code
 * ./real2sim-spark}. Exit codes: 0 success, 1 failure, 2 usage error.
 */
public final class SparkCommand {

  private static final String OPEN_COST = "spark.sql.files.openCostInBytes";

  private SparkCommand() {}

  /** Entry point; exits with the command's exit code. */
  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    if (rc != 0) {
      System.exit(rc);
    }
  }

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = options();
    CommandLine line;
    JobConfig cfg;
    try {
      line = new DefaultParser().parse(o, args);
      if (line.hasOption("help")) {
        help(out, o);
        return 0;
      }
      cfg = config(line);
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim-spark: " + e.getMessage());
      err.println("real2sim-spark --help lists the options");
      return 2;
    }
    SparkSession.Builder b = SparkSession.builder().appName("real2sim-spark");
    if (System.getProperty(OPEN_COST) == null) {
      // Spark packs files into partitions counting 4 MB per file to open: with camera frames of
      // ~10-500 kB that makes partitions (and output files, and task commits) of a few dozen
      // images. 64 kB packs up to spark.sql.files.maxPartitionBytes (128 MB) of images instead.
      b.config(OPEN_COST, String.valueOf(64 << 10));
    }
    if (line.hasOption("master")) {
      b.master(line.getOptionValue("master"));
    }
    SparkSession spark = b.getOrCreate();
    try {
      if (line.hasOption("master")) {
        spark.sparkContext().setLogLevel("WARN");
      }
      JobResult r = BatchJob.run(spark, cfg);
      print(r, cfg, out);
      return 0;
    } catch (RuntimeException e) {
      err.println("real2sim-spark: " + e.getMessage());
      return 1;
    } finally {
      spark.stop();
    }
  }

  /** Prints the counts, the throughput and, after an evaluation, the metric and per-class table. */
  static void print(JobResult r, JobConfig cfg, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "real2sim-spark: %d images predicted, %d rejected, %.1f s, %.1f images/s -> %s%n",
        r.images(),
        r.rejects(),
        r.seconds(),
        r.imagesPerSecond(),
        cfg.output());
    if (!r.evaluated()) {
      return;
    }
    out.printf(Locale.ROOT, "%-10s %9s%n", "images", r.metric());
    out.printf(
        Locale.ROOT,
        "%-10d %8.2f%%%n",
        r.confusion().total() > 0 ? r.images() : 0,
        100 * r.value());
    out.println(r.metric().equals("miou") ? "per-class IoU (%)" : "per-class accuracy (%)");
    StringBuilder head = new StringBuilder();
    StringBuilder vals = new StringBuilder();
    double[] per = r.perClass();
    for (int c = 0; c < per.length; c++) {
      String n = r.classes().get(c);
      head.append(String.format(Locale.ROOT, " %7s", n.length() <= 7 ? n : n.substring(0, 7)));
      vals.append(
          Double.isNaN(per[c]) ? "       -" : String.format(Locale.ROOT, " %7.1f", 100 * per[c]));
    }
    out.println(head);
    out.println(vals);
  }

  static JobConfig config(CommandLine line) {
    if (!line.hasOption("bundle") || !line.hasOption("out")) {
      throw new IllegalArgumentException("--bundle and --out are required");
    }
    if (line.hasOption("input") == line.hasOption("paths")) {
      throw new IllegalArgumentException(
          "give exactly one of --input DIR (a folder of images) and --paths TABLE (a CSV or"
              + " Parquet table of image paths)");
    }
    if (line.hasOption("labels") && !line.hasOption("evaluate")) {
      throw new IllegalArgumentException("--labels is read only with --evaluate");
    }
    BundleRef bundle =
        new BundleRef(
            line.getOptionValue("bundle"),
            line.getOptionValue("device", "cpu"),
            integer(line, "threads", 1),
            line.hasOption("scores"),
            longValue(line, "max-pixels", ImageFiles.DEFAULT_MAX_PIXELS));
    boolean folder = line.hasOption("input");
    return new JobConfig(
        folder ? line.getOptionValue("input") : line.getOptionValue("paths"),
        folder ? JobConfig.InputKind.FOLDER : JobConfig.InputKind.TABLE,
        line.getOptionValue("path-column", "path"),
        bundle,
        line.getOptionValue("out"),
        line.hasOption("evaluate"),
        line.getOptionValue("labels"),
        integer(line, "partitions", 0));
  }

  private static int integer(CommandLine line, String name, int dflt) {
    long v = longValue(line, name, dflt);
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " is too large: " + v);
    }
    return (int) v;
  }

  private static long longValue(CommandLine line, String name, long dflt) {
    String s = line.getOptionValue(name);
    if (s == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(s.strip());
      if (v < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative, found " + s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " expects an integer, found '" + s + "'");
    }
  }

  private static Options options() {
    Options o = new Options();
    o.addOption(
        opt(
            "bundle",
            "PATH",
            "bundle directory or .zip on a shared path, or the name of"
                + " a zip shipped with spark-submit --files"));
    o.addOption(opt("input", "DIR", "folder of images, read recursively (binaryFile source)"));
    o.addOption(opt("paths", "TABLE", "CSV (with header) or Parquet table of image paths"));
    o.addOption(opt("path-column", "NAME", "the table's column of paths (default path)"));
    o.addOption(opt("out", "DIR", "output folder: predictions/, rejects/ (Parquet), summary.json"));
    o.addOption(
        Option.builder()
            .longOpt("evaluate")
            .desc("join labels and report accuracy or mIoU with per-class values")
            .build());
    o.addOption(
        opt(
            "labels",
            "PATH",
            "classification: table of path,label (default: the folder layout <class>/<image>);"
                + " segmentation: folder of label PNGs <stem>.png (default: the paired layout,"
                + " images/ -> labels/)"));
    o.addOption(opt("master", "URL", "Spark master, e.g. local[2] (default: spark-submit's)"));
    o.addOption(
        opt("partitions", "N", "repartition the input into N partitions (default: Spark's)"));
    o.addOption(opt("threads", "N", "ONNX Runtime intra-op threads per call (default 1)"));
    o.addOption(opt("device", "DEVICE", "cpu or cuda:N (default cpu)"));
    o.addOption(Option.builder().longOpt("scores").desc("write classification scores").build());
    o.addOption(opt("max-pixels", "N", "refuse images over N pixels (default 2^25)"));
    o.addOption(Option.builder().longOpt("help").desc("print this help").build());
    return o;
  }

  private static Option opt(String name, String arg, String desc) {
    return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
  }

  private static void help(PrintStream out, Options o) {
    java.io.PrintWriter w = new java.io.PrintWriter(out);
    new HelpFormatter()
        .printHelp(
            w,
            100,
            "real2sim-spark --bundle PATH (--input DIR | --paths TABLE) --out DIR [--evaluate]",
            "Batch inference and evaluation of a bundle on Apache Spark.",
            o,
            2,
            2,
            "");
    w.flush();
  }
}

package org.real2sim.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.runtime.image.ImageSize;
import org.real2sim.runtime.io.FileTrees;
import org.real2sim.tools.perf.PipelineBenchmark;
import org.real2sim.trainer.data.DataException;

/**
 * {@code real2sim bench-pipeline}: images/s of the input pipeline (decode + augment) at 64 px, 256
 * px and 1024×512 on 1 and 2 threads, printed as a Markdown table.
 */
final class BenchPipelineCommand {

  /** The parsed command line. */
  record Args(List<int[]> sizes, List<Integer> threads, int images, int windowMs, Path work) {}

  private BenchPipelineCommand() {}

  private static Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("sizes")
            .hasArg()
            .argName("LIST")
            .desc(
                "image sizes, HxW (height x width) or N (square), comma-separated (default 64,256,512x1024)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("threads")
            .hasArg()
            .argName("LIST")
            .desc("loader thread counts, comma-separated (default 1,2)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("images")
            .hasArg()
            .argName("N")
            .desc("images written per size (default 32); 3 windows of max(2N, 48) are timed")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("window-ms")
            .hasArg()
            .argName("MS")
            .desc(
                "shortest timed window in ms (default "
                    + PipelineBenchmark.DEFAULT_WINDOW_MS
                    + "; the warm-up lasts 60 % of it)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("work")
            .hasArg()
            .argName("DIR")
            .desc("where to write the test images (default: a temporary folder, deleted after)")
            .get());
    o.addOption(Option.builder("h").longOpt("help").desc("print this help").get());
    return o;
  }

  /**
   * Parses {@code args}.
   *
   * @return null when help was asked for
   * @throws IllegalArgumentException naming the option and value on a usage error
   */
  static Args parse(String[] args) throws ParseException {
    CommandLine cl = CommandLines.parse(options(), args);
    if (cl.hasOption("help")) {
      return null;
    }
    List<int[]> sizes = new ArrayList<>();
    for (String s : cl.getOptionValue("sizes", "64,256,512x1024").split(",")) {
      sizes.add(size(s.trim()));
    }
    List<Integer> threads = new ArrayList<>();
    for (String s : cl.getOptionValue("threads", "1,2").split(",")) {
      int t = positive("--threads", s.trim());
      threads.add(t);
    }
    int images = positive("--images", cl.getOptionValue("images", "32"));
    if (images < 4) {
      throw new IllegalArgumentException(
          "--images must be at least 4 (one batch), found " + images);
    }
    int windowMs =
        positive(
            "--window-ms",
            cl.getOptionValue("window-ms", Integer.toString(PipelineBenchmark.DEFAULT_WINDOW_MS)));
    String work = cl.getOptionValue("work");
    return new Args(sizes, threads, images, windowMs, work == null ? null : Path.of(work));
  }

  /** One {@code --sizes} entry, {@code HxW} or {@code N}, as {width, height} for the benchmark. */
  private static int[] size(String s) {
    ImageSize size = ImageSize.parse("--sizes entry", s);
    return check(new int[] {size.width(), size.height()}, s);
  }

  private static int[] check(int[] wh, String s) {
    if (wh[0] < 16 || wh[1] < 16 || wh[0] > 4096 || wh[1] > 4096) {
      throw new IllegalArgumentException(
          "--sizes entry must be 16..4096 per side, found '" + s + "'");
    }
    return wh;
  }

  private static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(option + " needs positive integers, found '" + v + "'");
  }

  /** Runs the command; returns 0 (success), 1 (failure) or 2 (usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Args a;
    try {
      a = parse(args);
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim bench-pipeline: " + e.getMessage());
      err.println("Try 'real2sim bench-pipeline --help'.");
      return 2;
    }
    if (a == null) {
      out.println("usage: real2sim bench-pipeline [options]");
      out.println("Measure decode + augment throughput (images/s) per size and thread count.");
      out.println();
      Help.options(out, options());
      return 0;
    }
    Path work = a.work();
    boolean temporary = work == null;
    try {
      if (temporary) {
        work = Files.createTempDirectory("real2sim-bench-pipeline");
      }
      out.printf(
          "cores: %d, java %s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      List<PipelineBenchmark.Row> rows =
          PipelineBenchmark.run(a.sizes(), a.threads(), a.images(), work, a.windowMs(), out);
      out.println();
      out.print(PipelineBenchmark.table(rows));
      return 0;
    } catch (IOException | DataException e) {
      err.println("real2sim bench-pipeline: " + e.getMessage());
      return 1;
    } finally {
      if (temporary && work != null) {
        IOException failed = FileTrees.deleteQuietly(work);
        if (failed != null) {
          err.println(
              "real2sim bench-pipeline: could not delete " + work + ": " + failed.getMessage());
        }
      }
    }
  }
}

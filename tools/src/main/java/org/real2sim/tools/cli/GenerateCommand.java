package org.real2sim.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.tools.generate.BenchmarkGenerator;
import org.real2sim.tools.generate.GeneratorConfig;
import org.real2sim.tools.generate.SeparabilityCheck;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.util.ProgressBar;

/**
 * {@code real2sim generate}: writes a procedural domain-gap benchmark ({@code shapes} or {@code
 * streets}) from a seed; with {@code --check}, then fits quick linear classifiers and prints
 * synthetic→synthetic, synthetic→real and real→real scores.
 */
final class GenerateCommand {

  /** The parsed command line. */
  record Args(GeneratorConfig config, boolean overwrite, boolean check) {}

  private GenerateCommand() {}

  private static Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("benchmark")
            .hasArg()
            .argName("NAME")
            .desc("shapes (classification) or streets (segmentation); required")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("out")
            .hasArg()
            .argName("DIR")
            .desc("output folder, absent or empty; required")
            .get());
    o.addOption(
        Option.builder().longOpt("seed").hasArg().argName("N").desc("seed (default 0)").get());
    o.addOption(
        Option.builder()
            .longOpt("size")
            .hasArg()
            .argName("N")
            .desc(
                "shapes: square side 16..256 (default 32); streets: width 32..2048, height ="
                    + " width/2 (default 128)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("count")
            .hasArg()
            .argName("N")
            .desc("training images per domain (default shapes 2000, streets 500)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("val-count")
            .hasArg()
            .argName("N")
            .desc("validation images per domain (default shapes 500, streets 100)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("threads")
            .hasArg()
            .argName("N")
            .desc("rendering threads (default: the cores); the files do not depend on it")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("overwrite")
            .desc("replace a benchmark already in --out (only its own files)")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("check")
            .desc("afterwards, print quick linear-classifier scores S->S, S->R, R->R")
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
    String benchmark = cl.getOptionValue("benchmark");
    if (benchmark == null) {
      throw new IllegalArgumentException(
          "--benchmark is required: one of " + GeneratorConfig.BENCHMARKS);
    }
    if (!GeneratorConfig.BENCHMARKS.contains(benchmark)) {
      throw new IllegalArgumentException(
          "Unknown benchmark '" + benchmark + "', expected one of " + GeneratorConfig.BENCHMARKS);
    }
    String out = cl.getOptionValue("out");
    if (out == null) {
      throw new IllegalArgumentException("--out is required (an absent or empty folder)");
    }
    GeneratorConfig d = GeneratorConfig.defaults(benchmark, Path.of(out));
    boolean shapes = benchmark.equals("shapes");
    int size = CommandLines.intOption(cl, "size", d.width());
    if (shapes ? size < 16 || size > 256 : size < 32 || size > 2048 || size % 2 != 0) {
      throw new IllegalArgumentException(
          "--size for "
              + benchmark
              + " must be "
              + (shapes ? "16..256" : "an even width 32..2048")
              + ", found "
              + size);
    }
    int threads = CommandLines.intOption(cl, "threads", Runtime.getRuntime().availableProcessors());
    GeneratorConfig cfg =
        new GeneratorConfig(
            benchmark,
            Path.of(out),
            CommandLines.longOption(cl, "seed", 0),
            size,
            shapes ? size : size / 2,
            CommandLines.intOption(cl, "count", d.trainCount()),
            CommandLines.intOption(cl, "val-count", d.valCount()),
            threads);
    return new Args(cfg, cl.hasOption("overwrite"), cl.hasOption("check"));
  }

  private static void usage(PrintStream s) {
    s.println("usage: real2sim generate --benchmark shapes|streets --out DIR [options]");
    s.println(
        "Write a procedural domain-gap benchmark (synthetic/ and real/ domains) from a seed.");
    s.println();
    Help.options(s, options());
  }

  /** Runs the command; returns 0 (success), 1 (failure) or 2 (usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Args a;
    try {
      a = parse(args);
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim generate: " + e.getMessage());
      err.println("Try 'real2sim generate --help'.");
      return 2;
    }
    if (a == null) {
      usage(out);
      return 0;
    }
    GeneratorConfig cfg = a.config();
    try {
      long t0 = System.nanoTime();
      try (ProgressBar bar =
          ProgressBar.on("generate " + cfg.benchmark(), BenchmarkGenerator.imageCount(cfg), out)) {
        BenchmarkGenerator.generate(cfg, a.overwrite(), bar);
      }
      out.printf(
          Locale.ROOT,
          "wrote %d images (%dx%d, seed %d) to %s in %.1f s%n",
          BenchmarkGenerator.imageCount(cfg),
          cfg.width(),
          cfg.height(),
          cfg.seed(),
          cfg.out(),
          (System.nanoTime() - t0) / 1e9);
      if (a.check()) {
        out.println("separability check (linear classifiers on fixed features):");
        out.printf(
            "  %-44s %-8s %8s %8s %8s %8s%n",
            "features", "metric", "S->S", "S->R", "R->R", "chance");
        for (SeparabilityCheck.Row r :
            SeparabilityCheck.run(cfg.out(), cfg.benchmark(), cfg.seed())) {
          out.printf(
              Locale.ROOT,
              "  %-44s %-8s %8.3f %8.3f %8.3f %8.3f%n",
              r.features(),
              r.metric(),
              r.synthToSynth(),
              r.synthToReal(),
              r.realToReal(),
              r.chance());
        }
      }
      return 0;
    } catch (IOException | DataException e) {
      err.println("real2sim generate: " + e.getMessage());
      return 1;
    }
  }

  /** The command's option names, for tests. */
  static List<String> optionNames() {
    return options().getOptions().stream().map(Option::getLongOpt).toList();
  }
}

package org.real2sim.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;
import org.real2sim.exporter.pipeline.TinyExport;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.image.ImageSize;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.FileTrees;
import org.real2sim.tools.soak.Soak;

/**
 * {@code real2sim soak}: runs 100,000 inferences (by default) on a bundle, a tiny generated one
 * unless {@code --bundle} is given, samples the resident memory every 10,000, and fails when it
 * grew by more than {@code --max-growth-mb} after the first interval. Not part of CI.
 */
final class SoakCommand {

  private SoakCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    org.apache.commons.cli.Options opts = new org.apache.commons.cli.Options();
    opts.addOption(
        Option.builder()
            .longOpt("bundle")
            .hasArg()
            .argName("DIR")
            .desc("bundle to run (default: a tiny generated bundle)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("iterations")
            .hasArg()
            .argName("N")
            .desc("inference calls (default 100000)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("every")
            .hasArg()
            .argName("N")
            .desc("sample memory every N calls (default 10000)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("warmup")
            .hasArg()
            .argName("N")
            .desc("untimed calls first (default 1000)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("size")
            .hasArg()
            .argName("HxW")
            .desc("image size (default 32x32)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("batch")
            .hasArg()
            .argName("N")
            .desc("images per call (default 1)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("threads")
            .hasArg()
            .argName("N")
            .desc("intra-op threads (default 1)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("device")
            .hasArg()
            .argName("D")
            .desc("cpu, cuda or cuda:N (default cpu)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("max-growth-mb")
            .hasArg()
            .argName("MB")
            .desc("allowed RSS growth after the first interval (default 32)")
            .build());
    opts.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    CommandLine cl;
    long iterations;
    long every;
    long warmup;
    int batch;
    int threads;
    int h;
    int w;
    double maxGrowthMb;
    try {
      cl = CommandLines.parse(opts, args);
      if (cl.hasOption("help")) {
        new HelpFormatter()
            .printHelp(
                new java.io.PrintWriter(out, true),
                100,
                "real2sim soak",
                "Checks that the runtime's memory stays flat over many inferences.",
                opts,
                2,
                2,
                "",
                true);
        return 0;
      }
      iterations = positive(cl, "iterations", 100_000);
      every = positive(cl, "every", 10_000);
      warmup = Long.parseLong(cl.getOptionValue("warmup", "1000"));
      batch = (int) positive(cl, "batch", 1);
      threads = (int) positive(cl, "threads", 1);
      maxGrowthMb = Double.parseDouble(cl.getOptionValue("max-growth-mb", "32"));
      ImageSize size = ImageSize.parse("--size", cl.getOptionValue("size", "32x32"));
      h = size.height();
      w = size.width();
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim soak: " + e.getMessage());
      return 2;
    }
    Path generated = null;
    try {
      Path bundle;
      if (cl.hasOption("bundle")) {
        bundle = Path.of(cl.getOptionValue("bundle"));
      } else {
        generated = Files.createTempDirectory("real2sim-soak-");
        bundle = generated.resolve("tiny");
        TinyExport.write(bundle, TinyExport.segmenter(4), 1);
        out.println("soak: generated a tiny bundle in " + bundle);
      }
      Options options =
          Options.defaults().device(cl.getOptionValue("device", "cpu")).intraOpThreads(threads);
      byte[] px = new byte[3 * h * w];
      new SplittableRandom(7).nextBytes(px);
      RgbImage image = new RgbImage(h, w, px);
      try (Pipeline p = Pipeline.open(bundle, options)) {
        out.printf(
            Locale.ROOT,
            "soak: %d calls of batch %d at %dx%d on %s, RSS sampled every %d calls%n",
            iterations,
            batch,
            h,
            w,
            p.device(),
            every);
        out.printf("%12s %10s %10s %9s%n", "iteration", "RSS MB", "heap MB", "seconds");
        Soak.Report r =
            Soak.run(
                p,
                image,
                batch,
                iterations,
                every,
                warmup,
                s ->
                    out.printf(
                        Locale.ROOT,
                        "%12d %10.1f %10.1f %9.1f%n",
                        s.iteration(),
                        s.rssBytes() / 1048576.0,
                        s.heapUsedBytes() / 1048576.0,
                        s.seconds()));
        double growthMb = r.growthBytes() / 1048576.0;
        boolean flat = r.flat((long) (maxGrowthMb * 1048576));
        out.printf(
            Locale.ROOT,
            "soak: RSS growth after the first interval %.1f MB (limit %.1f MB), %.0f images/s:"
                + " %s%n",
            growthMb,
            maxGrowthMb,
            r.imagesPerSecond(),
            flat ? "flat" : "GROWING");
        if (r.samples().get(0).rssBytes() < 0) {
          err.println(
              "real2sim soak: /proc/self/status is not readable here, so RSS could not be"
                  + " measured");
          return 1;
        }
        return flat ? 0 : 1;
      }
    } catch (BundleException | PipelineException | IllegalArgumentException | IOException e) {
      err.println("real2sim soak: " + e.getMessage());
      return 1;
    } finally {
      if (generated != null) {
        FileTrees.deleteQuietly(generated);
      }
    }
  }

  private static long positive(CommandLine cl, String name, long dflt) throws ParseException {
    long v = Long.parseLong(cl.getOptionValue(name, Long.toString(dflt)));
    if (v < 1) {
      throw new ParseException("--" + name + " must be >= 1, found " + v);
    }
    return v;
  }
}

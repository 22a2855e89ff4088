package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;
import org.real2sim.exporter.ExportException;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.image.ImageSize;
import org.real2sim.tools.perf.InferenceBenchmark;
import org.real2sim.tools.perf.InferenceTable;
import org.real2sim.tools.perf.OrtNodeProfile;

/**
 * {@code real2sim bench-inference}: per-image latency and achieved GFLOP/s of the fused bundle in
 * ONNX Runtime against the same networks in TensorFlow Java, per size and thread count. Exit codes:
 * 0 measured, 1 failed, 2 usage.
 */
final class BenchInferenceCommand {

  private BenchInferenceCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    org.apache.commons.cli.Options opts = new org.apache.commons.cli.Options();
    opts.addOption(
        Option.builder()
            .longOpt("preset")
            .hasArg()
            .argName("P")
            .desc("network sizes: quick (the quick presets' networks, default) or paper")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("case")
            .hasArg()
            .argName("NAME")
            .desc("only this case: shapes or streets (default: all)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("size")
            .hasArg()
            .argName("HxW")
            .desc("only this image size, height x width, e.g. 128x256 (default: all)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("threads")
            .hasArg()
            .argName("LIST")
            .desc("intra-op thread counts, comma-separated (default 1,2)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("warmup")
            .hasArg()
            .argName("N")
            .desc("untimed calls first (default 3)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("iterations")
            .hasArg()
            .argName("N")
            .desc("timed calls per measurement (default 20)")
            .build());
    opts.addOption(
        Option.builder()
            .longOpt("profile")
            .desc(
                "instead of timing against TensorFlow: ONNX Runtime's per-node profile of each"
                    + " case's bundle model (--iterations traced calls), by operator type and node")
            .build());
    opts.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    InferenceBenchmark.Settings settings;
    List<InferenceBenchmark.Case> cases;
    String preset;
    boolean profile;
    try {
      CommandLine cl = CommandLines.parse(opts, args);
      if (cl.hasOption("help")) {
        CommandLines.printHelp(
            out,
            "real2sim bench-inference [options]",
            "Measures ONNX Runtime against TensorFlow Java on the pipeline f(G_RS(x)).",
            opts,
            "");
        return 0;
      }
      preset = cl.getOptionValue("preset", "quick");
      profile = cl.hasOption("profile");
      cases = new ArrayList<>(InferenceBenchmark.cases(preset));
      if (cl.hasOption("case")) {
        String name = cl.getOptionValue("case");
        cases.removeIf(c -> !c.name().equals(name));
        if (cases.isEmpty()) {
          throw new ParseException(
              "unknown --case '" + name + "', expected one of [shapes, streets]");
        }
      }
      if (cl.hasOption("size")) {
        ImageSize size = ImageSize.parse("--size", cl.getOptionValue("size"));
        List<String> have = cases.stream().map(c -> c.size().toString()).distinct().toList();
        cases.removeIf(c -> !c.size().equals(size));
        if (cases.isEmpty()) {
          throw new ParseException(
              "no case of size " + size + " (height x width); the cases have " + have);
        }
      }
      List<Integer> threads = new ArrayList<>();
      for (String t : cl.getOptionValue("threads", "1,2").split(",")) {
        threads.add(Integer.parseInt(t.trim()));
      }
      settings =
          new InferenceBenchmark.Settings(
              threads,
              Integer.parseInt(cl.getOptionValue("warmup", "3")),
              Integer.parseInt(cl.getOptionValue("iterations", "20")),
              1);
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim bench-inference: " + e.getMessage());
      return 2;
    }
    if (profile) {
      for (InferenceBenchmark.Case c : cases) {
        for (int t : settings.threads()) {
          out.printf(
              Locale.ROOT,
              "== ONNX Runtime profile: %s %s, %d thread(s), %.2f GFLOP%n",
              c.name(),
              c.size(),
              t,
              2.0 * c.macs() / 1e9);
          out.print(
              OrtNodeProfile.format(
                  OrtNodeProfile.profile(
                      InferenceBenchmark.model(c, settings.seed()),
                      c.height(),
                      c.width(),
                      t,
                      settings.iterations(),
                      settings.iterations()),
                  15));
        }
      }
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "bench-inference: f(G_RS(x)), batch 1, preset %s, %d warm-up + %d timed calls; ceiling %.0f"
            + " GFLOP/s (2 threads)%n",
        preset,
        settings.warmup(),
        settings.iterations(),
        InferenceBenchmark.CEILING_GFLOPS);
    out.println(InferenceTable.header());
    try {
      List<InferenceBenchmark.Row> rows =
          InferenceBenchmark.run(cases, settings, r -> out.println(InferenceTable.format(r)));
      double worst = rows.stream().mapToDouble(InferenceBenchmark.Row::speedup).min().orElse(0);
      out.printf(
          Locale.ROOT,
          "bench-inference: smallest ONNX Runtime speed-up %.2fx (target >= 2x): %s%n",
          worst,
          worst >= 2 ? "met" : "NOT met");
      return 0;
    } catch (ExportException | PipelineException | BundleException e) {
      err.println("real2sim bench-inference: " + e.getMessage());
      return 1;
    }
  }
}

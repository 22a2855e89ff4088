package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.Options;
import org.real2sim.tools.export.ExportOptions;
import org.real2sim.tools.export.RunExporter;
import org.real2sim.tools.generate.BenchmarkGenerator;
import org.real2sim.tools.generate.GeneratorConfig;
import org.real2sim.tools.quickstart.DeployCheck;
import org.real2sim.tools.report.Report;
import org.real2sim.trainer.cli.TrainerCli;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainContext;
import org.real2sim.trainer.util.ProgressBar;

/**
 * {@code real2sim quickstart}: the whole method on a generated benchmark — data, stages a/b/c,
 * baselines, evaluation, ONNX export, the runtime on the real validation images and the report —
 * with a summary table at the end. Finished steps are skipped when the command runs again.
 */
final class QuickstartCommand {

  private QuickstartCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    if (!a.contains("--preset")
        && !a.contains("--config")
        && !a.contains("-h")
        && !a.contains("--help")) {
      a.add(0, "shapes-quick");
      a.add(0, "--preset");
    }
    Options options = TrainerCli.commonOptions();
    return TrainerCli.run(
        "quickstart",
        "The main job: generate the benchmark (if missing), train stages a, b, c and the baselines,"
            + " evaluate, export the fused ONNX bundle, run it with the runtime on the real validation"
            + " images and write the report. Default preset: shapes-quick (classification);"
            + " streets-quick does the same for segmentation.",
        options,
        a.toArray(String[]::new),
        out,
        err,
        (ctx, line) -> {
          // The main job runs independent stages side by side unless --lanes says otherwise.
          ctx.lanes(TrainerCli.lanes(line, Runtime.getRuntime().availableProcessors()));
          return body(ctx, out);
        });
  }

  private static int body(TrainContext ctx, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    RunConfig c = ctx.config();
    Path runDir = ctx.run().root();

    out.println("== data: procedural benchmark");
    Path benchmark = Path.of(c.data().synthetic().root()).toAbsolutePath().getParent();
    if (Files.exists(benchmark.resolve(BenchmarkGenerator.DESCRIPTION_FILE))) {
      out.println("using the benchmark in " + benchmark);
    } else {
      String kind = c.data().segmentation() ? "streets" : "shapes";
      GeneratorConfig d = GeneratorConfig.defaults(kind, benchmark);
      GeneratorConfig g =
          new GeneratorConfig(
              kind,
              benchmark,
              d.seed(),
              c.data().width(),
              c.data().height(),
              d.trainCount(),
              d.valCount(),
              Math.max(1, Runtime.getRuntime().availableProcessors()));
      try (ProgressBar bar = ctx.progress("generate " + kind, BenchmarkGenerator.imageCount(g))) {
        BenchmarkGenerator.generate(g, false, bar);
      }
    }
    double tData = secondsSince(t0);

    List<Evaluation.Row> rows = Stages.runAll(ctx);
    double tTrain = secondsSince(t0) - tData;

    out.println(
        "== export: one fused ONNX graph (G_RS then f) with a parity check against TensorFlow");
    Path bundle = ctx.run().bundle();
    RunExporter.Report exported = RunExporter.export(runDir, bundle, ExportOptions.defaults(), out);
    out.println("parity: " + exported.result().parity().summary());
    double tExport = secondsSince(t0) - tData - tTrain;

    out.println(
        "== deploy: the runtime (ONNX Runtime, no TensorFlow) on the real validation images");
    var real = ctx.real();
    var val = real.samples(c.data().real().valSplit());
    DeployCheck.Result deployed;
    try (ProgressBar bar = ctx.progress("runtime", val.size())) {
      deployed = DeployCheck.run(bundle, real, val, c.threads() == 0 ? 2 : c.threads(), bar);
    }
    DeployCheck.Noisy noisy = null;
    if (!c.data().segmentation()) {
      out.println(
          "== deploy: the same on full-size noisy images ("
              + DeployCheck.NOISY_SIDE
              + " px, Gaussian noise sigma "
              + DeployCheck.NOISY_SIGMA
              + "), runtime against the trainer's evaluation");
      var noisyData =
          DeployCheck.writeNoisy(
              real,
              val,
              runDir.resolve("deploy-noisy"),
              DeployCheck.NOISY_SIDE,
              DeployCheck.NOISY_SIGMA,
              c.seed());
      var noisyVal = noisyData.samples("val");
      DeployCheck.Result nd;
      try (ProgressBar bar = ctx.progress("runtime (noisy)", noisyVal.size())) {
        nd = DeployCheck.run(bundle, noisyData, noisyVal, c.threads() == 0 ? 2 : c.threads(), bar);
      }
      var trainer =
          org.real2sim.trainer.eval.Evaluation.scoreTranslated(
              ctx,
              RunExporter.checkpoint(runDir, Stages.TASKAWARE),
              RunExporter.checkpoint(runDir, RunExporter.EXPERT_STAGE),
              noisyData,
              noisyVal,
              "ours (noisy)");
      noisy =
          new DeployCheck.Noisy(
              DeployCheck.NOISY_SIDE, DeployCheck.NOISY_SIGMA, nd, trainer.value());
    }
    org.real2sim.tools.quickstart.DeployCheckFile.write(runDir, deployed, noisy);

    out.println("== report");
    Report.Written report = Report.write(runDir);
    double total = secondsSince(t0);

    out.println();
    out.println("real2sim quickstart: summary");
    List<String[]> summary = new ArrayList<>();
    for (Evaluation.Row r : rows) {
      summary.add(
          new String[] {r.method().toString(), r.description(), percent(r.score().value())});
    }
    summary.add(
        new String[] {
          "deployed",
          "ours, exported bundle in the runtime (" + deployed.device() + ")",
          percent(deployed.value())
        });
    if (noisy != null) {
      summary.add(
          new String[] {
            "noisy",
            "ours, trainer, " + noisy.side() + " px + noise sigma " + (int) noisy.sigma(),
            percent(noisy.trainer())
          });
      summary.add(
          new String[] {
            "noisy", "ours, bundle in the runtime, same images", percent(noisy.deployed().value())
          });
    }
    printSummary(out, rows.isEmpty() ? "" : rows.get(0).score().metric(), summary);
    out.println();
    out.printf(
        Locale.ROOT,
        "runtime latency per image: p50 %.2f ms, p90 %.2f ms (%.0f images/s, one at a time)%n",
        deployed.p50Millis(),
        deployed.p90Millis(),
        deployed.imagesPerSecond());
    out.printf(
        Locale.ROOT,
        "time: data %.0f s, training and evaluation %.1f min, export %.0f s, total %.1f min%n",
        tData,
        tTrain / 60,
        tExport,
        total / 60);
    out.println(
        "bundle: "
            + bundle
            + "  (run it: ./real2sim-run --bundle "
            + bundle
            + " --input <image|dir> --output <dir>)");
    out.println("report: " + report.html());
    return 0;
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * value);
  }

  /** The summary table, its columns as wide as their longest entry (method, what, score). */
  static void printSummary(PrintStream out, String metric, List<String[]> rows) {
    int[] width = {"method".length(), "what".length(), metric.length()};
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    String format = "%-" + width[0] + "s  %-" + width[1] + "s  %" + width[2] + "s%n";
    out.printf(Locale.ROOT, format, "method", "what", metric);
    out.println("-".repeat(width[0] + width[1] + width[2] + 4));
    for (String[] r : rows) {
      out.printf(Locale.ROOT, format, r[0], r[1], r[2]);
    }
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}

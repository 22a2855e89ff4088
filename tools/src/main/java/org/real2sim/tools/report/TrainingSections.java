package org.real2sim.tools.report;

import static org.real2sim.tools.report.ReportContext.pct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.real2sim.tools.sweep.SweepPlan;
import org.real2sim.tools.sweep.SweepPoint;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.stage.Stage;

/**
 * The sections about training: the validation curves per epoch (main stages and sweep points) and
 * the sample grids of each stage's best epoch, copied into {@code samples/} of the report folder.
 */
final class TrainingSections {

  private final ReportContext ctx;
  private final RunData data;
  private final String metricName;

  TrainingSections(ReportContext ctx) {
    this.ctx = ctx;
    this.data = ctx.data;
    this.metricName = ctx.metricName;
  }

  private void note(Doc doc, String sentence) {
    ctx.note(doc, sentence);
  }

  void trainingCurves(Doc doc) throws IOException {
    doc.section("Training curves");
    Map<String, List<MetricsLog.Entry>> main = new LinkedHashMap<>();
    Map<String, List<MetricsLog.Entry>> sweep = new LinkedHashMap<>();
    for (MetricsLog.Entry e : data.metrics()) {
      if (e.epoch() <= 0 || Double.isNaN(e.value())) {
        continue;
      }
      (e.stage().startsWith(SweepPlan.FOLDER + "/") ? sweep : main)
          .computeIfAbsent(e.stage(), s -> new ArrayList<>())
          .add(e);
    }
    if (main.isEmpty() && sweep.isEmpty()) {
      note(doc, "No validation values per epoch (metrics.jsonl is missing or empty).");
      return;
    }
    doc.paragraph(
        "The validation value after every epoch (expert: synthetic validation images; every other"
            + " stage: real validation images), from metrics.jsonl.");
    if (!main.isEmpty()) {
      ctx.figure(
          doc,
          Plots.trainingCurves("Validation per epoch", lines(main), metricName),
          "training_curves",
          "validation " + metricName + " per epoch of each stage");
    }
    if (!sweep.isEmpty()) {
      ctx.figure(
          doc,
          Plots.trainingCurves("Validation per epoch, sweep points", lines(sweep), metricName),
          "sweep_training_curves",
          "validation " + metricName + " per epoch of each sweep point");
    }
  }

  private static List<Plots.Line> lines(Map<String, List<MetricsLog.Entry>> byStage) {
    List<Plots.Line> out = new ArrayList<>();
    for (Map.Entry<String, List<MetricsLog.Entry>> e : byStage.entrySet()) {
      Map<Integer, Double> byEpoch = new java.util.TreeMap<>();
      for (MetricsLog.Entry m : e.getValue()) {
        byEpoch.put(m.epoch(), 100 * m.value()); // a resumed epoch logged twice: the last wins
      }
      out.add(
          new Plots.Line(
              e.getKey().startsWith(SweepPlan.FOLDER + "/")
                  ? e.getKey().substring(SweepPlan.FOLDER.length() + 1)
                  : e.getKey(),
              byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
              byEpoch.values().stream().mapToDouble(Double::doubleValue).toArray(),
              false));
    }
    return out;
  }

  void samples(Doc doc) throws IOException {
    doc.section("Sample grids");
    doc.paragraph(
        "The grid written at the best epoch of each stage, as the paper's Figs. 4, 6, 10. Columns:"
            + " real image, its G_RS translation (GAN stages only), the prediction, the ground"
            + " truth; the expert's grid shows synthetic images.");
    List<String> stages = new ArrayList<>();
    for (String s : ReportBuilder.MAIN_STAGES) {
      if (data.stages().contains(s)) {
        stages.add(s);
      }
    }
    List<String> alphaStages = new ArrayList<>();
    if (data.sweep() != null) {
      for (SweepPoint p : data.sweep().points(SweepPoint.ALPHA, SweepPoint.OURS)) {
        if (!stages.contains(p.stage())) {
          alphaStages.add(p.stage());
        }
      }
    }
    int copied = 0;
    for (String s : stages) {
      copied += grid(doc, s, Stage.of(s).role()) ? 1 : 0;
    }
    if (!alphaStages.isEmpty()) {
      doc.subsection("Alpha sweep points");
      for (String s : alphaStages) {
        copied += grid(doc, s, "alpha sweep point") ? 1 : 0;
      }
    }
    if (copied == 0) {
      note(
          doc,
          "No sample grids in samples/ for the best epochs (eval.sampleRows = 0, or no stage has"
              + " finished an epoch).");
    }
  }

  /** Copies the best-epoch grid of {@code stage} and adds it; false when there is none. */
  private boolean grid(Doc doc, String stage, String role) throws IOException {
    MetricsLog.Entry best = data.best(stage);
    if (best == null) {
      return false;
    }
    String file = String.format(Locale.ROOT, "%s_epoch%03d.png", stage, best.epoch());
    Path src = data.root().resolve("samples").resolve(file);
    if (!Files.exists(src)) {
      return false;
    }
    String name = file.replace('/', '_');
    Path dst = ctx.out.resolve(ReportBuilder.SAMPLES).resolve(name);
    Files.createDirectories(dst.getParent());
    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
    doc.add(
        new Doc.Figure(
            ReportBuilder.SAMPLES + "/" + name,
            null,
            String.format(
                Locale.ROOT,
                "%s — %s: epoch %d, %s %s %%",
                stage,
                role,
                best.epoch(),
                metricName,
                pct(best.value()))));
    return true;
  }
}

package org.real2sim.tools.report;

import static org.real2sim.tools.report.ReportContext.pct;
import static org.real2sim.tools.report.ReportContext.pp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.real2sim.tools.sweep.SweepPlan;
import org.real2sim.tools.sweep.SweepPoint;
import org.real2sim.tools.sweep.SweepResults;
import org.real2sim.tools.sweep.SweepSkip;
import org.real2sim.trainer.stage.Method;

/**
 * The sections about the sweeps: the alpha curve and the labeled-amount curve with their tables and
 * the points the sweep skipped.
 */
final class SweepSections {

  private final ReportContext ctx;
  private final RunData data;
  private final String metricName;

  SweepSections(ReportContext ctx) {
    this.ctx = ctx;
    this.data = ctx.data;
    this.metricName = ctx.metricName;
  }

  private void note(Doc doc, String sentence) {
    ctx.note(doc, sentence);
  }

  private List<Plots.Reference> references(boolean withM2) {
    List<Plots.Reference> refs = new ArrayList<>();
    refs.add(new Plots.Reference("M1: CycleGAN only", data.value(Method.M1.id())));
    if (withM2) {
      refs.add(new Plots.Reference("M2: real images to f", data.value(Method.M2.id())));
      refs.add(new Plots.Reference("M3: f_R, same labels", data.value(Method.M3.id())));
    }
    return refs;
  }

  void alphaSweep(Doc doc) throws IOException {
    doc.section("Alpha sweep");
    SweepResults sweep = data.sweep();
    List<SweepPoint> pts =
        sweep == null ? List.of() : sweep.points(SweepPoint.ALPHA, SweepPoint.OURS);
    if (pts.isEmpty()) {
      note(
          doc,
          "No alpha sweep in this run (no alpha points in sweep/sweep.json): run `real2sim sweep"
              + " --kind alpha` with the run's options.");
      skippedList(doc, skips(sweep, SweepPoint.ALPHA));
      return;
    }
    doc.paragraph(
        "Stage c repeated from the end of stage b with the loss (1 − α)·LSGAN + α·γ·CE, on the"
            + " same "
            + pts.get(0).count()
            + " labeled real images; each point is the best validation value during its"
            + " training (paper Figs. 3, 5, 8). α = 0 is the CycleGAN loss alone (M1's"
            + " continuation), α = 1 the task loss alone.");
    XYChart chart = Plots.alphaCurve(pts, references(true), metricName);
    ctx.figure(doc, chart, "alpha_curve", metricName + " of f(G_RS(x)) against alpha");
    double m1 = data.value(Method.M1.id());
    List<List<String>> rows = new ArrayList<>();
    SweepPoint best = pts.get(0);
    for (SweepPoint p : pts) {
      if (p.value() > best.value()) {
        best = p;
      }
      rows.add(
          List.of(
              SweepPlan.alphaLabel(p.alpha()),
              String.valueOf(p.count()),
              pct(p.value()),
              pp(p.value() - m1),
              String.valueOf(p.bestEpoch()),
              "`" + p.stage() + "`"));
    }
    doc.add(
        new Doc.Table(
            List.of("alpha", "N_L", metricName + " (%)", "vs M1 (pp)", "best epoch", "stage"),
            rows,
            Set.of(0, 1, 2, 3, 4)));
    doc.paragraph(
        "Best: alpha "
            + SweepPlan.alphaLabel(best.alpha())
            + ", "
            + pct(best.value())
            + " % "
            + metricName
            + (Double.isNaN(m1) ? "" : " (" + pp(best.value() - m1) + " pp over M1)")
            + ".");
    skippedList(doc, skips(sweep, SweepPoint.ALPHA));
  }

  void labeledSweep(Doc doc) throws IOException {
    doc.section("Labeled-amount sweep");
    SweepResults sweep = data.sweep();
    List<SweepPoint> ours =
        sweep == null ? List.of() : sweep.points(SweepPoint.LABELED, SweepPoint.OURS);
    List<SweepPoint> m3 =
        sweep == null ? List.of() : sweep.points(SweepPoint.LABELED, SweepPoint.M3);
    List<SweepSkip> skipped = skips(sweep, SweepPoint.LABELED);
    if (ours.isEmpty() && m3.isEmpty()) {
      note(
          doc,
          "No labeled-amount sweep in this run (no labeled points in sweep/sweep.json): run"
              + " `real2sim sweep --kind labeled` with the run's options.");
      skippedList(doc, skipped);
      return;
    }
    doc.paragraph(
        "Stage c (ours, at the run's alpha) and M3 (f_R from scratch) trained on the same labeled"
            + " real images at each amount; the subsets are nested (one seeded permutation), and"
            + " M1, which uses no labels, is the start point of stage c (paper Figs. 7, 9).");
    XYChart chart = Plots.labeledCurve(ours, m3, references(false), metricName);
    ctx.figure(
        doc, chart, "labeled_curve", metricName + " against the labeled amount, ours and M3");
    Map<String, SweepPoint[]> byAmount = new LinkedHashMap<>();
    for (SweepPoint p : ours) {
      byAmount.computeIfAbsent(amount(p.fraction()), a -> new SweepPoint[2])[0] = p;
    }
    for (SweepPoint p : m3) {
      byAmount.computeIfAbsent(amount(p.fraction()), a -> new SweepPoint[2])[1] = p;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, SweepPoint[]> e : byAmount.entrySet()) {
      SweepPoint o = e.getValue()[0];
      SweepPoint s = e.getValue()[1];
      int count = o != null ? o.count() : s.count();
      rows.add(
          List.of(
              e.getKey(),
              String.valueOf(count),
              o == null ? "" : pct(o.value()),
              s == null ? "" : pct(s.value()),
              o == null || s == null ? "" : pp(o.value() - s.value()),
              (o == null ? "" : "`" + o.stage() + "`")
                  + (o != null && s != null ? ", " : "")
                  + (s == null ? "" : "`" + s.stage() + "`")));
    }
    doc.add(
        new Doc.Table(
            List.of("labeled (%)", "N_L", "ours (%)", "M3 (%)", "ours − M3 (pp)", "stages"),
            rows,
            Set.of(0, 1, 2, 3, 4)));
    skippedList(doc, skipped);
  }

  private void skippedList(Doc doc, List<SweepSkip> skipped) {
    if (skipped.isEmpty()) {
      return;
    }
    List<String> items = new ArrayList<>();
    for (SweepSkip s : skipped) {
      String at =
          s.kind().equals(SweepPoint.ALPHA)
              ? "alpha " + SweepPlan.alphaLabel(s.value())
              : amount(s.value()) + " %";
      items.add("skipped " + at + " (`" + s.stage() + "`): " + s.reason());
    }
    doc.bullets(items);
  }

  private static List<SweepSkip> skips(SweepResults sweep, String kind) {
    return sweep == null
        ? List.of()
        : sweep.skipped().stream().filter(s -> s.kind().equals(kind)).toList();
  }

  private static String amount(double fraction) {
    return new java.math.BigDecimal(String.valueOf(fraction))
        .movePointRight(2)
        .stripTrailingZeros()
        .toPlainString();
  }
}

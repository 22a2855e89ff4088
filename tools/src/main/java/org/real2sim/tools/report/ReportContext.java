package org.real2sim.tools.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.real2sim.trainer.eval.Metric;

/**
 * What the report's sections share while one report is built: the run, the output folder, the
 * metric's label, and the two things the sections collect, the missing pieces and the plot files.
 * Also the number formats every table uses.
 */
final class ReportContext {

  final RunData data;
  final Path out;
  final String metricName;
  private final List<String> missing = new ArrayList<>();
  private final List<Path> plots = new ArrayList<>();

  /**
   * A context for {@code data} whose files go into {@code out}.
   *
   * @param out the folder that becomes the report folder
   */
  ReportContext(RunData data, Path out) {
    this.data = data;
    this.out = out;
    this.metricName = Metric.labelOf(data.metric());
  }

  /** What the run lacks so far, one sentence each. */
  List<String> missing() {
    return List.copyOf(missing);
  }

  /** The plot files written so far, PNG and SVG. */
  List<Path> plots() {
    return List.copyOf(plots);
  }

  /** Records a missing piece without stating it in the document. */
  void missing(String sentence) {
    missing.add(sentence);
  }

  /** States {@code sentence} in the document and records it as a missing piece. */
  void note(Doc doc, String sentence) {
    doc.paragraph(sentence);
    missing.add(sentence);
  }

  /** Saves {@code chart} as {@code plots/<base>.png} and {@code .svg} and adds it as a figure. */
  void figure(Doc doc, XYChart chart, String base, String caption) throws IOException {
    plots.addAll(Plots.save(chart, out.resolve(ReportBuilder.PLOTS), base));
    doc.add(
        new Doc.Figure(
            ReportBuilder.PLOTS + "/" + base + ".png",
            ReportBuilder.PLOTS + "/" + base + ".svg",
            caption));
  }

  /** {@code v} in percent with two decimals; a dash for NaN. */
  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * v);
  }

  /** A difference of two values in [0, 1] as signed percentage points; empty for NaN. */
  static String pp(double diff) {
    return Double.isNaN(diff) ? "" : String.format(Locale.ROOT, "%+.2f", 100 * diff);
  }
}

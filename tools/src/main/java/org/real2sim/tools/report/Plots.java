package org.real2sim.tools.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.real2sim.tools.sweep.SweepPoint;

/**
 * The report's line charts, drawn with XChart and written as PNG and SVG: the α curve with
 * reference lines (paper Figs. 3, 5, 8), the labeled-amount curve of ours against M3 on a
 * logarithmic axis (Figs. 7, 9), and validation curves per stage. Values are plotted in percent.
 */
final class Plots {

  /** Chart width in pixels. */
  static final int WIDTH = 800;

  /** Chart height in pixels. */
  static final int HEIGHT = 460;

  private static final BasicStroke DASHED =
      new BasicStroke(
          1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);

  /**
   * One line of a chart.
   *
   * @param name the legend entry (unique within a chart)
   * @param x the x values
   * @param y the y values (percent)
   * @param reference a dashed horizontal reference line without markers
   */
  record Line(String name, double[] x, double[] y, boolean reference) {}

  /**
   * A horizontal reference value.
   *
   * @param name the legend entry
   * @param value the value in [0, 1]; NaN draws nothing
   */
  record Reference(String name, double value) {}

  private Plots() {}

  /** A chart of {@code lines}; a logarithmic x axis when {@code logX}. */
  static XYChart chart(String title, String xTitle, String yTitle, List<Line> lines, boolean logX) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    XYStyler st = c.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setLegendBorderColor(Color.WHITE);
    st.setMarkerSize(7);
    st.setPlotBorderColor(new Color(0xD0D7DE));
    st.setXAxisLogarithmic(logX);
    st.setYAxisDecimalPattern("0.0");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Line l : lines) {
      for (double v : l.y()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo <= hi) {
      double pad = Math.max(0.5, 0.08 * (hi - lo));
      st.setYAxisMin(lo - pad);
      st.setYAxisMax(hi + pad);
    }
    for (Line l : lines) {
      XYSeries s = c.addSeries(l.name(), l.x(), l.y());
      if (l.reference()) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(DASHED);
      }
    }
    return c;
  }

  /**
   * The α curve: ours against α, with M1, M2 and M3 as horizontal lines across [0, 1].
   *
   * @param ours the α points, in α order
   * @param references reference values (NaN ones are left out)
   */
  static XYChart alphaCurve(List<SweepPoint> ours, List<Reference> references, String metric) {
    List<Line> lines = new ArrayList<>();
    double[] x = ours.stream().mapToDouble(SweepPoint::alpha).toArray();
    double[] y = ours.stream().mapToDouble(p -> 100 * p.value()).toArray();
    lines.add(new Line("ours", x, y, false));
    addReferences(lines, references, 0, 1);
    return chart(
        "Influence of the task loss weight", "loss weight alpha", metric + " (%)", lines, false);
  }

  /**
   * The labeled-amount curve: ours and M3 against the labeled amount in percent on a logarithmic
   * axis, with reference lines (M1, the start point of stage c) across the swept amounts.
   *
   * <p>XChart labels a logarithmic axis at powers of ten only, so the axis' own tick labels are
   * hidden and every swept amount gets a vertical grid line and a label at the bottom of the plot,
   * as in the paper's Figs. 7 and 9.
   */
  static XYChart labeledCurve(
      List<SweepPoint> ours, List<SweepPoint> m3, List<Reference> references, String metric) {
    List<Line> lines = new ArrayList<>();
    java.util.TreeSet<Double> amounts = new java.util.TreeSet<>();
    double yLo = Double.POSITIVE_INFINITY;
    double yHi = Double.NEGATIVE_INFINITY;
    for (List<SweepPoint> pts : List.of(ours, m3)) {
      for (SweepPoint p : pts) {
        amounts.add(100 * p.fraction());
        yLo = Math.min(yLo, 100 * p.value());
        yHi = Math.max(yHi, 100 * p.value());
      }
    }
    for (Reference r : references) {
      if (!Double.isNaN(r.value())) {
        yLo = Math.min(yLo, 100 * r.value());
        yHi = Math.max(yHi, 100 * r.value());
      }
    }
    if (!ours.isEmpty()) {
      lines.add(line("ours", ours));
    }
    if (!m3.isEmpty()) {
      lines.add(line("M3: f_R, same labels", m3));
    }
    double lo = amounts.first();
    double hi = amounts.last();
    addReferences(lines, references, lo, hi);
    XYChart c =
        chart(
            "Labeled real images used for training",
            "labeled amount (% of the real training images, log scale)",
            metric + " (%)",
            lines,
            true);
    double pad = Math.max(1, 0.08 * (yHi - yLo));
    XYStyler st = c.getStyler();
    st.setXAxisMin(lo / 1.4);
    st.setXAxisMax(hi * 1.4);
    st.setYAxisMin(yLo - 2.5 * pad);
    st.setYAxisMax(yHi + pad);
    st.setXAxisTicksVisible(false);
    st.setAnnotationLineColor(new Color(0xD0D7DE));
    st.setAnnotationLineStroke(new BasicStroke(1f));
    st.setAnnotationTextFontColor(new Color(0x57606A));
    for (double a : amounts) {
      c.addAnnotation(new AnnotationLine(a, true, false));
      c.addAnnotation(
          new AnnotationText(
              java.math.BigDecimal.valueOf(a).stripTrailingZeros().toPlainString() + " %",
              a,
              yLo - 1.8 * pad,
              false));
    }
    return c;
  }

  private static Line line(String name, List<SweepPoint> pts) {
    return new Line(
        name,
        pts.stream().mapToDouble(p -> 100 * p.fraction()).toArray(),
        pts.stream().mapToDouble(p -> 100 * p.value()).toArray(),
        false);
  }

  /**
   * Validation curves: one line per stage, the validation value after every epoch.
   *
   * @param curves one line per stage; x are epochs, y percent
   */
  static XYChart trainingCurves(String title, List<Line> curves, String metric) {
    return chart(title, "epoch", metric + " (%)", curves, false);
  }

  private static void addReferences(List<Line> lines, List<Reference> refs, double lo, double hi) {
    for (Reference r : refs) {
      if (!Double.isNaN(r.value())) {
        double v = 100 * r.value();
        lines.add(new Line(r.name(), new double[] {lo, hi}, new double[] {v, v}, true));
      }
    }
  }

  /**
   * Writes {@code chart} as {@code <base>.png} and {@code <base>.svg} into {@code dir}.
   *
   * @return the two files, PNG first
   */
  static List<Path> save(XYChart chart, Path dir, String base) throws IOException {
    Files.createDirectories(dir);
    Path png = dir.resolve(base + ".png");
    Path svg = dir.resolve(base + ".svg");
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    try (OutputStream out = Files.newOutputStream(svg)) {
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
    return List.of(png, svg);
  }
}

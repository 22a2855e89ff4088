package org.real2sim.tools.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.real2sim.tools.sweep.SweepPoint;

class PlotsTest {

  private static SweepPoint point(String kind, String method, double a, double f, double v) {
    return new SweepPoint(kind, a, f, 10, method, "miou", v, 1, "s");
  }

  @Test
  void alphaCurvePlotsPercentWithReferenceLinesAcrossZeroToOne() {
    XYChart c =
        Plots.alphaCurve(
            List.of(
                point("alpha", "ours", 0, 0.05, 0.2134), point("alpha", "ours", 0.9, 0.05, 0.3475)),
            List.of(
                new Plots.Reference("M1: CycleGAN only", 0.2134),
                new Plots.Reference("M2: real images to f", Double.NaN)),
            "mIoU");
    XYSeries ours = c.getSeriesMap().get("ours");
    assertArrayEquals(new double[] {0, 0.9}, ours.getXData(), 0);
    assertArrayEquals(new double[] {21.34, 34.75}, ours.getYData(), 1e-12);
    XYSeries m1 = c.getSeriesMap().get("M1: CycleGAN only");
    assertArrayEquals(new double[] {0, 1}, m1.getXData(), 0);
    assertArrayEquals(new double[] {21.34, 21.34}, m1.getYData(), 1e-12);
    assertFalse(
        c.getSeriesMap().containsKey("M2: real images to f"), "a NaN reference is left out");
    assertFalse(c.getStyler().isXAxisLogarithmic());
  }

  @Test
  void labeledCurveUsesALogAxisInPercent() {
    XYChart c =
        Plots.labeledCurve(
            List.of(
                point("labeled", "ours", 0.9, 0.005, 0.28),
                point("labeled", "ours", 0.9, 0.1, 0.36)),
            List.of(
                point("labeled", "M3", Double.NaN, 0.005, 0.08),
                point("labeled", "M3", Double.NaN, 0.1, 0.40)),
            List.of(new Plots.Reference("M1: CycleGAN only", 0.2134)),
            "mIoU");
    assertTrue(c.getStyler().isXAxisLogarithmic());
    assertArrayEquals(new double[] {0.5, 10}, c.getSeriesMap().get("ours").getXData(), 1e-12);
    assertArrayEquals(
        new double[] {8, 40}, c.getSeriesMap().get("M3: f_R, same labels").getYData(), 1e-12);
    assertArrayEquals(
        new double[] {0.5, 10}, c.getSeriesMap().get("M1: CycleGAN only").getXData(), 1e-12);
    // The axis holds every point and keeps room below the lowest one for the amount labels.
    assertTrue(c.getStyler().getXAxisMin() < 0.5 && c.getStyler().getXAxisMax() > 10);
    assertTrue(c.getStyler().getYAxisMin() < 8 && c.getStyler().getYAxisMax() > 40);
  }
}

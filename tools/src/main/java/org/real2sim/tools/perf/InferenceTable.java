package org.real2sim.tools.perf;

import java.util.Locale;
import org.real2sim.tools.perf.InferenceBenchmark.Row;

/** The table {@link InferenceBenchmark} prints: its header and one line per row. */
public final class InferenceTable {

  private InferenceTable() {}

  /** The table's header lines. */
  public static String header() {
    return String.format(
            Locale.ROOT,
            "%-8s %-8s %6s %3s %9s %9s %7s %9s %9s %7s %8s %8s %8s %6s%n",
            "case",
            "H x W",
            "GFLOP",
            "thr",
            "ORT p50",
            "TF p50",
            "speedup",
            "ORT cpu",
            "TF cpu",
            "cpu x",
            "ORT GF/s",
            "TF GF/s",
            "ORT/ceil",
            "agree")
        + "-".repeat(117);
  }

  /** One row of the table (latencies in ms, GFLOP per image, GFLOP/s and share of the ceiling). */
  public static String format(Row r) {
    return String.format(
        Locale.ROOT,
        "%-8s %-8s %6.2f %3d %7.1fms %7.1fms %6.2fx %7.1fms %7.1fms %6.2fx %8.1f %8.1f %7.1f%%"
            + " %5.1f%%",
        r.c().name(),
        r.c().size().toString(),
        2.0 * r.c().macs() / 1e9,
        r.threads(),
        r.ort().p50(),
        r.tf().p50(),
        r.speedup(),
        r.ort().cpu(),
        r.tf().cpu(),
        r.cpuSpeedup(),
        r.ortGflops(),
        r.tfGflops(),
        100 * r.ortGflops() / InferenceBenchmark.CEILING_GFLOPS,
        100 * r.agreement());
  }
}

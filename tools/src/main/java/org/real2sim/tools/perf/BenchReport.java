package org.real2sim.tools.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.real2sim.models.nn.OneDnnCache;
import org.real2sim.models.nn.ThreadPlan;

/** Prints the CycleGAN benchmark's results: the summary table, then each case's profile. */
public final class BenchReport {

  /** The speed target: at most this fraction of the reference's time. */
  public static final double TARGET_RATIO = 0.8;

  /** How many nodes the profile lists individually. */
  static final int TOP_NODES = 15;

  /** Op types below this share of the op time are folded into one line. */
  static final double MIN_SHARE_PERCENT = 0.2;

  private BenchReport() {}

  /** Prints the summary table and, for every measurement that has one, its profile. */
  public static void print(
      List<CycleGanBenchmark.Measurement> results,
      CycleGanBenchmark.Options options,
      PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "CycleGAN training iteration (the trainer's step), batch 1, median of %d after %d"
            + " warm-up(s); load average %s%n",
        options.iterations(),
        options.warmup(),
        loadAverage());
    out.printf(
        Locale.ROOT,
        "%-16s %10s %9s %9s %9s %9s %9s %6s %7s %8s %8s %7s %s%n",
        "case",
        "GFLOP/it",
        "median s",
        "p10 s",
        "p90 s",
        "G step s",
        "CPU s",
        "cores",
        "others",
        "GFLOP/s",
        "ref s",
        "ratio",
        "threads");
    for (CycleGanBenchmark.Measurement m : results) {
      CycleGanCase c = m.benchCase();
      out.printf(
          Locale.ROOT,
          "%-16s %10.1f %9.3f %9.3f %9.3f %9.3f %9.2f %6.2f %7.2f %8.1f %8s %7s %d/%d%n",
          c.name(),
          m.flops() / 1e9,
          m.median(),
          m.p10(),
          m.p90(),
          m.medianGStep(),
          m.medianCpu(),
          m.coresUsed(),
          m.foreignCores(),
          m.gflopsPerSecond(),
          c.hasReference() ? String.format(Locale.ROOT, "%.3f", c.referenceSeconds()) : "-",
          c.hasReference() ? String.format(Locale.ROOT, "%.2fx", m.ratio()) : "-",
          m.plan().intraOp(),
          m.plan().interOp());
    }
    out.printf(
        Locale.ROOT,
        "FLOP = 2 x conv multiply-adds; CPU s = process CPU time per iteration (median); cores ="
            + " CPU s / median s; others = cores other processes kept busy (/proc/stat);"
            + " threads = intra/inter-op%n");
    boolean anyReference = results.stream().anyMatch(m -> m.benchCase().hasReference());
    if (anyReference) {
      out.printf(
          Locale.ROOT,
          "ratio = median / the reference's best median, measured in this invocation (target <="
              + " %.1fx)%n",
          TARGET_RATIO);
    } else {
      out.println(
          "no reference was measured in this invocation: no ratio (pass --reference-cmd or a"
              + " fresh --reference-file)");
    }
    for (CycleGanBenchmark.Measurement m : results) {
      if (m.foreignCores() > MachineLoad.BUSY_CORES) {
        out.printf(
            Locale.ROOT,
            "note: during %s other processes kept %.2f cores busy on average: its wall times are"
                + " inflated%n",
            m.benchCase().name(),
            m.foreignCores());
      }
    }
    for (CycleGanBenchmark.Measurement m : results) {
      out.printf(Locale.ROOT, "%s: %s%n", m.benchCase().name(), m.plan().describe());
    }
    if (!ThreadPlan.perSessionPools()
        && results.stream().map(m -> m.plan().intraOp()).distinct().count() > 1) {
      out.printf(
          "note: %s is not set, so every session used the first session's intra-op pool (%d"
              + " threads), whatever its plan says; the real2sim launcher sets it%n",
          ThreadPlan.PER_SESSION_POOLS_ENV, results.get(0).plan().intraOp());
    }
    out.printf("oneDNN: %s%n", OneDnnCache.describe());
    for (CycleGanBenchmark.Measurement m : results) {
      out.printf(
          Locale.ROOT,
          "%s: graph build and initialisation %.1f s, first iteration (graph optimisation) %s%n",
          m.benchCase().name(),
          m.buildSeconds(),
          Double.isNaN(m.firstSeconds())
              ? "not run"
              : String.format(Locale.ROOT, "%.1f s", m.firstSeconds()));
    }
    for (CycleGanBenchmark.Measurement m : results) {
      if (m.profile() != null) {
        printProfile(m, out);
      }
    }
  }

  /**
   * Prints one case's profile: wall time per run, op time per phase, per op type, per network
   * block, and the most expensive nodes.
   */
  static void printProfile(CycleGanBenchmark.Measurement m, PrintStream out) {
    OpProfile p = m.profile();
    double total = p.totalMicros();
    out.println();
    out.printf(
        Locale.ROOT,
        "Profile of %s: %d traced iteration(s), op time %.1f ms per iteration (tracing adds"
            + " overhead; shares matter, not absolute times)%n",
        m.benchCase().name(),
        p.iterations(),
        total / 1000);
    List<OpProfile.Row> busy = p.busyByRun();
    double wallTotal = 0;
    for (OpProfile.Row r : p.wallByRun()) {
      wallTotal += r.micros();
    }
    out.printf(
        Locale.ROOT,
        "  %-44s %7s %10s %7s%n",
        "where the traced iteration's wall time goes",
        "ops",
        "ms",
        "share");
    for (OpProfile.Row r : p.wallByRun()) {
      OpProfile.Row b = busy.stream().filter(x -> x.key().equals(r.key())).findFirst().orElse(null);
      double busyMicros = b == null ? 0 : b.micros();
      out.printf(
          Locale.ROOT,
          "  %-44s %7.0f %10.2f %6.1f%%%n",
          r.key() + ": some op running",
          b == null ? 0 : b.calls(),
          busyMicros / 1000,
          100 * busyMicros / wallTotal);
      out.printf(
          Locale.ROOT,
          "  %-44s %7s %10.2f %6.1f%%%n",
          r.key() + ": no op running (session overhead)",
          "",
          (r.micros() - busyMicros) / 1000,
          100 * (r.micros() - busyMicros) / wallTotal);
    }
    double hostTotal = 0;
    for (OpProfile.Row r : p.host()) {
      hostTotal += r.micros();
      out.printf(
          Locale.ROOT,
          "  %-44s %7s %10.2f %6.1f%%%n",
          "host: " + r.key(),
          "",
          r.micros() / 1000,
          100 * r.micros() / wallTotal);
    }
    out.printf(
        Locale.ROOT,
        "  ops executed per iteration: %.0f; session runs: %.1f ms of which host work between them"
            + " %.2f ms; untraced minimal session run (1 feed, 1 fetch, 1 op): %.3f ms%n",
        p.opsPerIteration(),
        wallTotal / 1000,
        hostTotal / 1000,
        m.minimalRunSeconds() * 1000);
    String header =
        String.format(Locale.ROOT, "  %-44s %7s %10s %7s", "%s", "calls", "ms", "share");
    out.printf(header + "%n", "op category (share of op time)");
    OpProfile.format(p.byCategory(), total, OpProfile.Row::key).forEach(out::println);
    out.printf(header + "%n", "phase");
    OpProfile.format(p.byPhase(), total, OpProfile.Row::key).forEach(out::println);
    out.printf(header + "%n", "op type");
    OpProfile.format(foldSmall(p.byOpType(), total), total, OpProfile.Row::key)
        .forEach(out::println);
    out.printf(header + "%n", "block");
    OpProfile.format(p.byBlock(), total, OpProfile.Row::key).forEach(out::println);
    out.printf(header + "%n", "node (top " + TOP_NODES + ")");
    OpProfile.format(p.topNodes(TOP_NODES), total, r -> shorten(r.key(), 44)).forEach(out::println);
  }

  /** Keeps the rows of at least {@value #MIN_SHARE_PERCENT} % and folds the rest into one. */
  static List<OpProfile.Row> foldSmall(List<OpProfile.Row> rows, double total) {
    List<OpProfile.Row> kept = new ArrayList<>();
    double calls = 0;
    double micros = 0;
    int folded = 0;
    for (OpProfile.Row r : rows) {
      if (total > 0 && 100 * r.micros() / total >= MIN_SHARE_PERCENT) {
        kept.add(r);
      } else {
        calls += r.calls();
        micros += r.micros();
        folded++;
      }
    }
    if (folded > 0) {
      kept.add(new OpProfile.Row("(" + folded + " other op types)", calls, micros));
    }
    return kept;
  }

  /** Shortens {@code s} to {@code width} characters by cutting out its middle. */
  static String shorten(String s, int width) {
    if (s.length() <= width) {
      return s;
    }
    int head = (width - 1) / 2;
    int tail = width - 1 - head;
    return s.substring(0, head) + "…" + s.substring(s.length() - tail);
  }

  /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
  static String loadAverage() {
    Path p = Path.of("/proc/loadavg");
    try {
      String[] f = Files.readString(p, StandardCharsets.US_ASCII).trim().split("\\s+");
      return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}

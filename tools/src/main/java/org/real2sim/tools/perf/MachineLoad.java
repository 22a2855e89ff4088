package org.real2sim.tools.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with other processes: the machine's busy CPU time from {@code
 * /proc/stat} minus this process's own CPU time, between two samples. This, not the process's own
 * core use, says whether other processes competed for the cores (a benchmark using one of two cores
 * on an idle machine is not disturbed).
 */
public final class MachineLoad {

  /** Kernel clock ticks per second of {@code /proc/stat} (USER_HZ, 100 on Linux). */
  static final double TICKS_PER_SECOND = 100.0;

  /** Above this many foreign cores on average, a measurement is flagged as disturbed. */
  public static final double BUSY_CORES = 0.25;

  /**
   * One sample.
   *
   * @param machineBusySeconds busy CPU seconds of every process since boot, NaN when unknown
   * @param ownSeconds this process's CPU seconds
   * @param nanos {@link System#nanoTime()} when taken
   */
  public record Sample(double machineBusySeconds, double ownSeconds, long nanos) {}

  private MachineLoad() {}

  /** Takes a sample now. */
  public static Sample sample() {
    return new Sample(
        machineBusySeconds(Path.of("/proc/stat")),
        CycleGanBenchmark.processCpuSeconds(),
        System.nanoTime());
  }

  /** The average number of cores other processes kept busy between {@code a} and {@code b}. */
  public static double foreignCores(Sample a, Sample b) {
    double wall = (b.nanos() - a.nanos()) / 1e9;
    if (!(wall > 0)) {
      return Double.NaN;
    }
    double foreign =
        (b.machineBusySeconds() - a.machineBusySeconds()) - (b.ownSeconds() - a.ownSeconds());
    return Math.max(0, foreign / wall);
  }

  /**
   * Busy seconds from the first ({@code cpu}) line of a {@code /proc/stat} file: user, nice,
   * system, irq, softirq and steal ticks (idle and iowait excluded); NaN when unreadable.
   */
  static double machineBusySeconds(Path procStat) {
    try {
      String line = Files.readAllLines(procStat, StandardCharsets.US_ASCII).get(0);
      return busySeconds(line);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Busy seconds of one {@code cpu ...} line, see {@link #machineBusySeconds}. */
  static double busySeconds(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (f.length < 9 || !f[0].equals("cpu")) {
      throw new IllegalArgumentException("not a /proc/stat cpu line: '" + cpuLine + "'");
    }
    long busy = 0;
    for (int i = 1; i <= 8; i++) {
      if (i == 4 || i == 5) {
        continue; // idle, iowait
      }
      busy += Long.parseLong(f[i]);
    }
    return busy / TICKS_PER_SECOND;
  }
}

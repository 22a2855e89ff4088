package org.real2sim.tools.perf;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.real2sim.tools.perf.InferenceBenchmark.Settings;
import org.real2sim.tools.perf.InferenceBenchmark.Timing;

/** The clock of {@link InferenceBenchmark}: two workloads timed alternately, wall and CPU time. */
final class InterleavedTimer {

  private InterleavedTimer() {}

  /**
   * Times {@code a} and {@code b} alternately (a, b, a, b, …), so that both see the same machine
   * load; on a shared machine, timing one block after the other would compare different loads.
   */
  static Timing[] time(Settings s, Runnable a, Runnable b) {
    for (int i = 0; i < s.warmup(); i++) {
      a.run();
      b.run();
    }
    double[] ta = new double[s.iterations()];
    double[] tb = new double[s.iterations()];
    double ca = 0;
    double cb = 0;
    for (int i = 0; i < ta.length; i++) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      a.run();
      long t1 = System.nanoTime();
      long c1 = cpuNanos();
      b.run();
      long t2 = System.nanoTime();
      long c2 = cpuNanos();
      ta[i] = (t1 - t0) / 1e6;
      tb[i] = (t2 - t1) / 1e6;
      ca += (c1 - c0) / 1e6;
      cb += (c2 - c1) / 1e6;
    }
    return new Timing[] {timing(ta, ca / ta.length), timing(tb, cb / tb.length)};
  }

  /** CPU time of this process (every thread, native ones included), or −1 when unknown. */
  private static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static Timing timing(double[] ms, double cpu) {
    double mean = Arrays.stream(ms).average().orElse(Double.NaN);
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double p50 = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Timing(p50, mean, cpu);
  }
}

package org.real2sim.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.real2sim.runtime.Percentiles;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.ImageFiles;
import org.real2sim.runtime.image.RgbImage;

/**
 * {@code real2sim-run --benchmark N}: times N calls of one batch after warm-up and prints p50 / p90
 * / p99 latency ({@link Percentiles}) and images/s.
 */
final class RunBenchmark {

  private RunBenchmark() {}

  static void run(Pipeline p, RunArgs a, PrintStream out) throws IOException {
    RgbImage image;
    if (a.input() != null) {
      image = ImageFiles.read(ImageRun.inputs(a.input()).get(0), a.maxPixels());
    } else {
      int h = a.size()[0];
      int w = a.size()[1];
      long bytes = Math.multiplyExact(3L, Math.multiplyExact((long) h, w));
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "--size " + h + "x" + w + " needs " + bytes + " bytes per image, over 2 GiB");
      }
      byte[] px = new byte[(int) bytes];
      new SplittableRandom(1).nextBytes(px);
      image = new RgbImage(h, w, px);
    }
    List<RgbImage> batch = new ArrayList<>();
    for (int i = 0; i < a.batch(); i++) {
      batch.add(image);
    }
    for (int i = 0; i < a.warmup(); i++) {
      call(p, batch);
    }
    long[] nanos = new long[a.benchmark()];
    long start = System.nanoTime();
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      call(p, batch);
      nanos[i] = System.nanoTime() - t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    out.printf(
        Locale.ROOT,
        "benchmark: %d calls of batch %d at %dx%d on %s (intra-op threads %s, spinning %s, %d"
            + " warm-up)%n",
        nanos.length,
        a.batch(),
        image.height(),
        image.width(),
        p.device(),
        p.options().intraOpThreads() == 0 ? "default" : p.options().intraOpThreads(),
        p.options().spinning() ? "on" : "off",
        a.warmup());
    out.printf(
        Locale.ROOT,
        "latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms; %.2f images/s%n",
        Percentiles.of(nanos, 50) / 1e6,
        Percentiles.of(nanos, 90) / 1e6,
        Percentiles.of(nanos, 99) / 1e6,
        nanos.length * (double) a.batch() / seconds);
  }

  private static void call(Pipeline p, List<RgbImage> batch) {
    BundleManifest m = p.manifest();
    if (m.part() == BundlePart.GENERATOR) {
      p.translateBatch(batch);
    } else if (m.task() == Task.CLASSIFICATION) {
      p.classifyBatch(batch);
    } else {
      p.segmentBatch(batch);
    }
  }
}

package org.real2sim.tools.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.RgbImage;

/**
 * Runs one pipeline many times and samples the process's resident set size (RSS) at fixed
 * intervals.
 *
 * <p>Before each sample the JVM is asked to collect garbage, so the RSS reflects live memory: a
 * leak of native tensors, results or buffers shows as steady growth, while the Java heap's own ups
 * and downs do not. The verdict compares the last sample with the first one taken after the first
 * interval (allocators and ONNX Runtime's arena settle during it).
 */
public final class Soak {

  /** One memory sample. */
  public record Sample(long iteration, long rssBytes, long heapUsedBytes, double seconds) {}

  /**
   * The samples and the verdict numbers.
   *
   * @param samples one per interval, the first at iteration 0 (after warm-up)
   * @param growthBytes RSS of the last sample minus RSS of the sample after the first interval
   * @param imagesPerSecond throughput over the whole run
   */
  public record Report(List<Sample> samples, long growthBytes, double imagesPerSecond) {

    /** Whether RSS grew by at most {@code maxGrowthBytes} after the first interval. */
    public boolean flat(long maxGrowthBytes) {
      return growthBytes <= maxGrowthBytes;
    }
  }

  private Soak() {}

  /**
   * The process's resident set size from {@code /proc/self/status} (VmRSS), or -1 where that file
   * does not exist (not Linux).
   */
  public static long rssBytes() {
    Path status = Path.of("/proc/self/status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Runs {@code iterations} calls of a batch of {@code batch} copies of {@code image} after {@code
   * warmup} untimed calls, sampling every {@code every} calls; {@code progress} sees each sample.
   */
  public static Report run(
      Pipeline p,
      RgbImage image,
      int batch,
      long iterations,
      long every,
      long warmup,
      Consumer<Sample> progress) {
    if (iterations < 1 || every < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "iterations, every and batch must be >= 1, found "
              + iterations
              + ", "
              + every
              + ", "
              + batch);
    }
    List<RgbImage> images = Collections.nCopies(batch, image);
    for (long i = 0; i < warmup; i++) {
      call(p, images);
    }
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    samples.add(sample(0, start));
    progress.accept(samples.get(0));
    for (long i = 1; i <= iterations; i++) {
      call(p, images);
      if (i % every == 0 || i == iterations) {
        Sample s = sample(i, start);
        samples.add(s);
        progress.accept(s);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Report(samples, growth(samples), iterations * (double) batch / seconds);
  }

  /**
   * Last RSS minus the RSS after the first interval (or minus the first sample when there is no
   * other).
   */
  static long growth(List<Sample> samples) {
    Sample base = samples.size() > 2 ? samples.get(1) : samples.get(0);
    return samples.get(samples.size() - 1).rssBytes() - base.rssBytes();
  }

  private static Sample sample(long iteration, long start) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Sample(iteration, rssBytes(), heap, (System.nanoTime() - start) / 1e9);
  }

  private static void call(Pipeline p, List<RgbImage> images) {
    if (p.manifest().part() == BundlePart.GENERATOR) {
      p.translateBatch(images);
    } else if (p.manifest().task() == Task.CLASSIFICATION) {
      p.classifyBatch(images);
    } else {
      p.segmentBatch(images);
    }
  }
}

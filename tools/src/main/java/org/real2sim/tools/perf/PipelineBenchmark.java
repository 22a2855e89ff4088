package org.real2sim.tools.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.real2sim.tools.generate.Canvas;
import org.real2sim.tools.generate.StreetsBenchmark;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;

/**
 * Measures the input pipeline: images per second for decode + augment, per image size and thread
 * count, the number to hold against a training step's consumption.
 *
 * <p>For each size it writes {@code images} real-domain {@code streets} scenes (textured, noisy
 * PNGs, as hard to compress as photos) with their label PNGs and a class map into a work folder,
 * then reads them with {@link BatchLoader} as training would: decode, random crop to 7/8 of each
 * side, random flip, scaling to [−1, 1], batch 4 — once for images only (classification, CycleGAN)
 * and once for image + label (segmentation: the label is decoded, mapped and cropped too). The
 * first epoch (at least 0.3 s) warms up (JIT, file cache) and is not timed; then three windows of
 * at least {@code max(2·images, 48)} images and 0.5 s each are timed and the median rate is
 * reported, per wall-clock second and per second of CPU time the process received: the second
 * hardly depends on other load on the machine, and times the thread count it estimates an idle
 * machine's rate (up to its cores).
 */
public final class PipelineBenchmark {

  /** Timed windows per measurement; the median is reported (the machine may be shared). */
  static final int REPEATS = 3;

  /**
   * The default shortest timed window, in milliseconds: process CPU time has a coarse resolution,
   * so short windows give quantised per-CPU-second rates.
   */
  public static final int DEFAULT_WINDOW_MS = 500;

  /**
   * One measurement.
   *
   * @param width image width
   * @param height image height
   * @param threads loader threads
   * @param imagesPerSecond decode + augment, images only
   * @param pairsPerSecond decode + augment, image and label
   * @param imagesPerCpuSecond images only, per second of CPU time the process received
   * @param pairsPerCpuSecond image and label, per second of CPU time the process received
   */
  public record Row(
      int width,
      int height,
      int threads,
      double imagesPerSecond,
      double pairsPerSecond,
      double imagesPerCpuSecond,
      double pairsPerCpuSecond) {}

  /** Images per wall-clock second and per CPU second of the process. */
  private record Rate(double wall, double cpu) {}

  private PipelineBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param sizes {@code {width, height}} pairs
   * @param threads the thread counts to try
   * @param images files written per size
   * @param work a folder for the generated files (created; the caller deletes it)
   * @param windowMs the shortest timed window in milliseconds (the warm-up lasts 60 % of it)
   * @param log progress lines
   */
  public static List<Row> run(
      List<int[]> sizes,
      List<Integer> threads,
      int images,
      Path work,
      int windowMs,
      PrintStream log)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int[] size : sizes) {
      // size is {width, height}; printed height x width, as every size in real2sim.
      Path root = work.resolve(size[1] + "x" + size[0]);
      log.printf(Locale.ROOT, "writing %d street scenes of %dx%d ...%n", images, size[1], size[0]);
      write(root, size[0], size[1], images);
      Dataset ds = Datasets.open(DatasetSpec.of("paired", root));
      for (int t : threads) {
        Rate img = measure(ds, size, t, images, false, windowMs * 1_000_000L);
        Rate pair = measure(ds, size, t, images, true, windowMs * 1_000_000L);
        rows.add(new Row(size[0], size[1], t, img.wall(), pair.wall(), img.cpu(), pair.cpu()));
        log.printf(
            Locale.ROOT,
            "%dx%d, %d thread(s): %.1f images/s, %.1f image+label/s%n",
            size[1],
            size[0],
            t,
            img.wall(),
            pair.wall());
      }
    }
    return rows;
  }

  private static void write(Path root, int w, int h, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      StreetsBenchmark.Rendered r =
          StreetsBenchmark.render(w, h, true, new SplittableRandom(1000L * w + i));
      String stem = String.format(Locale.ROOT, "%05d", i);
      r.image().write(root.resolve("train/images/" + stem + ".png"), 1f);
      Canvas.writeLabels(r.labelIds(), w, h, root.resolve("train/labels/" + stem + ".png"));
    }
    Files.createDirectories(root);
    StreetsBenchmark.classMap().write(root.resolve("classes.json"));
  }

  private static Rate measure(
      Dataset ds, int[] size, int threads, int images, boolean labels, long windowNanos) {
    int batch = 4;
    int timed = Math.max(2 * images, 48);
    int warm = images / batch;
    int timedBatches = (timed + batch - 1) / batch;
    LoaderConfig cfg =
        LoaderConfig.builder()
            .training()
            .batchSize(batch)
            .crop(size[0] * 7 / 8, size[1] * 7 / 8)
            .labels(labels)
            .threads(threads)
            .seed(1)
            .build();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (BatchLoader l = new BatchLoader(ds, "train", cfg)) {
      long warmEnd = System.nanoTime() + windowNanos * 6 / 10;
      for (int i = 0; i < warm || System.nanoTime() < warmEnd; i++) {
        l.next();
      }
      double[] wall = new double[REPEATS];
      double[] cpu = new double[REPEATS];
      for (int r = 0; r < REPEATS; r++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int n = 0;
        while (n < timedBatches || System.nanoTime() - t0 < windowNanos) {
          l.next();
          n++;
        }
        wall[r] = n * batch / ((System.nanoTime() - t0) / 1e9);
        cpu[r] = n * batch / ((os.getProcessCpuTime() - c0) / 1e9);
      }
      java.util.Arrays.sort(wall);
      java.util.Arrays.sort(cpu);
      return new Rate(wall[REPEATS / 2], cpu[REPEATS / 2]);
    }
  }

  /** The rows as a Markdown table. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| size | threads | image: images/s | image: per CPU-s")
        .append(" | image+label: images/s | image+label: per CPU-s |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %dx%d | %d | %.1f | %.1f | %.1f | %.1f |%n",
              r.height(),
              r.width(),
              r.threads(),
              r.imagesPerSecond(),
              r.imagesPerCpuSecond(),
              r.pairsPerSecond(),
              r.pairsPerCpuSecond()));
    }
    return b.toString();
  }
}

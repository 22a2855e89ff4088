package org.real2sim.tools.quickstart;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.real2sim.models.expert.Task;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Percentiles;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.eval.ConfusionMatrix;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.util.ProgressBar;

/**
 * Runs an exported bundle with the deployable runtime (ONNX Runtime, no TensorFlow) over labeled
 * images, as a vehicle would, and scores it like the trainer does: the deployed model must score
 * what the trained one did.
 */
public final class DeployCheck {

  /**
   * What the runtime achieved.
   *
   * @param metric accuracy or miou
   * @param value the metric
   * @param images images scored
   * @param p50Millis median latency per image
   * @param p90Millis 90th-percentile latency per image
   * @param imagesPerSecond throughput over the whole pass (one image at a time)
   * @param device the device the runtime used
   */
  public record Result(
      String metric,
      double value,
      int images,
      double p50Millis,
      double p90Millis,
      double imagesPerSecond,
      String device) {}

  /**
   * The deployed bundle and the trainer's own evaluation on the same full-size noisy images.
   *
   * @param side the images' side in pixels (upscaled from the validation images)
   * @param sigma the Gaussian noise's standard deviation in 8-bit levels
   * @param deployed the bundle in the runtime, fed the full-size images as they are
   * @param trainer the trainer's evaluation of the same networks (f(G_RS(x)) in TensorFlow, its own
   *     antialiased resize to the training size) on the same files
   */
  public record Noisy(int side, double sigma, Result deployed, double trainer) {}

  /** The side of the quick start's full-size check (issue 10: 128 px, σ 25). */
  public static final int NOISY_SIDE = 128;

  /** The noise of the quick start's full-size check, in 8-bit levels. */
  public static final double NOISY_SIGMA = 25;

  private DeployCheck() {}

  /**
   * Writes full-size noisy versions of {@code samples} of a classification data set: each image
   * upscaled with the trainer's filter to {@code side × side}, plus seeded Gaussian noise of {@code
   * sigma} levels, as PNG files in the imagefolder layout {@code dir/val/<class>/}, and returns
   * that data set (the same class ids).
   */
  public static org.real2sim.trainer.data.Dataset writeNoisy(
      Dataset data, List<Sample> samples, java.nio.file.Path dir, int side, double sigma, long seed)
      throws java.io.IOException {
    if (data.task() != Task.CLASSIFICATION) {
      throw new IllegalArgumentException("the full-size noisy check is written for classification");
    }
    org.real2sim.trainer.data.image.ImageDecoder decoder =
        new org.real2sim.trainer.data.image.ImageDecoder();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    java.nio.file.Path val = dir.resolve("val");
    int i = 0;
    for (Sample s : samples) {
      org.real2sim.trainer.data.image.RgbImage im = decoder.readRgb(s.image());
      byte[] rgb = new byte[im.data().length];
      for (int k = 0; k < rgb.length; k++) {
        rgb[k] = (byte) Math.round(Math.max(0f, Math.min(1f, im.data()[k])) * 255f);
      }
      byte[] noisy =
          org.real2sim.tools.export.ParityImages.noisyResize(
              rgb, im.height(), im.width(), side, side, sigma, rng);
      java.awt.image.BufferedImage out =
          new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int p = 0; p < side * side; p++) {
        out.setRGB(
            p % side,
            p / side,
            (noisy[3 * p] & 0xFF) << 16
                | (noisy[3 * p + 1] & 0xFF) << 8
                | (noisy[3 * p + 2] & 0xFF));
      }
      java.nio.file.Path cls = val.resolve(data.classNames().get(s.classId()));
      java.nio.file.Files.createDirectories(cls);
      javax.imageio.ImageIO.write(out, "png", cls.resolve(String.format("%05d.png", i++)).toFile());
    }
    return org.real2sim.trainer.data.format.Datasets.open(
        new org.real2sim.trainer.data.DatasetSpec(
            "imagefolder", dir, java.util.Map.of("classes", String.join(",", data.classNames()))));
  }

  /** Scores {@code bundle} on {@code samples} of {@code data}, one image per call. */
  public static Result run(
      Path bundle, Dataset data, List<Sample> samples, int threads, ProgressBar progress) {
    ConfusionMatrix cm = new ConfusionMatrix(data.numClasses());
    double[] millis = new double[samples.size()];
    LoaderConfig cfg =
        LoaderConfig.builder()
            .evaluation()
            .batchSize(1)
            .scaling(PixelScaling.unit())
            .labels(true)
            .threads(1)
            .build();
    long t0 = System.nanoTime();
    String device;
    try (Pipeline p = Pipeline.open(bundle, Options.defaults().intraOpThreads(threads));
        BatchLoader loader =
            new BatchLoader(data, samples, cfg, SampleOrder.sequential(samples.size()))) {
      device = p.device().toString();
      int i = 0;
      while (loader.hasNext()) {
        Batch b = loader.next();
        byte[] rgb = new byte[b.images().length];
        for (int k = 0; k < rgb.length; k++) {
          rgb[k] = (byte) Math.round(b.images()[k] * 255f);
        }
        long s = System.nanoTime();
        if (data.task() == Task.CLASSIFICATION) {
          ClassificationResult r = p.classify(rgb, b.height(), b.width());
          millis[i] = (System.nanoTime() - s) / 1e6;
          cm.add(new int[] {r.classId()}, b.labels());
        } else {
          SegmentationResult r = p.segment(rgb, b.height(), b.width());
          millis[i] = (System.nanoTime() - s) / 1e6;
          byte[] mask = r.mask();
          int[] pred = new int[mask.length];
          for (int k = 0; k < mask.length; k++) {
            pred[k] = mask[k] & 0xff;
          }
          cm.add(pred, b.labels());
        }
        i++;
        if (progress != null) {
          progress.step();
        }
      }
    }
    double total = (System.nanoTime() - t0) / 1e9;
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    boolean seg = data.task() == Task.SEGMENTATION;
    return new Result(
        Metric.forTask(seg).key(),
        seg ? cm.meanIou() : cm.accuracy(),
        samples.size(),
        sorted.length == 0 ? Double.NaN : Percentiles.of(sorted, 50),
        sorted.length == 0 ? Double.NaN : Percentiles.of(sorted, 90),
        samples.size() / total,
        device);
  }
}

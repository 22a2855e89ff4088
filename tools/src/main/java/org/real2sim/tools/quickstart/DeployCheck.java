package org.real2sim.tools.quickstart;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.Task;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.eval.ConfusionMatrix;
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

  private DeployCheck() {}

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
        seg ? "miou" : "accuracy",
        seg ? cm.meanIou() : cm.accuracy(),
        samples.size(),
        percentile(sorted, 0.5),
        percentile(sorted, 0.9),
        samples.size() / total,
        device);
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
  }
}

package org.real2sim.trainer.stage;

import java.util.List;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.util.ProgressBar;

/**
 * Class weights from label frequencies (stage a's "class weighting"): images per class for
 * classification, pixels per class for segmentation (ignore label excluded).
 *
 * <p>{@code inverse}: w_c = N / (K·n_c); {@code sqrt-inverse}: its square root; both rescaled so
 * that the frequency-weighted mean weight is 1 (the loss keeps its scale), and capped at 50× the
 * smallest weight so a nearly absent class cannot dominate. Absent classes get weight 0 (they never
 * occur as a label). {@code none}: all 1.
 */
public final class ClassWeights {

  private ClassWeights() {}

  /** Per-class label counts over {@code samples}. */
  public static long[] counts(
      Dataset dataset, List<Sample> samples, int height, int width, int threads, ProgressBar bar) {
    return counts(
        dataset,
        samples,
        height,
        width,
        threads,
        org.real2sim.trainer.data.image.ImageDecoder.DEFAULT_MAX_PIXELS,
        bar);
  }

  /** Per-class label counts over {@code samples}, refusing images over {@code maxPixels}. */
  public static long[] counts(
      Dataset dataset,
      List<Sample> samples,
      int height,
      int width,
      int threads,
      long maxPixels,
      ProgressBar bar) {
    int k = dataset.numClasses();
    long[] counts = new long[k];
    if (dataset.task() == Task.CLASSIFICATION) {
      for (Sample s : samples) {
        counts[s.classId()]++;
      }
      return counts;
    }
    LoaderConfig cfg =
        LoaderConfig.builder()
            .evaluation()
            .batchSize(1)
            .resize(width, height)
            .labels(true)
            .threads(threads)
            .maxPixels(maxPixels)
            .build();
    try (BatchLoader loader =
        new BatchLoader(dataset, samples, cfg, SampleOrder.sequential(samples.size()))) {
      while (loader.hasNext()) {
        Batch b = loader.next();
        for (int y : b.labels()) {
          if (y >= 0 && y < k) {
            counts[y]++;
          }
        }
        if (bar != null) {
          bar.step();
        }
      }
    }
    return counts;
  }

  /** The weights of a weighting scheme for the given counts. */
  public static float[] weights(String scheme, long[] counts) {
    int k = counts.length;
    float[] w = new float[k];
    if (scheme.equals("none")) {
      java.util.Arrays.fill(w, 1f);
      return w;
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] raw = new double[k];
    double min = Double.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      if (counts[c] > 0) {
        raw[c] = (double) total / (k * (double) counts[c]);
        if (scheme.equals("sqrt-inverse")) {
          raw[c] = Math.sqrt(raw[c]);
        }
        min = Math.min(min, raw[c]);
      }
    }
    if (total == 0) {
      java.util.Arrays.fill(w, 1f);
      return w;
    }
    double mean = 0;
    for (int c = 0; c < k; c++) {
      if (counts[c] > 0) {
        raw[c] = Math.min(raw[c], 50 * min);
        mean += raw[c] * counts[c] / (double) total;
      }
    }
    for (int c = 0; c < k; c++) {
      w[c] = (float) (raw[c] / mean);
    }
    return w;
  }
}

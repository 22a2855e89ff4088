package org.real2sim.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.run.SampleGrid;
import org.real2sim.trainer.stage.Tensors;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs a prediction op over validation images and scores it: accuracy for classification, mIoU for
 * segmentation, with per-class values (recall, IoU).
 */
public final class Evaluator {

  /**
   * The score of one method on one validation set.
   *
   * @param metric accuracy or miou
   * @param value the metric in [0, 1]
   * @param perClass per-class recall (classification) or IoU (segmentation); NaN = undefined
   * @param images the number of images scored
   * @param confusion the confusion matrix
   */
  public record Score(
      String metric, double value, double[] perClass, int images, ConfusionMatrix confusion) {

    /** The score of a confusion matrix for a task. */
    public static Score of(Task task, ConfusionMatrix cm, int images) {
      return task == Task.SEGMENTATION
          ? new Score(Metric.MIOU.key(), cm.meanIou(), cm.iou(), images, cm)
          : new Score(Metric.ACCURACY.key(), cm.accuracy(), cm.recall(), images, cm);
    }
  }

  /** What to evaluate on, and how to load it. */
  private final Dataset dataset;

  private final List<Sample> samples;
  private final int height;
  private final int width;
  private final int batch;
  private final int threads;
  private final long maxPixels;
  private final boolean labelResolution;

  /**
   * An evaluator over {@code samples} of {@code dataset}, resized to {@code width × height}, scored
   * against labels resized (nearest) to that size.
   *
   * @param maxImages use at most this many samples (the first ones); 0 = all
   */
  public Evaluator(
      Dataset dataset,
      List<Sample> samples,
      int height,
      int width,
      int batch,
      int threads,
      int maxImages) {
    this(
        dataset,
        samples,
        height,
        width,
        batch,
        threads,
        maxImages,
        org.real2sim.trainer.data.image.ImageDecoder.DEFAULT_MAX_PIXELS,
        false);
  }

  /**
   * An evaluator over {@code samples} of {@code dataset}, resized to {@code width × height}.
   *
   * @param maxImages use at most this many samples (the first ones); 0 = all
   * @param maxPixels images with more pixels are refused before decoding
   * @param labelResolution segmentation: score against the labels at their own size, the
   *     predictions upsampled (nearest) to it (the Cityscapes convention); false: against labels
   *     resized (nearest) to {@code width × height}
   */
  public Evaluator(
      Dataset dataset,
      List<Sample> samples,
      int height,
      int width,
      int batch,
      int threads,
      int maxImages,
      long maxPixels,
      boolean labelResolution) {
    this.dataset = dataset;
    this.samples =
        maxImages > 0 && samples.size() > maxImages
            ? List.copyOf(samples.subList(0, maxImages))
            : samples;
    this.height = height;
    this.width = width;
    this.batch = batch;
    this.threads = threads;
    this.maxPixels = maxPixels;
    this.labelResolution = labelResolution && dataset.task() == Task.SEGMENTATION;
  }

  /** Whether segmentation is scored at the labels' own resolution. */
  public boolean labelResolution() {
    return labelResolution;
  }

  /** The number of images scored. */
  public int size() {
    return samples.size();
  }

  private LoaderConfig loaderConfig(int batchSize) {
    return LoaderConfig.builder()
        .evaluation()
        .batchSize(batchSize)
        .resize(width, height)
        .scaling(PixelScaling.minusOneToOne())
        .labels(true)
        .threads(threads)
        .maxPixels(maxPixels)
        .build();
  }

  /**
   * Feeds every image to {@code input} and scores {@code predictions} (int32 [N] or [N, H, W]).
   *
   * @param progress counts images; may be null
   */
  public Score score(
      Session session, Operand<TFloat32> input, Operand<TInt32> predictions, ProgressBar progress) {
    ConfusionMatrix cm = new ConfusionMatrix(dataset.numClasses());
    // At label resolution a second, unresized loader (one image per batch: label sizes may differ)
    // delivers each label at its own size, in the same order.
    LoaderConfig native1 =
        LoaderConfig.builder()
            .evaluation()
            .batchSize(1)
            .labels(true)
            .threads(threads)
            .maxPixels(maxPixels)
            .build();
    try (BatchLoader loader =
            new BatchLoader(
                dataset, samples, loaderConfig(batch), SampleOrder.sequential(samples.size()));
        BatchLoader labels =
            labelResolution
                ? new BatchLoader(dataset, samples, native1, SampleOrder.sequential(samples.size()))
                : null) {
      while (loader.hasNext()) {
        Batch b = loader.next();
        try (TFloat32 x = Tensors.floats(b.images(), b.imageShape());
            Result r = session.runner().feed(input, x).fetch(predictions).run()) {
          int[] pred = Tensors.toInts((TInt32) r.get(0));
          if (labels == null) {
            cm.add(pred, b.labels());
          } else {
            int pix = b.height() * b.width();
            for (int i = 0; i < b.size(); i++) {
              Batch l = labels.next();
              cm.add(
                  upsampleNearest(pred, i * pix, b.height(), b.width(), l.height(), l.width()),
                  l.labels());
            }
          }
        }
        if (progress != null) {
          progress.stepBy(b.size());
        }
      }
    }
    return Score.of(dataset.task(), cm, samples.size());
  }

  /**
   * The class map {@code pred[offset ..]} of {@code h × w} upsampled by nearest neighbour (pixel
   * centres) to {@code toH × toW}.
   */
  static int[] upsampleNearest(int[] pred, int offset, int h, int w, int toH, int toW) {
    int[] out = new int[toH * toW];
    int[] xs = new int[toW];
    for (int x = 0; x < toW; x++) {
      xs[x] = Math.min(w - 1, (int) (((long) x * 2 + 1) * w / (2L * toW)));
    }
    for (int y = 0; y < toH; y++) {
      int sy = Math.min(h - 1, (int) (((long) y * 2 + 1) * h / (2L * toH)));
      int row = offset + sy * w;
      for (int x = 0; x < toW; x++) {
        out[y * toW + x] = pred[row + xs[x]];
      }
    }
    return out;
  }

  /**
   * {@code rows} validation images, evenly spaced through the validation list (so that the rows
   * show different classes), as sample-grid rows: image, translated image (when {@code translated}
   * is not null), prediction and ground truth.
   */
  public List<SampleGrid.Row> rows(
      Session session,
      Operand<TFloat32> input,
      Operand<TFloat32> translated,
      Operand<TInt32> predictions,
      int rows) {
    int n = Math.min(rows, samples.size());
    List<SampleGrid.Row> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    List<Sample> picked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      picked.add(samples.get((int) ((long) i * samples.size() / n)));
    }
    try (BatchLoader loader =
        new BatchLoader(dataset, picked, loaderConfig(n), SampleOrder.sequential(n))) {
      Batch b = loader.next();
      Session.Runner runner;
      try (TFloat32 x = Tensors.floats(b.images(), b.imageShape())) {
        runner = session.runner().feed(input, x).fetch(predictions);
        if (translated != null) {
          runner.fetch(translated);
        }
        try (Result r = runner.run()) {
          int[] pred = Tensors.toInts((TInt32) r.get(0));
          float[] trans = translated == null ? null : Tensors.toFloats((TFloat32) r.get(1));
          int pix = b.height() * b.width();
          boolean perPixel = b.labels().length == b.size() * pix;
          int per = perPixel ? pix : 1;
          for (int i = 0; i < b.size(); i++) {
            float[] img = java.util.Arrays.copyOfRange(b.images(), i * pix * 3, (i + 1) * pix * 3);
            float[] tr =
                trans == null
                    ? null
                    : java.util.Arrays.copyOfRange(trans, i * pix * 3, (i + 1) * pix * 3);
            out.add(
                new SampleGrid.Row(
                    img,
                    tr,
                    java.util.Arrays.copyOfRange(pred, i * per, (i + 1) * per),
                    java.util.Arrays.copyOfRange(b.labels(), i * per, (i + 1) * per)));
          }
        }
      }
    }
    return out;
  }
}

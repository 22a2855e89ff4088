package org.real2sim.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.Task;
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

  /**
   * An evaluator over {@code samples} of {@code dataset}, resized to {@code width × height}.
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
    this.dataset = dataset;
    this.samples =
        maxImages > 0 && samples.size() > maxImages
            ? List.copyOf(samples.subList(0, maxImages))
            : samples;
    this.height = height;
    this.width = width;
    this.batch = batch;
    this.threads = threads;
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
    try (BatchLoader loader =
        new BatchLoader(
            dataset, samples, loaderConfig(batch), SampleOrder.sequential(samples.size()))) {
      while (loader.hasNext()) {
        Batch b = loader.next();
        try (TFloat32 x = Tensors.floats(b.images(), b.imageShape());
            Result r = session.runner().feed(input, x).fetch(predictions).run()) {
          int[] pred = Tensors.toInts((TInt32) r.get(0));
          cm.add(pred, b.labels());
        }
        if (progress != null) {
          progress.stepBy(b.size());
        }
      }
    }
    return Score.of(dataset.task(), cm, samples.size());
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

package org.real2sim.spark;

import java.util.List;
import org.real2sim.trainer.eval.ConfusionMatrix;

/**
 * What a batch job did.
 *
 * @param task {@code classification} or {@code segmentation}
 * @param images images predicted (written to {@code predictions/})
 * @param rejects images refused (written to {@code rejects/} with the reason)
 * @param seconds wall-clock seconds from the first read to the last write
 * @param classes the bundle's class names
 * @param confusion the merged confusion matrix in evaluation mode, else null
 */
public record JobResult(
    String task,
    long images,
    long rejects,
    double seconds,
    List<String> classes,
    ConfusionMatrix confusion) {

  /** Images per second over the whole job (predicted and refused). */
  public double imagesPerSecond() {
    return (images + rejects) / seconds;
  }

  /** Whether this was an evaluation. */
  public boolean evaluated() {
    return confusion != null;
  }

  /** The metric's name, as the trainer's evaluation names it: {@code accuracy} or {@code miou}. */
  public String metric() {
    return task.equals("segmentation") ? "miou" : "accuracy";
  }

  /** The metric: accuracy (classification) or mIoU (segmentation) of the merged matrix. */
  public double value() {
    return task.equals("segmentation") ? confusion.meanIou() : confusion.accuracy();
  }

  /**
   * Per-class values as the trainer's evaluation reports them: recall (classification) or IoU
   * (segmentation); NaN where undefined.
   */
  public double[] perClass() {
    return task.equals("segmentation") ? confusion.iou() : confusion.recall();
  }
}

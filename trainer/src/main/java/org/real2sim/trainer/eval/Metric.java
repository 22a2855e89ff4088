package org.real2sim.trainer.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The validation metric of a task: mean IoU for segmentation, accuracy for classification. In JSON
 * ({@code metrics.jsonl}, {@code results.json}, sweep results) a metric is its key, {@code "miou"}
 * or {@code "accuracy"}, as run folders have always written it; {@link #label()} is the name shown
 * to people ({@code mIoU}).
 */
public enum Metric {
  /** Mean intersection over union over the classes present (segmentation). */
  MIOU("miou", "mIoU", "per-class IoU"),
  /** Fraction of images classified correctly (classification). */
  ACCURACY("accuracy", "accuracy", "per-class accuracy (recall)");

  private final String key;
  private final String label;
  private final String perClass;

  Metric(String key, String label, String perClass) {
    this.key = key;
    this.label = label;
    this.perClass = perClass;
  }

  /** The key written to JSON and to event tags: {@code miou} or {@code accuracy}. */
  @JsonValue
  public String key() {
    return key;
  }

  /** The name shown in tables and bundles: {@code mIoU} or {@code accuracy}. */
  public String label() {
    return label;
  }

  /**
   * What the per-class values are: {@code per-class IoU} or {@code per-class accuracy (recall)}.
   */
  public String perClass() {
    return perClass;
  }

  /** The metric of a task: mIoU when {@code segmentation}, else accuracy. */
  public static Metric forTask(boolean segmentation) {
    return segmentation ? MIOU : ACCURACY;
  }

  /**
   * The metric with key {@code key}.
   *
   * @throws IllegalArgumentException naming the value and the valid keys
   */
  @JsonCreator
  public static Metric of(String key) {
    for (Metric m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Unknown metric '"
            + key
            + "', expected one of "
            + Arrays.stream(values()).map(Metric::key).toList());
  }

  /** The label of a metric key, or the key itself when it names no known metric. */
  public static String labelOf(String key) {
    for (Metric m : values()) {
      if (m.key.equals(key)) {
        return m.label;
      }
    }
    return key;
  }

  /** The key. */
  @Override
  public String toString() {
    return key;
  }
}

package org.real2sim.trainer.eval;

import java.util.Arrays;

/**
 * A confusion matrix over {@code K} classes, accumulated from predictions and labels; labels equal
 * to the ignore label (255 by default) or outside {@code [0, K)} after mapping are skipped.
 *
 * <p>Rows are ground truth, columns are predictions. Metrics follow the Cityscapes protocol:
 * per-class IoU = TP / (TP + FP + FN), mIoU = the mean over classes whose IoU is defined (a class
 * that occurs neither in the ground truth nor in the predictions is left out, not counted as 0).
 */
public final class ConfusionMatrix {

  /** The label value that marks pixels to ignore. */
  public static final int IGNORE = 255;

  private final int k;
  private final long[] counts;

  /** An empty matrix over {@code numClasses} classes. */
  public ConfusionMatrix(int numClasses) {
    if (numClasses < 1 || numClasses > IGNORE) {
      throw new IllegalArgumentException("numClasses must be in [1, 255], found " + numClasses);
    }
    this.k = numClasses;
    this.counts = new long[numClasses * numClasses];
  }

  /**
   * A matrix holding {@code counts}, row-major [truth][prediction], as {@link #toArray()} returns
   * them: how partial matrices computed elsewhere (one per Spark partition) are merged back.
   *
   * @throws IllegalArgumentException when the array is not square, has more than 255 rows or holds
   *     a negative count
   */
  public static ConfusionMatrix of(long[][] counts) {
    ConfusionMatrix cm = new ConfusionMatrix(counts.length);
    for (int t = 0; t < counts.length; t++) {
      if (counts[t].length != counts.length) {
        throw new IllegalArgumentException(
            "confusion row "
                + t
                + " has "
                + counts[t].length
                + " entries, expected "
                + counts.length);
      }
      for (int p = 0; p < counts.length; p++) {
        if (counts[t][p] < 0) {
          throw new IllegalArgumentException(
              "confusion count [" + t + "][" + p + "] is negative: " + counts[t][p]);
        }
        cm.counts[t * cm.k + p] = counts[t][p];
      }
    }
    return cm;
  }

  /** The number of classes. */
  public int numClasses() {
    return k;
  }

  /**
   * Adds {@code n} prediction/label pairs starting at the given offsets.
   *
   * @throws IllegalArgumentException naming the value when a label is neither a class nor the
   *     ignore label, or a prediction is not a class
   */
  public void add(int[] predictions, int predOffset, int[] labels, int labelOffset, int n) {
    for (int i = 0; i < n; i++) {
      int y = labels[labelOffset + i];
      if (y == IGNORE) {
        continue;
      }
      int p = predictions[predOffset + i];
      if (y < 0 || y >= k) {
        throw new IllegalArgumentException(
            "Label "
                + y
                + " at index "
                + (labelOffset + i)
                + " is outside [0, "
                + k
                + ") and not "
                + IGNORE);
      }
      if (p < 0 || p >= k) {
        throw new IllegalArgumentException(
            "Prediction " + p + " at index " + (predOffset + i) + " is outside [0, " + k + ")");
      }
      counts[y * k + p]++;
    }
  }

  /** Adds all pairs of two equally long arrays. */
  public void add(int[] predictions, int[] labels) {
    if (predictions.length != labels.length) {
      throw new IllegalArgumentException(
          "predictions and labels differ in length: "
              + predictions.length
              + " vs "
              + labels.length);
    }
    add(predictions, 0, labels, 0, labels.length);
  }

  /** Adds the counts of another matrix over the same classes. */
  public void merge(ConfusionMatrix other) {
    if (other.k != k) {
      throw new IllegalArgumentException("cannot merge " + other.k + " classes into " + k);
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  /** The count of samples of true class {@code truth} predicted as {@code predicted}. */
  public long count(int truth, int predicted) {
    return counts[truth * k + predicted];
  }

  /** The number of counted (non-ignored) samples. */
  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /** The fraction of counted samples predicted correctly (NaN when nothing was counted). */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < k; c++) {
      correct += counts[c * k + c];
    }
    long t = total();
    return t == 0 ? Double.NaN : (double) correct / t;
  }

  /**
   * Per-class IoU = TP / (TP + FP + FN); NaN for a class absent from both truth and predictions.
   */
  public double[] iou() {
    double[] out = new double[k];
    for (int c = 0; c < k; c++) {
      long tp = counts[c * k + c];
      long fn = 0;
      long fp = 0;
      for (int j = 0; j < k; j++) {
        if (j != c) {
          fn += counts[c * k + j];
          fp += counts[j * k + c];
        }
      }
      long denom = tp + fp + fn;
      out[c] = denom == 0 ? Double.NaN : (double) tp / denom;
    }
    return out;
  }

  /** The mean of the defined per-class IoUs (NaN when none is defined). */
  public double meanIou() {
    double sum = 0;
    int n = 0;
    for (double v : iou()) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Per-class recall (accuracy within each true class); NaN for a class with no samples. */
  public double[] recall() {
    double[] out = new double[k];
    for (int c = 0; c < k; c++) {
      long row = 0;
      for (int j = 0; j < k; j++) {
        row += counts[c * k + j];
      }
      out[c] = row == 0 ? Double.NaN : (double) counts[c * k + c] / row;
    }
    return out;
  }

  /** A copy of the counts, row-major [truth][prediction]. */
  public long[][] toArray() {
    long[][] out = new long[k][];
    for (int c = 0; c < k; c++) {
      out[c] = Arrays.copyOfRange(counts, c * k, (c + 1) * k);
    }
    return out;
  }
}

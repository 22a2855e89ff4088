package org.real2sim.exporter.parity;

import org.real2sim.exporter.ExportException;

/**
 * How far ONNX Runtime may deviate from TensorFlow on the same images before an export fails.
 *
 * @param scores the largest allowed absolute difference of a softmax score
 * @param tieMargin a prediction (class or mask pixel) may differ only where TensorFlow's scores of
 *     the two classes involved are within this margin of each other (a numerical tie); 0 means no
 *     prediction may differ unless the two scores are exactly equal
 * @param translatedLevels the largest allowed difference of a {@code translated} byte
 */
public record ParityTolerance(double scores, double tieMargin, int translatedLevels) {

  /**
   * float32 weights: scores within 1e-4, no differing prediction, translated bytes within 1 (a
   * value rounding at a half level may go either way; float32 differences of ~1e-6 cannot move it
   * further).
   */
  public static final ParityTolerance FP32 = new ParityTolerance(1e-4, 0, 1);

  /**
   * float16 weights: scores within 1e-2; a prediction may flip only where the reference's two
   * scores are within 2e-2 (twice the score tolerance: the most two scores each off by 1e-2 can
   * swap); translated bytes within 4 levels. Rounding the weights to float16 (relative error up to
   * 2^-11) gave at most 8.4e-5 on the scores and 1 level on the translated bytes on the project's
   * tiny runs (docs/deploy.md); the bounds leave room for deeper networks, whose errors add up over
   * more layers.
   */
  public static final ParityTolerance FP16 = new ParityTolerance(1e-2, 2e-2, 4);

  /** Checks non-negative bounds. */
  public ParityTolerance {
    if (!(scores >= 0) || !(tieMargin >= 0) || translatedLevels < 0) {
      throw new ExportException(
          "parity tolerances must be >= 0, found scores "
              + scores
              + ", tieMargin "
              + tieMargin
              + ", translatedLevels "
              + translatedLevels);
    }
  }

  /** {@link #FP16} when {@code fp16}, else {@link #FP32}. */
  public static ParityTolerance forWeights(boolean fp16) {
    return fp16 ? FP16 : FP32;
  }
}

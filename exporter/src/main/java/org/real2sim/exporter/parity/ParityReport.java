package org.real2sim.exporter.parity;

import java.util.Locale;

/**
 * What the parity check measured: ONNX Runtime against TensorFlow on the same uint8 images.
 *
 * @param images the number of images compared
 * @param height their height
 * @param width their width
 * @param maxScoreError the largest absolute difference of a softmax score (0 without an expert)
 * @param predictions the number of predictions compared (images for classification, pixels for
 *     segmentation; 0 without an expert)
 * @param agreeing how many of them are equal
 * @param ties how many differ at a numerical tie within {@link ParityTolerance#tieMargin()}
 * @param maxTranslatedError the largest difference of a {@code translated} byte (0 without one)
 * @param translatedBytes the number of {@code translated} bytes compared
 * @param translatedIdentical how many of them are equal
 * @param tolerance the tolerance the numbers were judged against
 */
public record ParityReport(
    int images,
    int height,
    int width,
    double maxScoreError,
    long predictions,
    long agreeing,
    long ties,
    int maxTranslatedError,
    long translatedBytes,
    long translatedIdentical,
    ParityTolerance tolerance) {

  /** Whether every number is within the tolerance. */
  public boolean passed() {
    return maxScoreError <= tolerance.scores()
        && agreeing + ties == predictions
        && maxTranslatedError <= tolerance.translatedLevels();
  }

  /** The fraction of equal predictions, 1 when none were compared. */
  public double agreement() {
    return predictions == 0 ? 1 : agreeing / (double) predictions;
  }

  /** One line with every number, e.g. for the export command's output. */
  public String summary() {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT, "parity on %d image(s) of %dx%d (HxW):", images, height, width));
    if (predictions > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              " max |Δscore| %.2e (tolerance %.0e); predictions agree %d/%d (%.4f%%)",
              maxScoreError,
              tolerance.scores(),
              agreeing,
              predictions,
              100 * agreement()));
      if (ties > 0) {
        b.append(String.format(Locale.ROOT, ", %d numerical tie(s)", ties));
      }
    }
    if (translatedBytes > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "%s translated max |Δ| %d/255 (tolerance %d), %.4f%% of bytes identical",
              predictions > 0 ? ";" : "",
              maxTranslatedError,
              tolerance.translatedLevels(),
              100.0 * translatedIdentical / translatedBytes));
    }
    b.append(passed() ? " — PASSED" : " — FAILED");
    return b.toString();
  }
}

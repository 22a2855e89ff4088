package org.real2sim.exporter.parity;

import org.real2sim.exporter.ExportException;

/**
 * Running totals of a parity check over batches: the largest score difference, agreeing and tied
 * predictions, and the translated bytes' differences, reported with the tolerance they are judged
 * against. Package-private for tests.
 */
final class ParityAccumulator {
  private final ParityTolerance tolerance;
  private double maxScore;
  private long predictions;
  private long agreeing;
  private long ties;
  private int maxTranslated;
  private long translatedBytes;
  private long translatedIdentical;

  ParityAccumulator(ParityTolerance tolerance) {
    this.tolerance = tolerance;
  }

  /**
   * Reference scores are channels-last ([N, P, K] with P pixels), ONNX's channels-first ([N, K,
   * P]); classification has P = 1, where both orders coincide.
   */
  void scores(
      float[] refScores,
      float[] ortScores,
      long[] refPred,
      long[] ortPred,
      int n,
      int k,
      int pixels) {
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < pixels; p++) {
        for (int c = 0; c < k; c++) {
          float ref = refScores[(b * pixels + p) * k + c];
          float ort = ortScores[(b * k + c) * pixels + p];
          double d = Math.abs((double) ref - ort);
          if (!(d <= maxScore)) {
            maxScore = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
          }
        }
        int i = b * pixels + p;
        predictions++;
        if (refPred[i] == ortPred[i]) {
          agreeing++;
        } else {
          int a = (int) refPred[i];
          int o = (int) ortPred[i];
          boolean valid = o >= 0 && o < k;
          double margin =
              valid
                  ? refScores[(b * pixels + p) * k + a] - refScores[(b * pixels + p) * k + o]
                  : Double.POSITIVE_INFINITY;
          if (margin <= tolerance.tieMargin()) {
            ties++;
          }
        }
      }
    }
  }

  void translated(byte[] ref, byte[] ort) {
    if (ref.length != ort.length) {
      throw new ExportException(
          "translated has "
              + ort.length
              + " bytes in ONNX Runtime and "
              + ref.length
              + " in TensorFlow");
    }
    for (int i = 0; i < ref.length; i++) {
      int d = Math.abs((ref[i] & 0xff) - (ort[i] & 0xff));
      maxTranslated = Math.max(maxTranslated, d);
      if (d == 0) {
        translatedIdentical++;
      }
    }
    translatedBytes += ref.length;
  }

  ParityReport report(SampleImages s) {
    return report(s.count(), s.height(), s.width());
  }

  ParityReport report(int images, int height, int width) {
    return new ParityReport(
        images,
        height,
        width,
        maxScore,
        predictions,
        agreeing,
        ties,
        maxTranslated,
        translatedBytes,
        translatedIdentical,
        tolerance);
  }
}

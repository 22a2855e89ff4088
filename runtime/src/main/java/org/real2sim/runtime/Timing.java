package org.real2sim.runtime;

/**
 * Wall-clock time one call spent in each phase, in nanoseconds. A batch call's results share the
 * batch's timing; {@link #batchSize()} says how many images it covered.
 *
 * @param preprocessNanos image conversion, size policy, copying into the native input buffer
 * @param inferenceNanos ONNX Runtime's run
 * @param postprocessNanos copying outputs out and resizing masks back
 * @param batchSize the number of images the call processed
 */
public record Timing(
    long preprocessNanos, long inferenceNanos, long postprocessNanos, int batchSize) {

  /** The whole call. */
  public long totalNanos() {
    return preprocessNanos + inferenceNanos + postprocessNanos;
  }

  /** The whole call in milliseconds. */
  public double totalMillis() {
    return totalNanos() / 1e6;
  }

  /** ONNX Runtime's part in milliseconds. */
  public double inferenceMillis() {
    return inferenceNanos / 1e6;
  }
}

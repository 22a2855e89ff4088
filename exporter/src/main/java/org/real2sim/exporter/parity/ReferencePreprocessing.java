package org.real2sim.exporter.parity;

/**
 * The training side's preprocessing of one image, the reference the in-graph resize is checked
 * against: decode-free bytes in, the network's input out. The exporter cannot depend on the
 * trainer, so callers that can (tools' {@code RunExporter}, the parity tests in {@code tools}) pass
 * the trainer's own resize and scaling here.
 */
@FunctionalInterface
public interface ReferencePreprocessing {

  /**
   * The network input of an image: packed RGB {@code height × width × 3} bytes in, float NHWC
   * {@code outHeight × outWidth × 3} in [−1, 1] out, exactly as training computed it.
   */
  float[] apply(byte[] rgb, int height, int width, int outHeight, int outWidth);
}

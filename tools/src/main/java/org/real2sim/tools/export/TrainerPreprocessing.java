package org.real2sim.tools.export;

import org.real2sim.exporter.parity.ReferencePreprocessing;
import org.real2sim.trainer.data.image.ImageOps;
import org.real2sim.trainer.data.image.RgbImage;

/**
 * The trainer's preprocessing of a real image as its evaluation computes it, the reference of the
 * exporter's in-graph resize: bytes to [0, 1] as {@code ImageDecoder} does ({@code b · (1/255)}),
 * {@link ImageOps#resizeBilinear} to the network's size (the antialiased filter the bundle's ONNX
 * {@code Resize} reproduces), then {@code PixelScaling.minusOneToOne} ({@code v · 2 − 1}). It lives
 * in {@code tools} because only here both the trainer and the exporter are visible: the filter
 * keeps one definition (the trainer's), and every export checks the graph against it.
 */
public final class TrainerPreprocessing implements ReferencePreprocessing {

  /** The trainer's preprocessing. */
  public static final TrainerPreprocessing INSTANCE = new TrainerPreprocessing();

  private TrainerPreprocessing() {}

  @Override
  public float[] apply(byte[] rgb, int height, int width, int outHeight, int outWidth) {
    float[] unit = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      unit[i] = (rgb[i] & 0xFF) * (1f / 255f);
    }
    RgbImage resized =
        ImageOps.resizeBilinear(new RgbImage(height, width, unit), outWidth, outHeight);
    float[] d = resized.data();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = d[i] * 2f + -1f;
    }
    return out;
  }
}

package org.real2sim.exporter.onnx;

import java.util.Map;
import org.real2sim.exporter.ExportException;

/**
 * Spatial padding of a convolution or pooling, in ONNX's terms.
 *
 * <ul>
 *   <li>{@code EXPLICIT}: {@code top, left, bottom, right} zeros (−∞ for max pooling) around the
 *       input; ONNX {@code pads = [top, left, bottom, right]}. PyTorch's {@code Conv2d(padding=p)}
 *       and {@code MaxPool2d(padding=p)} are {@link #symmetric(int) symmetric(p)}; a separate
 *       reflect or constant pad followed by an unpadded layer is {@link #valid()} after {@link
 *       OnnxLayers#pad}.
 *   <li>{@code SAME_UPPER}: TensorFlow's {@code "SAME"}: output = ceil(input / stride), total
 *       padding {@code max((out − 1)·stride + (k − 1)·d + 1 − in, 0)} split with the odd pixel at
 *       the end (bottom/right); depends on the input size, so it stays dynamic in the graph (ONNX
 *       {@code auto_pad = "SAME_UPPER"}). Not accepted for transposed convolutions: use {@link
 *       TransposeGeometry#tfSame}.
 *   <li>{@code VALID}: no padding (TensorFlow's {@code "VALID"}).
 * </ul>
 *
 * @param mode the kind of padding
 * @param top rows added above (EXPLICIT only)
 * @param left columns added on the left (EXPLICIT only)
 * @param bottom rows added below (EXPLICIT only)
 * @param right columns added on the right (EXPLICIT only)
 */
public record Padding(Mode mode, int top, int left, int bottom, int right) {

  /** The kind of padding. */
  public enum Mode {
    /** Fixed amounts per side. */
    EXPLICIT,
    /** TensorFlow "SAME" (extra pixel at the end). */
    SAME_UPPER,
    /** No padding. */
    VALID
  }

  /** Checks non-negative amounts and zero amounts for the automatic modes. */
  public Padding {
    if (top < 0 || left < 0 || bottom < 0 || right < 0) {
      throw new ExportException(
          "Padding must be >= 0, found top "
              + top
              + ", left "
              + left
              + ", bottom "
              + bottom
              + ", right "
              + right);
    }
    if (mode != Mode.EXPLICIT && (top | left | bottom | right) != 0) {
      throw new ExportException("Padding " + mode + " takes no explicit amounts");
    }
  }

  /** {@code p} on every side (PyTorch's {@code padding=p}). */
  public static Padding symmetric(int p) {
    return new Padding(Mode.EXPLICIT, p, p, p, p);
  }

  /** Explicit amounts per side. */
  public static Padding explicit(int top, int left, int bottom, int right) {
    return new Padding(Mode.EXPLICIT, top, left, bottom, right);
  }

  /** No padding. */
  public static Padding valid() {
    return new Padding(Mode.VALID, 0, 0, 0, 0);
  }

  /** TensorFlow's "SAME". */
  public static Padding sameUpper() {
    return new Padding(Mode.SAME_UPPER, 0, 0, 0, 0);
  }

  /** The ONNX attributes: {@code pads} or {@code auto_pad}. */
  Map<String, Object> attributes() {
    return switch (mode) {
      case EXPLICIT -> Map.of("pads", new long[] {top, left, bottom, right});
      case SAME_UPPER -> Map.of("auto_pad", "SAME_UPPER");
      case VALID -> Map.of("pads", new long[] {0, 0, 0, 0});
    };
  }
}

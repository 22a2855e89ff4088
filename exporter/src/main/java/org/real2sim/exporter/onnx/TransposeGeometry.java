package org.real2sim.exporter.onnx;

import org.real2sim.exporter.ExportException;

/**
 * Where a transposed convolution's output starts and ends, in ONNX's terms: the full output of size
 * {@code stride·(in − 1) + (k − 1)·d + 1 + outputPadding} is cropped by {@code pads} (top/left at
 * the start, bottom/right at the end). {@code outputPadding} adds rows/columns at the end
 * (bottom/right).
 *
 * @param pads explicit crop amounts (must be {@link Padding.Mode#EXPLICIT} or {@link
 *     Padding.Mode#VALID})
 * @param outputPadding extra rows and columns at the end, smaller than the stride
 */
public record TransposeGeometry(Padding pads, int outputPadding) {

  /** Checks the padding kind and the output padding. */
  public TransposeGeometry {
    if (pads.mode() == Padding.Mode.SAME_UPPER) {
      throw new ExportException(
          "ConvTranspose takes explicit pads; for TensorFlow's SAME use"
              + " TransposeGeometry.tfSame(kernel, stride)");
    }
    if (outputPadding < 0) {
      throw new ExportException("outputPadding must be >= 0, found " + outputPadding);
    }
  }

  /**
   * PyTorch's {@code ConvTranspose2d(padding=p, output_padding=op)}: crop {@code p} on every side,
   * add {@code op} at the end. CycleGAN's up-sampling {@code (k=3, s=2, p=1, op=1)} gives exactly
   * 2× the input.
   */
  public static TransposeGeometry pytorch(int padding, int outputPadding) {
    return new TransposeGeometry(Padding.symmetric(padding), outputPadding);
  }

  /**
   * TensorFlow's {@code conv2d_transpose(padding="SAME")} with output {@code in · stride}: the
   * adjoint of a SAME convolution, whose total padding {@code max(k − s, 0)} is split with the odd
   * pixel at the end, so the crop is {@code floor(total / 2)} at the start and the rest at the end;
   * when {@code k < s} the missing {@code s − k} rows/columns are output padding. Dilation 1.
   */
  public static TransposeGeometry tfSame(int kernel, int stride) {
    if (kernel < 1 || stride < 1) {
      throw new ExportException(
          "kernel and stride must be >= 1, found " + kernel + " and " + stride);
    }
    int total = Math.max(kernel - stride, 0);
    int before = total / 2;
    int after = total - before;
    return new TransposeGeometry(
        Padding.explicit(before, before, after, after), Math.max(stride - kernel, 0));
  }
}

package org.real2sim.models.spec;

import java.util.List;

/**
 * One layer of a network {@link Net spec}: a plain description with named fields, no TensorFlow and
 * no ONNX. {@link TfBuilder} turns a spec into TensorFlow ops (creating the variables), the
 * exporter's {@code OnnxBuilder} into ONNX nodes (reading the same variables by name), and {@link
 * Macs} counts it; the three walk the same list, so they cannot drift.
 *
 * <p>Layers with weights ({@link Conv}, {@link ConvTranspose}) keep their variables in the
 * enclosing {@link Scope}'s path under the leaves {@code kernel} and {@code bias}: a {@code Conv}
 * directly inside {@code Scope("down_1", …)} of the network {@code g_rs} owns {@code
 * g_rs/down_1/kernel} and {@code g_rs/down_1/bias}. Padding follows PyTorch (explicit and
 * symmetric); tensors are NHWC in TensorFlow and NCHW in ONNX.
 */
public sealed interface Layer
    permits Layer.Conv,
        Layer.ConvTranspose,
        Layer.ReflectPad,
        Layer.InstanceNorm,
        Layer.Relu,
        Layer.LeakyRelu,
        Layer.Tanh,
        Layer.Residual,
        Layer.Scope {

  /**
   * A square 2-D convolution, PyTorch's {@code Conv2d(in, out, kernel, stride, padding,
   * bias=bias)}: zero padding {@code padding} on every side, then the convolution; output size
   * {@code ⌊(H + 2p − k)/s⌋ + 1}. Build one with {@link #of} and the withers: {@code Conv.of(64,
   * 7).stride(2).pad(3)}.
   *
   * @param out output channels
   * @param kernel kernel size k (square)
   * @param stride stride s
   * @param padding zero padding p on every side of H and W
   * @param bias whether a {@code bias [out]} (starting at zero) follows
   */
  record Conv(int out, int kernel, int stride, int padding, boolean bias) implements Layer {

    /** Checks every field. */
    public Conv {
      positive("out", out);
      positive("kernel", kernel);
      positive("stride", stride);
      nonNegative("padding", padding);
    }

    /** A stride-1 unpadded convolution with a bias. */
    public static Conv of(int out, int kernel) {
      return new Conv(out, kernel, 1, 0, true);
    }

    /** This convolution with stride {@code s}. */
    public Conv stride(int s) {
      return new Conv(out, kernel, s, padding, bias);
    }

    /** This convolution with zero padding {@code p}. */
    public Conv pad(int p) {
      return new Conv(out, kernel, stride, p, bias);
    }
  }

  /**
   * A square transposed convolution, PyTorch's {@code ConvTranspose2d(in, out, kernel, stride,
   * padding, output_padding, bias=bias)}; output size {@code (H − 1)s − 2p + k + op}. Its kernel is
   * stored in TensorFlow's layout {@code [k, k, out, in]}.
   *
   * @param out output channels
   * @param kernel kernel size k (square)
   * @param stride stride s
   * @param padding padding p removed on every side
   * @param outputPadding extra size op at the end, {@code 0 ≤ op < s}
   * @param bias whether a {@code bias [out]} (starting at zero) follows
   */
  record ConvTranspose(
      int out, int kernel, int stride, int padding, int outputPadding, boolean bias)
      implements Layer {

    /** Checks every field. */
    public ConvTranspose {
      positive("out", out);
      positive("kernel", kernel);
      positive("stride", stride);
      nonNegative("padding", padding);
      if (outputPadding < 0 || outputPadding >= stride) {
        throw new IllegalArgumentException(
            "outputPadding must be in [0, stride=" + stride + "), found " + outputPadding);
      }
    }

    /**
     * The up-sampling that exactly doubles H and W for an odd kernel: stride 2, padding {@code (k −
     * 1)/2}, output padding 1, with a bias.
     */
    public static ConvTranspose doubling(int out, int kernel) {
      if (kernel % 2 == 0) {
        throw new IllegalArgumentException(
            "kernel of a doubling transposed convolution must be odd, found " + kernel);
      }
      return new ConvTranspose(out, kernel, 2, (kernel - 1) / 2, 1, true);
    }
  }

  /**
   * Reflection padding of H and W by {@code pad}, PyTorch's {@code ReflectionPad2d(pad)} (the edge
   * pixel is not repeated; needs {@code pad < H, W}).
   *
   * @param pad pixels on every side
   */
  record ReflectPad(int pad) implements Layer {

    /** Checks the amount. */
    public ReflectPad {
      nonNegative("pad", pad);
    }
  }

  /**
   * Instance normalisation without affine parameters or running statistics, PyTorch's {@code
   * InstanceNorm2d(C)}: {@code (x − mean)/sqrt(var + 1e-5)} per sample and channel.
   */
  record InstanceNorm() implements Layer {}

  /** {@code max(x, 0)}. */
  record Relu() implements Layer {}

  /**
   * {@code x} for {@code x ≥ 0}, {@code alpha·x} otherwise.
   *
   * @param alpha the slope below zero (PatchGAN: 0.2)
   */
  record LeakyRelu(float alpha) implements Layer {}

  /** {@code tanh(x)}. */
  record Tanh() implements Layer {}

  /**
   * A residual connection {@code x + body(x)}; the body keeps the shape. Opens no scope of its own.
   *
   * @param body the layers of the residual branch
   */
  record Residual(List<Layer> body) implements Layer {

    /** Copies the body. */
    public Residual {
      body = List.copyOf(body);
    }

    /** A residual connection around {@code body}. */
    public static Residual of(Layer... body) {
      return new Residual(List.of(body));
    }
  }

  /**
   * A named sub-block: its layers' variables live under {@code <parent path>/name} and its
   * TensorFlow ops in a name scope of that name ({@code g_rs/res_3/conv_1/kernel}).
   *
   * @param name the block's name, one path segment
   * @param layers its layers, applied in order
   */
  record Scope(String name, List<Layer> layers) implements Layer {

    /** Checks the name and copies the layers. */
    public Scope {
      if (name == null || name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException("scope name must be one path segment, found " + name);
      }
      layers = List.copyOf(layers);
    }

    /** A scope {@code name} holding {@code layers}. */
    public static Scope of(String name, Layer... layers) {
      return new Scope(name, List.of(layers));
    }
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be positive, found " + value);
    }
  }

  private static void nonNegative(String field, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, found " + value);
    }
  }
}

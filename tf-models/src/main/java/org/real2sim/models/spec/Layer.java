package org.real2sim.models.spec;

import org.real2sim.models.nn.Init;

/**
 * One layer of a network {@link Net spec}: a plain description with named fields, no TensorFlow and
 * no ONNX. {@link TfBuilder} turns a spec into TensorFlow ops (creating the variables), the
 * exporter's {@code OnnxBuilder} into ONNX nodes (reading the same variables by name), and {@link
 * Macs} counts it; the three walk the same list, so they cannot drift.
 *
 * <p>Layers with weights ({@link Conv}, {@link ConvTranspose}, {@link Dense}, {@link BatchNorm})
 * keep their variables in the enclosing {@link Scope}'s path under the leaves {@code kernel} and
 * {@code bias} (batch norm: {@code gamma}, {@code beta}, {@code moving_mean}, {@code
 * moving_variance}): a {@code Conv} directly inside {@code Scope("down_1", …)} of the network
 * {@code g_rs} owns {@code g_rs/down_1/kernel} and {@code g_rs/down_1/bias}. Padding follows
 * PyTorch (explicit and symmetric); tensors are NHWC in TensorFlow and NCHW in ONNX.
 *
 * <p>The layers that hold layers ({@code Residual}, {@code ResidualBlock}, {@code Parallel}, {@code
 * Scope}) are declared in {@link CompositeLayers}, which this interface extends, so they too read
 * {@code Layer.Scope}.
 */
public sealed interface Layer extends CompositeLayers
    permits Layer.Conv,
        Layer.ConvTranspose,
        Layer.ReflectPad,
        Layer.InstanceNorm,
        Layer.Relu,
        Layer.LeakyRelu,
        Layer.Tanh,
        Layer.BatchNorm,
        Layer.MaxPool,
        Layer.GlobalAvgPool,
        Layer.Dense,
        Layer.Dropout,
        Layer.ResizeBilinear,
        CompositeLayers.Residual,
        CompositeLayers.ResidualBlock,
        CompositeLayers.Parallel,
        CompositeLayers.Scope {

  /**
   * A square 2-D convolution, PyTorch's {@code Conv2d(in, out, kernel, stride, padding, dilation,
   * bias=bias)}: zero padding {@code padding} on every side, then the convolution; output size
   * {@code ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1}. Build one with {@link #of} and the withers: {@code
   * Conv.of(64, 7).stride(2).pad(3).noBias()}. A dilated convolution ({@code d > 1}, stride 1) is
   * TensorFlow's atrous convolution and ONNX's {@code Conv(dilations)}.
   *
   * @param out output channels
   * @param kernel kernel size k (square)
   * @param stride stride s
   * @param padding zero padding p on every side of H and W
   * @param dilation dilation d (1: a plain convolution; above 1 needs stride 1)
   * @param bias whether a {@code bias [out]} (starting at zero) follows
   * @param init initialiser of the kernel, or {@code null} for the {@link Net#kernelInit network's}
   */
  record Conv(int out, int kernel, int stride, int padding, int dilation, boolean bias, Init init)
      implements Layer {

    /** Checks every field. */
    public Conv {
      positive("out", out);
      positive("kernel", kernel);
      positive("stride", stride);
      nonNegative("padding", padding);
      positive("dilation", dilation);
      if (dilation > 1 && stride != 1) {
        throw new IllegalArgumentException(
            "a dilated convolution needs stride 1, found stride "
                + stride
                + ", dilation "
                + dilation);
      }
    }

    /** A stride-1 unpadded undilated convolution with a bias and the network's initialiser. */
    public static Conv of(int out, int kernel) {
      return new Conv(out, kernel, 1, 0, 1, true, null);
    }

    /** This convolution with stride {@code s}. */
    public Conv stride(int s) {
      return new Conv(out, kernel, s, padding, dilation, bias, init);
    }

    /** This convolution with zero padding {@code p}. */
    public Conv pad(int p) {
      return new Conv(out, kernel, stride, p, dilation, bias, init);
    }

    /** This convolution with dilation {@code d}. */
    public Conv dilate(int d) {
      return new Conv(out, kernel, stride, padding, d, bias, init);
    }

    /** This convolution without a bias (as before a batch norm). */
    public Conv noBias() {
      return new Conv(out, kernel, stride, padding, dilation, false, init);
    }

    /** This convolution with its own kernel initialiser {@code i}. */
    public Conv init(Init i) {
      return new Conv(out, kernel, stride, padding, dilation, bias, i);
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
   * Batch normalisation with weights, PyTorch's {@code BatchNorm2d(C, eps, momentum)} ({@link
   * org.real2sim.models.nn.BatchNorm#apply(org.real2sim.models.nn.Block, org.tensorflow.Operand,
   * boolean, float, float)}): its variables {@code gamma}, {@code beta} (trainable), {@code
   * moving_mean} and {@code moving_variance} (not trainable) live in the enclosing scope's path. A
   * network built for training normalises with the batch statistics and registers the
   * moving-average updates; for inference it uses the running statistics. In ONNX a batch norm
   * directly after a bias-free {@link Conv} is folded into that convolution.
   *
   * @param momentum PyTorch's momentum, in [0, 1]
   * @param epsilon added to the variance, positive
   */
  record BatchNorm(float momentum, float epsilon) implements Layer {

    /** Checks both fields. */
    public BatchNorm {
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1], found " + momentum);
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("epsilon must be positive, found " + epsilon);
      }
    }

    /** PyTorch's defaults: momentum 0.1, epsilon 1e-5. */
    public static BatchNorm pytorch() {
      return new BatchNorm(
          org.real2sim.models.nn.BatchNorm.MOMENTUM, org.real2sim.models.nn.BatchNorm.EPSILON);
    }
  }

  /**
   * Max pooling, PyTorch's {@code MaxPool2d(kernel, stride, padding)}: padded positions never win;
   * output size {@code ⌊(H + 2p − k)/s⌋ + 1}.
   *
   * @param kernel window size k (square)
   * @param stride stride s
   * @param padding padding p on every side, at most k/2
   */
  record MaxPool(int kernel, int stride, int padding) implements Layer {

    /** Checks every field. */
    public MaxPool {
      positive("kernel", kernel);
      positive("stride", stride);
      nonNegative("padding", padding);
      if (2 * padding > kernel) {
        throw new IllegalArgumentException(
            "padding must be at most kernel/2, found kernel " + kernel + ", padding " + padding);
      }
    }
  }

  /**
   * The mean over H and W. ONNX {@code GlobalAveragePool}, named {@code <scope>/mean} when the
   * spatial dimensions are kept, {@code <scope>/pool} followed by {@code Flatten} {@code
   * <scope>/flatten} when they are not.
   *
   * @param flatten whether the output is {@code [N, C]} (before a {@link Dense}) rather than {@code
   *     [N, 1, 1, C]}
   */
  record GlobalAvgPool(boolean flatten) implements Layer {}

  /**
   * A fully connected layer on {@code [N, in]}, PyTorch's {@code Linear(in, units)}: {@code kernel
   * [in, units]} and {@code bias [units]} in the enclosing scope's path, both starting from
   * U(±1/√in) as PyTorch's default.
   *
   * @param units output features
   */
  record Dense(int units) implements Layer {

    /** Checks the size. */
    public Dense {
      positive("units", units);
    }
  }

  /**
   * Inverted dropout in a network built for training ({@link
   * org.real2sim.models.nn.Layers#dropout}: stateless masks keyed by the store's seed, the scope's
   * path and a {@code dropout_step} counter in that path); nothing at inference or in ONNX.
   *
   * @param rate drop probability, in [0, 1) (0: no op even in training)
   */
  record Dropout(double rate) implements Layer {

    /** Checks the rate. */
    public Dropout {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("rate must be in [0, 1), found " + rate);
      }
    }
  }

  /**
   * A bilinear resize with half-pixel centres (PyTorch's {@code interpolate(mode="bilinear",
   * align_corners=False)}) to the height and width of a tensor known at run time, so H and W may
   * stay dynamic. Its ONNX nodes are named {@code <scope>/upsample} ({@link Target#NET_INPUT}) or
   * {@code <scope>/resize} ({@link Target#BRANCH_INPUT}).
   *
   * @param target whose height and width the output takes
   */
  record ResizeBilinear(Target target) implements Layer {

    /** Whose size a {@link ResizeBilinear} takes. */
    public enum Target {
      /** The network's input (DeepLab's logits back to the image size). */
      NET_INPUT,
      /** The input of the innermost enclosing {@link Parallel} (DeepLab's image-pooling branch). */
      BRANCH_INPUT
    }

    /** Checks the target. */
    public ResizeBilinear {
      if (target == null) {
        throw new IllegalArgumentException("target must be given");
      }
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

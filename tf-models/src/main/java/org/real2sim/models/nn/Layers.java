package org.real2sim.models.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The layers every network is made of, as static functions on NHWC {@code float32} tensors.
 *
 * <p>Padding follows PyTorch: a layer pads explicitly and symmetrically and then runs a {@code
 * VALID} TensorFlow op, never TensorFlow's asymmetric {@code SAME}. Each method states exactly what
 * it applies, so that the ONNX exporter can mirror it operator by operator (ONNX {@code Conv} with
 * {@code pads=[p,p,p,p]}, {@code ConvTranspose} with {@code output_padding}, {@code MaxPool} with
 * {@code pads}, {@code Resize} with {@code half_pixel}).
 *
 * <p>Layers with weights take a {@link Block} and create their variables through its {@link
 * VarStore} under the block's path, with these leaves (the exporter maps them by name):
 *
 * <ul>
 *   <li>convolution: {@code kernel} {@code [kh, kw, in, out]}, optional {@code bias} {@code [out]};
 *   <li>transposed convolution: {@code kernel} {@code [kh, kw, out, in]} (TensorFlow's layout; ONNX
 *       {@code ConvTranspose} wants {@code [in, out, kh, kw]}, i.e. a transpose, no flip), optional
 *       {@code bias};
 *   <li>batch norm: {@code gamma}, {@code beta} (trainable), {@code moving_mean}, {@code
 *       moving_variance} (not trainable);
 *   <li>dense: {@code kernel} {@code [in, out]}, {@code bias} {@code [out]}.
 * </ul>
 *
 * <p>Stateless layers take the {@link Ops} of the block they are used in.
 *
 * <p>Two TensorFlow Java 1.1.0 traps shape this class (see the project notes): the gradient of
 * {@code Conv2D} ignores its {@code dilations} and {@code explicit_paddings} attributes, so atrous
 * convolutions are built from {@code SpaceToBatchND}, a {@code VALID} convolution and {@code
 * BatchToSpaceND}, and padding is always a separate {@code Pad}/{@code MirrorPad} op.
 */
public final class Layers {

  /** Epsilon added to the variance by {@link InstanceNorm#apply}, as PyTorch's InstanceNorm2d. */
  public static final float INSTANCE_NORM_EPSILON = 1e-5f;

  private Layers() {}

  // ---------------------------------------------------------------- layers with weights

  /**
   * A square 2-D convolution with weights, equal to PyTorch's {@code Conv2d(in, out, kernel,
   * stride, padding, bias=bias)}.
   *
   * <p>Applies {@link Convolutions#conv(Ops, Operand, Operand, int, int, int)} with dilation 1:
   * zero padding of {@code padding} pixels on every side of H and W, then a {@code VALID} {@code
   * Conv2D} with the given stride, then {@code BiasAdd} when {@code bias} is true. Output size
   * {@code floor((H + 2p - k) / s) + 1}.
   *
   * @param b the block whose path holds {@code kernel [k, k, in, out]} and {@code bias [out]}
   * @param x input {@code [N, H, W, in]}; the channel dimension must be known
   * @param init initialiser of the kernel (the bias starts at zero)
   */
  public static Operand<TFloat32> conv2d(
      Block b,
      Operand<TFloat32> x,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      boolean bias,
      Init init) {
    return conv2d(b, x, outChannels, kernel, stride, padding, 1, bias, init);
  }

  /**
   * A square 2-D convolution with weights and an optional dilation, equal to PyTorch's {@code
   * Conv2d(in, out, kernel, stride, padding, dilation, bias=bias)}.
   *
   * <p>Dilation 1: as {@link #conv2d(Block, Operand, int, int, int, int, boolean, Init)}. Dilation
   * {@code r > 1} (stride must be 1): {@link Convolutions#atrousConv(Ops, Operand, Operand, int,
   * int)}, output size {@code H + 2p - r(k - 1)}. Then {@code BiasAdd} when {@code bias} is true.
   *
   * @param b the block whose path holds {@code kernel [k, k, in, out]} and {@code bias [out]}
   * @param x input {@code [N, H, W, in]}; the channel dimension must be known
   * @param init initialiser of the kernel (the bias starts at zero)
   */
  public static Operand<TFloat32> conv2d(
      Block b,
      Operand<TFloat32> x,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int dilation,
      boolean bias,
      Init init) {
    positive(b, "outChannels", outChannels);
    positive(b, "kernel", kernel);
    long in = channels(b.path(), x);
    Operand<TFloat32> w =
        b.variable("kernel", new long[] {kernel, kernel, in, outChannels}, init, true);
    Operand<TFloat32> y = Convolutions.conv(b.tf(), x, w, stride, padding, dilation);
    return bias ? addBias(b, y, outChannels) : y;
  }

  /**
   * A fully connected layer, {@code x·kernel + bias}, equal to PyTorch's {@code Linear(in, units)}
   * with its weight transposed.
   *
   * @param b the block whose path holds {@code kernel [in, units]} and {@code bias [units]}
   * @param x input {@code [N, in]}; the feature dimension must be known
   */
  public static Operand<TFloat32> dense(
      Block b, Operand<TFloat32> x, int units, Init kernelInit, Init biasInit) {
    positive(b, "units", units);
    if (x.shape().numDimensions() != 2 || x.shape().size(1) < 0) {
      throw new IllegalArgumentException(
          "Input of dense layer "
              + b.path()
              + " must be [N, features] with known features, found "
              + x.shape());
    }
    long in = x.shape().size(1);
    Operand<TFloat32> w = b.variable("kernel", new long[] {in, units}, kernelInit, true);
    Operand<TFloat32> bias = b.variable("bias", new long[] {units}, biasInit, true);
    return b.tf().nn.biasAdd(b.tf().linalg.matMul(x, w), bias);
  }

  // ---------------------------------------------------------------- stateless layers

  /**
   * Reflection padding of H and W, PyTorch's {@code ReflectionPad2d(pad)}: {@code MirrorPad(mode=
   * REFLECT, paddings=[[0,0],[p,p],[p,p],[0,0]])} (the edge pixel is not repeated); ONNX {@code
   * Pad(mode=reflect)}. Needs {@code pad < H} and {@code pad < W}.
   */
  public static Operand<TFloat32> reflectPad(Ops tf, Operand<TFloat32> x, int pad) {
    if (pad < 0) {
      throw new IllegalArgumentException("pad must be >= 0, found " + pad);
    }
    return tf.mirrorPad(x, spatialPaddings(tf, pad), "REFLECT");
  }

  /**
   * Zero padding of H and W, {@code PadV2(paddings=[[0,0],[p,p],[p,p],[0,0]], constant 0)}; ONNX
   * {@code Pad(mode=constant)}.
   */
  public static Operand<TFloat32> zeroPad(Ops tf, Operand<TFloat32> x, int pad) {
    if (pad < 0) {
      throw new IllegalArgumentException("pad must be >= 0, found " + pad);
    }
    return tf.pad(x, spatialPaddings(tf, pad), tf.constant(0f));
  }

  /** The rectified linear unit, {@code max(x, 0)} ({@code Relu}). */
  public static Operand<TFloat32> relu(Ops tf, Operand<TFloat32> x) {
    return tf.nn.relu(x);
  }

  /**
   * The leaky ReLU, {@code x} for {@code x ≥ 0} and {@code alpha·x} otherwise ({@code LeakyRelu}).
   */
  public static Operand<TFloat32> leakyRelu(Ops tf, Operand<TFloat32> x, float alpha) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(alpha));
  }

  /**
   * Max pooling with PyTorch's padding, {@code MaxPool2d(kernel, stride, padding)}: {@code PadV2}
   * with {@code −∞} by {@code [[0,0],[p,p],[p,p],[0,0]]} (skipped when {@code p = 0}), then {@code
   * MaxPoolV2(ksize=[1,k,k,1], strides=[1,s,s,1], VALID)}. Output size {@code floor((H + 2p − k)/s)
   * + 1}; ONNX {@code MaxPool(kernel_shape=[k,k], strides=[s,s], pads=[p,p,p,p])}.
   */
  public static Operand<TFloat32> maxPool(
      Ops tf, Operand<TFloat32> x, int kernel, int stride, int padding) {
    if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
      throw new IllegalArgumentException(
          "max pool needs kernel >= 1, stride >= 1 and 0 <= padding <= kernel/2, found kernel "
              + kernel
              + ", stride "
              + stride
              + ", padding "
              + padding);
    }
    Operand<TFloat32> padded =
        padding == 0
            ? x
            : tf.pad(x, spatialPaddings(tf, padding), tf.constant(Float.NEGATIVE_INFINITY));
    return tf.nn.maxPool(
        padded,
        tf.constant(new int[] {1, kernel, kernel, 1}),
        tf.constant(new int[] {1, stride, stride, 1}),
        "VALID");
  }

  /**
   * Inverted dropout for training: {@code x · floor(keep + u) / keep} with {@code u ~ U[0, 1)} from
   * a stateless generator seeded by the store's seed, the block path and a step counter ({@code
   * <path>/dropout_step}, a non-trainable variable that every training step increments, registered
   * with {@link VarStore#addUpdate} under the block's path). The masks are thus a pure function of
   * the seed and the step: a run resumed from a checkpoint (which holds the counter) draws exactly
   * the masks an uninterrupted run would.
   *
   * @param rate drop probability, in (0, 1)
   */
  public static Operand<TFloat32> dropout(Block b, Operand<TFloat32> x, double rate) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "dropout rate of " + b.path() + " must be in (0, 1), found " + rate);
    }
    Ops tf = b.tf();
    VarStore vars = b.vars();
    long seed = vars.seed() ^ (b.path().hashCode() * 0x9E3779B97F4A7C15L);
    Operand<TFloat32> step = b.variable("dropout_step", new long[0], Init.ZEROS, false);
    Operand<TInt64> seeds =
        tf.concat(
            List.of(
                tf.constant(new long[] {seed}),
                tf.reshape(tf.dtypes.cast(step, TInt64.class), tf.constant(new long[] {1}))),
            tf.constant(0));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), seeds, TFloat32.class);
    // The counter moves on only after this step's mask was drawn.
    vars.addUpdate(
        b.path(),
        tf.withControlDependencies(List.of(u))
            .assignAdd(vars.get(b.path() + "/dropout_step").ref(), tf.constant(1f)));
    float keep = (float) (1 - rate);
    Operand<TFloat32> mask =
        tf.stopGradient(
            tf.math.div(tf.math.floor(tf.math.add(u, tf.constant(keep))), tf.constant(keep)));
    return tf.math.mul(x, mask);
  }

  /**
   * Global average pooling over H and W ({@code Mean} over axes 1 and 2); ONNX {@code
   * GlobalAveragePool}.
   *
   * @return {@code [N, 1, 1, C]} when {@code keepDims}, else {@code [N, C]}
   */
  public static Operand<TFloat32> globalAvgPool(Ops tf, Operand<TFloat32> x, boolean keepDims) {
    rank4(x, "global average pool");
    return tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(keepDims));
  }

  /**
   * Bilinear resizing with half-pixel centres ({@code ResizeBilinear(align_corners=false,
   * half_pixel_centers=true)}), equal to PyTorch's {@code interpolate(mode="bilinear",
   * align_corners=False)} without antialiasing and to ONNX {@code Resize(mode=linear,
   * coordinate_transformation_mode=half_pixel)}.
   *
   * @param size {@code [2]} int32: the output height and width
   */
  public static Operand<TFloat32> resizeBilinear(
      Ops tf, Operand<TFloat32> x, Operand<TInt32> size) {
    return tf.image.resizeBilinear(
        x, size, ResizeBilinear.alignCorners(false), ResizeBilinear.halfPixelCenters(true));
  }

  /** {@link #resizeBilinear(Ops, Operand, Operand)} to a fixed height and width. */
  public static Operand<TFloat32> resizeBilinear(
      Ops tf, Operand<TFloat32> x, int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "resize needs a positive size, found " + height + "x" + width);
    }
    return resizeBilinear(tf, x, tf.constant(new int[] {height, width}));
  }

  /**
   * {@link #resizeBilinear(Ops, Operand, Operand)} to the height and width of {@code reference}
   * (read statically when known, else from its shape in the graph).
   */
  public static Operand<TFloat32> resizeBilinearLike(
      Ops tf, Operand<TFloat32> x, Operand<?> reference) {
    rank4(reference, "resize reference");
    return resizeBilinear(tf, x, tf.stack(List.of(dim(tf, reference, 1), dim(tf, reference, 2))));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Dimension {@code axis} of {@code x} as an int32 scalar: a constant when it is statically known,
   * else read from {@code Shape(x)} in the graph.
   */
  public static Operand<TInt32> dim(Ops tf, Operand<?> x, int axis) {
    long d = x.shape().numDimensions() > axis ? x.shape().size(axis) : -1;
    if (d >= 0) {
      return tf.constant(Math.toIntExact(d));
    }
    return tf.stridedSlice(tf.shape(x), Indices.at(axis));
  }

  private static Operand<TFloat32> addBias(Block b, Operand<TFloat32> y, int outChannels) {
    Operand<TFloat32> bias = b.variable("bias", new long[] {outChannels}, Init.ZEROS, true);
    return b.tf().nn.biasAdd(y, bias);
  }

  static Operand<TInt32> spatialPaddings(Ops tf, int pad) {
    return tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}});
  }

  /** The channels C of {@code where}'s NHWC input {@code x}; fails naming it when C is unknown. */
  public static long channels(String where, Operand<TFloat32> x) {
    if (x.shape().numDimensions() != 4 || x.shape().size(3) < 0) {
      throw new IllegalArgumentException(
          "Input of "
              + where
              + " must be NHWC [N, H, W, C] with known C, found shape "
              + x.shape());
    }
    return x.shape().size(3);
  }

  static void rank4(Operand<?> x, String what) {
    if (x.shape().numDimensions() != 4) {
      throw new IllegalArgumentException(
          "Input of " + what + " must be NHWC [N, H, W, C], found shape " + x.shape());
    }
  }

  private static void positive(Block b, String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          field + " of layer " + b.path() + " must be positive, found " + value);
    }
  }
}

package org.real2sim.models.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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

  /** Epsilon added to the variance by {@link #instanceNorm}, as PyTorch's InstanceNorm2d. */
  public static final float INSTANCE_NORM_EPSILON = 1e-5f;

  /** Default epsilon of {@link #batchNorm(Block, Operand, boolean)}, as PyTorch's BatchNorm2d. */
  public static final float BATCH_NORM_EPSILON = 1e-5f;

  /**
   * Default momentum of {@link #batchNorm(Block, Operand, boolean)} in PyTorch's convention: {@code
   * moving = (1 - momentum)·moving + momentum·batch}.
   */
  public static final float BATCH_NORM_MOMENTUM = 0.1f;

  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);

  /** The largest static batch that {@link #instanceNorm} splits into fused per-sample norms. */
  public static final int MAX_SPLIT_BATCH = 8;

  private Layers() {}

  // ---------------------------------------------------------------- layers with weights

  /**
   * A square 2-D convolution with weights, equal to PyTorch's {@code Conv2d(in, out, kernel,
   * stride, padding, bias=bias)}.
   *
   * <p>Applies {@link #conv(Ops, Operand, Operand, int, int, int)} with dilation 1: zero padding of
   * {@code padding} pixels on every side of H and W, then a {@code VALID} {@code Conv2D} with the
   * given stride, then {@code BiasAdd} when {@code bias} is true. Output size {@code floor((H + 2p
   * - k) / s) + 1}.
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
   * {@code r > 1} (stride must be 1): {@link #atrousConv(Ops, Operand, Operand, int, int)}, output
   * size {@code H + 2p - r(k - 1)}. Then {@code BiasAdd} when {@code bias} is true.
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
    Operand<TFloat32> y = conv(b.tf(), x, w, stride, padding, dilation);
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

  /**
   * Batch normalisation with PyTorch's defaults (momentum {@value #BATCH_NORM_MOMENTUM}, epsilon
   * {@value #BATCH_NORM_EPSILON}).
   *
   * @see #batchNorm(Block, Operand, boolean, float, float)
   */
  public static Operand<TFloat32> batchNorm(Block b, Operand<TFloat32> x, boolean training) {
    return batchNorm(b, x, training, BATCH_NORM_MOMENTUM, BATCH_NORM_EPSILON);
  }

  /**
   * Batch normalisation over N, H and W of an NHWC tensor, equal to PyTorch's {@code BatchNorm2d(C,
   * eps, momentum)}.
   *
   * <p>Training: {@code FusedBatchNormV3} in training mode normalises with the batch mean and the
   * biased batch variance, {@code y = gamma·(x − mean)/sqrt(var + eps) + beta}; two {@code
   * AssignSub} ops, registered with {@link VarStore#addUpdate} under the block's path, move the
   * running statistics: {@code moving −= momentum·(moving − batch)}, where the batch variance is
   * the unbiased one (as PyTorch). Whoever trains must run {@link VarStore#updates} with the step;
   * every training-mode application registers its own pair, so apply a network once per training
   * graph.
   *
   * <p>Inference: the running statistics, written as plain element-wise ops so that gradients flow
   * through the layer to its input (stage c backpropagates through the frozen expert): {@code scale
   * = gamma · rsqrt(moving_variance + eps)}, {@code shift = beta − moving_mean·scale}, {@code y =
   * x·scale + shift} ({@code Rsqrt}, {@code Mul}, {@code Sub}, {@code Mul}, {@code Add}).
   *
   * @param b the block whose path holds {@code gamma}, {@code beta}, {@code moving_mean}, {@code
   *     moving_variance}, each {@code [C]}
   * @param x input {@code [N, H, W, C]}; the channel dimension must be known
   */
  public static Operand<TFloat32> batchNorm(
      Block b, Operand<TFloat32> x, boolean training, float momentum, float epsilon) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "momentum of batch norm " + b.path() + " must be in [0, 1], found " + momentum);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException(
          "epsilon of batch norm " + b.path() + " must be positive, found " + epsilon);
    }
    long c = channels(b.path(), x);
    long[] shape = {c};
    Operand<TFloat32> gamma = b.variable("gamma", shape, Init.ONES, true);
    Operand<TFloat32> beta = b.variable("beta", shape, Init.ZEROS, true);
    Operand<TFloat32> movingMean = b.variable("moving_mean", shape, Init.ZEROS, false);
    Operand<TFloat32> movingVar = b.variable("moving_variance", shape, Init.ONES, false);
    Ops tf = b.tf();
    if (training) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      FusedBatchNorm<TFloat32, TFloat32> bn =
          tf.nn.fusedBatchNorm(
              x,
              gamma,
              beta,
              empty,
              empty,
              FusedBatchNorm.epsilon(epsilon),
              FusedBatchNorm.isTraining(true));
      Operand<TFloat32> m = tf.constant(momentum);
      Operand<TFloat32> meanRef = b.vars().get(b.path() + "/moving_mean").ref();
      Operand<TFloat32> varRef = b.vars().get(b.path() + "/moving_variance").ref();
      Op updateMean =
          tf.assignSub(meanRef, tf.math.mul(tf.math.sub(movingMean, bn.batchMean()), m));
      Op updateVar =
          tf.assignSub(varRef, tf.math.mul(tf.math.sub(movingVar, bn.batchVariance()), m));
      b.vars().addUpdate(b.path(), updateMean);
      b.vars().addUpdate(b.path(), updateVar);
      return bn.y();
    }
    Operand<TFloat32> scale =
        tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(movingVar, tf.constant(epsilon))));
    Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(movingMean, scale));
    return tf.math.add(tf.math.mul(x, scale), shift);
  }

  // ---------------------------------------------------------------- convolutions on given filters

  /**
   * A 2-D convolution of {@code x} with a given filter, PyTorch semantics (symmetric zero padding).
   *
   * <p>Dilation 1: {@code Pad} with zeros, {@code [[0,0],[p,p],[p,p],[0,0]]} (skipped when {@code p
   * = 0}), then {@code Conv2D(strides=[1,s,s,1], padding=VALID)}. Dilation {@code r > 1}: {@link
   * #atrousConv} (stride must be 1). No bias.
   *
   * @param filter {@code [kh, kw, in, out]}
   */
  public static Operand<TFloat32> conv(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TFloat32> filter,
      int stride,
      int padding,
      int dilation) {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be positive, found " + stride);
    }
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, found " + padding);
    }
    if (dilation < 1) {
      throw new IllegalArgumentException("dilation must be positive, found " + dilation);
    }
    if (dilation > 1) {
      if (stride != 1) {
        throw new IllegalArgumentException(
            "a dilated convolution needs stride 1, found stride "
                + stride
                + " with dilation "
                + dilation);
      }
      return atrousConv(tf, x, filter, dilation, padding);
    }
    Operand<TFloat32> padded = padding == 0 ? x : zeroPad(tf, x, padding);
    long s = stride;
    return tf.nn.conv2d(padded, filter, List.of(1L, s, s, 1L), "VALID");
  }

  /**
   * An atrous (dilated) convolution at stride 1, equal to PyTorch's {@code Conv2d(..., padding=p,
   * dilation=rate)} and ONNX {@code Conv(dilations=[r,r], pads=[p,p,p,p])}, without {@code
   * Conv2D}'s {@code dilations} attribute (its gradient is wrong in TensorFlow Java 1.1.0).
   *
   * <p>Ops: {@code SpaceToBatchND(block=[r,r], paddings=[[p, p+eh],[p, p+ew]])}, where {@code eh =
   * (−(H + 2p)) mod r} rounds the padded height up to a multiple of r (likewise {@code ew}); then
   * {@code Conv2D(strides 1, VALID)}; then {@code BatchToSpaceND(block=[r,r],
   * crops=[[0,eh],[0,ew]])}. Output size {@code H + 2p − r(kh − 1)}. Works with unknown H and W
   * (the paddings are then computed in the graph).
   *
   * @param filter {@code [kh, kw, in, out]}
   * @param rate the dilation rate r ≥ 1 (1 is a plain convolution)
   * @param padding the zero padding p on every side of H and W
   */
  public static Operand<TFloat32> atrousConv(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> filter, int rate, int padding) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be positive, found " + rate);
    }
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, found " + padding);
    }
    if (rate == 1) {
      return conv(tf, x, filter, 1, padding, 1);
    }
    rank4(x, "atrous convolution");
    long h = x.shape().size(1);
    long w = x.shape().size(2);
    Operand<TInt32> paddings;
    Operand<TInt32> crops;
    if (h >= 0 && w >= 0) {
      int eh = roundUpExtra(h + 2L * padding, rate);
      int ew = roundUpExtra(w + 2L * padding, rate);
      paddings = tf.constant(new int[][] {{padding, padding + eh}, {padding, padding + ew}});
      crops = tf.constant(new int[][] {{0, eh}, {0, ew}});
    } else {
      Operand<TInt32> p = tf.constant(padding);
      Operand<TInt32> eh =
          roundUpExtra(tf, tf.math.add(dim(tf, x, 1), tf.constant(2 * padding)), rate);
      Operand<TInt32> ew =
          roundUpExtra(tf, tf.math.add(dim(tf, x, 2), tf.constant(2 * padding)), rate);
      Operand<TInt32> zero = tf.constant(0);
      paddings =
          tf.stack(List.of(pair(tf, p, tf.math.add(p, eh)), pair(tf, p, tf.math.add(p, ew))));
      crops = tf.stack(List.of(pair(tf, zero, eh), pair(tf, zero, ew)));
    }
    Operand<TInt32> block = tf.constant(new int[] {rate, rate});
    Operand<TFloat32> s2b = tf.spaceToBatchNd(x, block, paddings);
    Operand<TFloat32> y = tf.nn.conv2d(s2b, filter, UNIT_STRIDES, "VALID");
    return tf.batchToSpaceNd(y, block, crops);
  }

  /**
   * A transposed convolution with PyTorch's semantics, {@code ConvTranspose2d(stride=s, padding=p,
   * output_padding=op)}: output size {@code (H − 1)s − 2p + kh + op}, ONNX {@code
   * ConvTranspose(strides=[s,s], pads=[p,p,p,p], output_padding=[op,op])}.
   *
   * <p>Ops: {@code Conv2DBackpropInput(input_sizes=[N, L_h, L_w, out], strides=[1,s,s,1],
   * padding=VALID)}, the full transposed convolution with {@code L = (H − 1)s + kh + max(0, op −
   * p)}, then a {@code Slice} that drops {@code p} rows/columns at the start and {@code max(0, p −
   * op)} at the end (skipped when both are 0). The filter is not flipped: {@code y[s·i + k − p] +=
   * x[i]·w[k]}.
   *
   * @param filter {@code [kh, kw, out, in]}
   * @param outputPadding extra size at the end, {@code 0 ≤ op < s}
   */
  public static Operand<TFloat32> convTranspose(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TFloat32> filter,
      int stride,
      int padding,
      int outputPadding) {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be positive, found " + stride);
    }
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, found " + padding);
    }
    if (outputPadding < 0 || outputPadding >= stride) {
      throw new IllegalArgumentException(
          "outputPadding must be in [0, stride=" + stride + "), found " + outputPadding);
    }
    rank4(x, "transposed convolution");
    long kh = filter.shape().size(0);
    long kw = filter.shape().size(1);
    long out = filter.shape().size(2);
    if (kh < 1 || kw < 1 || out < 1) {
      throw new IllegalArgumentException(
          "transposed convolution filter must have a known shape [kh, kw, out, in], found "
              + filter.shape());
    }
    int extra = Math.max(0, outputPadding - padding);
    int trim = Math.max(0, padding - outputPadding);
    Operand<TInt32> lh = fullSize(tf, x, 1, stride, kh + extra);
    Operand<TInt32> lw = fullSize(tf, x, 2, stride, kw + extra);
    Operand<TInt32> sizes =
        tf.stack(List.of(dim(tf, x, 0), lh, lw, tf.constant(Math.toIntExact(out))));
    long s = stride;
    Operand<TFloat32> y =
        tf.nn.conv2dBackpropInput(sizes, filter, x, List.of(1L, s, s, 1L), "VALID");
    if (padding == 0 && trim == 0) {
      return y;
    }
    Operand<TInt32> cut = tf.constant(padding + trim);
    Operand<TInt32> size =
        tf.stack(
            List.of(tf.constant(-1), tf.math.sub(lh, cut), tf.math.sub(lw, cut), tf.constant(-1)));
    return tf.slice(y, tf.constant(new int[] {0, padding, padding, 0}), size);
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

  /**
   * Instance normalisation without affine parameters or running statistics, PyTorch's {@code
   * InstanceNorm2d(C)} (ONNX {@code InstanceNormalization} with scale 1 and bias 0): every sample
   * and channel is normalised over H and W, {@code y = (x − mean)/sqrt(var + 1e-5)} with the biased
   * variance.
   *
   * <p>When the batch dimension is statically 1, the op is {@code FusedBatchNormV3} in training
   * mode with scale 1 and offset 0 (at batch 1 that is exactly instance norm, and faster on CPU). A
   * static batch of 2 to {@value #MAX_SPLIT_BATCH} is {@code Split} along the batch into single
   * samples, one such {@code FusedBatchNormV3} each, and {@code ConcatV2} (faster than the moments
   * below in a CycleGAN training step that stacks two images). Otherwise {@code Mean}, {@code
   * SquaredDifference}, {@code Mean}, {@code Rsqrt} and element-wise ops. The channel dimension
   * must be known.
   */
  public static Operand<TFloat32> instanceNorm(Ops tf, Operand<TFloat32> x) {
    rank4(x, "instance norm");
    long c = x.shape().size(3);
    if (c < 0) {
      throw new IllegalArgumentException(
          "instance norm needs a known channel dimension, found shape " + x.shape());
    }
    long n = x.shape().size(0);
    if (n == 1) {
      return fusedInstanceNorm(tf, x, c);
    }
    if (n > 1 && n <= MAX_SPLIT_BATCH) {
      List<Operand<TFloat32>> parts = new java.util.ArrayList<>();
      for (Output<TFloat32> part : tf.split(tf.constant(0), x, n).output()) {
        parts.add(fusedInstanceNorm(tf, part, c));
      }
      return tf.concat(parts, tf.constant(0));
    }
    Operand<TInt32> axes = tf.constant(new int[] {1, 2});
    Operand<TFloat32> mean = tf.math.mean(x, axes, Mean.keepDims(true));
    Operand<TFloat32> var =
        tf.math.mean(tf.math.squaredDifference(x, mean), axes, Mean.keepDims(true));
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(var, tf.constant(INSTANCE_NORM_EPSILON)));
    return tf.math.mul(tf.math.sub(x, mean), inv);
  }

  private static Operand<TFloat32> fusedInstanceNorm(Ops tf, Operand<TFloat32> x, long c) {
    float[] ones = new float[Math.toIntExact(c)];
    java.util.Arrays.fill(ones, 1f);
    Operand<TFloat32> empty = tf.constant(new float[0]);
    return tf.nn
        .fusedBatchNorm(
            x,
            tf.constant(ones),
            tf.constant(new float[Math.toIntExact(c)]),
            empty,
            empty,
            FusedBatchNorm.epsilon(INSTANCE_NORM_EPSILON),
            FusedBatchNorm.isTraining(true))
        .y();
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

  private static Operand<TInt32> fullSize(Ops tf, Operand<TFloat32> x, int axis, int s, long k) {
    long d = x.shape().size(axis);
    if (d >= 0) {
      return tf.constant(Math.toIntExact((d - 1) * s + k));
    }
    return tf.math.add(
        tf.math.mul(tf.math.sub(dim(tf, x, axis), tf.constant(1)), tf.constant(s)),
        tf.constant(Math.toIntExact(k)));
  }

  private static Operand<TInt32> spatialPaddings(Ops tf, int pad) {
    return tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}});
  }

  private static Operand<TInt32> pair(Ops tf, Operand<TInt32> a, Operand<TInt32> b) {
    return tf.stack(List.of(a, b), Stack.axis(0L));
  }

  /** The amount that rounds {@code n} up to a multiple of {@code r}: {@code (−n) mod r}. */
  static int roundUpExtra(long n, int r) {
    return Math.toIntExact(Math.floorMod(-n, (long) r));
  }

  private static Operand<TInt32> roundUpExtra(Ops tf, Operand<TInt32> n, int r) {
    Operand<TInt32> rr = tf.constant(r);
    return tf.math.floorMod(tf.math.sub(rr, tf.math.floorMod(n, rr)), rr);
  }

  private static long channels(String where, Operand<TFloat32> x) {
    if (x.shape().numDimensions() != 4 || x.shape().size(3) < 0) {
      throw new IllegalArgumentException(
          "Input of "
              + where
              + " must be NHWC [N, H, W, C] with known C, found shape "
              + x.shape());
    }
    return x.shape().size(3);
  }

  private static void rank4(Operand<?> x, String what) {
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

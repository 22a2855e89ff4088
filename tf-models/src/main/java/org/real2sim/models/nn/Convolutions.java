package org.real2sim.models.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Convolutions of NHWC {@code float32} tensors with given filters, PyTorch semantics: explicit
 * symmetric padding, then a {@code VALID} TensorFlow op. {@link Layers#conv2d} creates the filter
 * and calls {@link #conv}; the spec builder calls {@link #convTranspose}.
 */
public final class Convolutions {

  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);

  private Convolutions() {}

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
    Operand<TFloat32> padded = padding == 0 ? x : Layers.zeroPad(tf, x, padding);
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
    Layers.rank4(x, "atrous convolution");
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
          roundUpExtra(tf, tf.math.add(Layers.dim(tf, x, 1), tf.constant(2 * padding)), rate);
      Operand<TInt32> ew =
          roundUpExtra(tf, tf.math.add(Layers.dim(tf, x, 2), tf.constant(2 * padding)), rate);
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
    Layers.rank4(x, "transposed convolution");
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
        tf.stack(List.of(Layers.dim(tf, x, 0), lh, lw, tf.constant(Math.toIntExact(out))));
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

  private static Operand<TInt32> fullSize(Ops tf, Operand<TFloat32> x, int axis, int s, long k) {
    long d = x.shape().size(axis);
    if (d >= 0) {
      return tf.constant(Math.toIntExact((d - 1) * s + k));
    }
    return tf.math.add(
        tf.math.mul(tf.math.sub(Layers.dim(tf, x, axis), tf.constant(1)), tf.constant(s)),
        tf.constant(Math.toIntExact(k)));
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
}

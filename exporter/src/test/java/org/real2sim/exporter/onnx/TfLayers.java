package org.real2sim.exporter.onnx;

import java.util.List;
import java.util.Map;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The TensorFlow (NHWC) counterpart of each ONNX layer writer, written with raw TensorFlow ops and
 * the same weights: the reference every writer is compared with.
 */
public final class TfLayers {

  private TfLayers() {}

  private static List<Long> explicit(Padding p) {
    return List.of(
        0L, 0L, (long) p.top(), (long) p.bottom(), (long) p.left(), (long) p.right(), 0L, 0L);
  }

  /** Conv2D + BiasAdd; explicit pads through Conv2D's EXPLICIT padding, SAME_UPPER as "SAME". */
  public static Operand<TFloat32> conv(
      Ops tf,
      Operand<TFloat32> x,
      Map<String, Weights> w,
      String path,
      int stride,
      Padding p,
      int dilation) {
    Operand<TFloat32> k = TfReference.constant(tf, w.get(path + "/kernel"));
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    Conv2d.Options dil = Conv2d.dilations(List.of(1L, (long) dilation, (long) dilation, 1L));
    Operand<TFloat32> y =
        switch (p.mode()) {
          case EXPLICIT ->
              tf.nn.conv2d(x, k, strides, "EXPLICIT", Conv2d.explicitPaddings(explicit(p)), dil);
          case SAME_UPPER -> tf.nn.conv2d(x, k, strides, "SAME", dil);
          case VALID -> tf.nn.conv2d(x, k, strides, "VALID", dil);
        };
    Weights b = w.get(path + "/bias");
    return b == null ? y : tf.nn.biasAdd(y, TfReference.constant(tf, b));
  }

  /**
   * Transposed conv as Conv2DBackpropInput (the adjoint of a forward conv with the same pads) to an
   * output of {@code outH × outW}; {@code tfSame} uses TensorFlow's "SAME".
   */
  public static Operand<TFloat32> convTranspose(
      Ops tf,
      Operand<TFloat32> x,
      Map<String, Weights> w,
      String path,
      int stride,
      TransposeGeometry g,
      boolean tfSame,
      int n,
      int outH,
      int outW) {
    Weights kw = w.get(path + "/kernel");
    Operand<TFloat32> k = TfReference.constant(tf, kw);
    int out = (int) kw.shape()[2];
    Operand<TInt32> sizes = tf.constant(new int[] {n, outH, outW, out});
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    Operand<TFloat32> y =
        tfSame
            ? tf.nn.conv2dBackpropInput(sizes, k, x, strides, "SAME")
            : tf.nn.conv2dBackpropInput(
                sizes,
                k,
                x,
                strides,
                "EXPLICIT",
                Conv2dBackpropInput.explicitPaddings(explicit(g.pads())));
    Weights b = w.get(path + "/bias");
    return b == null ? y : tf.nn.biasAdd(y, TfReference.constant(tf, b));
  }

  /**
   * Instance norm from moments: {@code (x − mean) · rsqrt(mean((x − mean)²) + eps)} over H and W.
   */
  public static Operand<TFloat32> instanceNorm(Ops tf, Operand<TFloat32> x, float eps) {
    Operand<TInt32> axes = tf.constant(new int[] {1, 2});
    Operand<TFloat32> mean = tf.math.mean(x, axes, org.tensorflow.op.math.Mean.keepDims(true));
    Operand<TFloat32> var =
        tf.math.mean(
            tf.math.squaredDifference(x, mean), axes, org.tensorflow.op.math.Mean.keepDims(true));
    return tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, tf.constant(eps))));
  }

  /** FusedBatchNormV3 in inference mode with the moving statistics. */
  public static Operand<TFloat32> batchNorm(
      Ops tf, Operand<TFloat32> x, Map<String, Weights> w, String path, float eps) {
    return tf.nn
        .fusedBatchNorm(
            x,
            TfReference.constant(tf, w.get(path + "/gamma")),
            TfReference.constant(tf, w.get(path + "/beta")),
            TfReference.constant(tf, w.get(path + "/moving_mean")),
            TfReference.constant(tf, w.get(path + "/moving_variance")),
            FusedBatchNorm.isTraining(false),
            FusedBatchNorm.epsilon(eps))
        .y();
  }

  /** MirrorPad REFLECT (or Pad with zeros for "constant"). */
  public static Operand<TFloat32> pad(
      Ops tf, Operand<TFloat32> x, String mode, int t, int l, int b, int r) {
    Operand<TInt32> p = tf.constant(new int[][] {{0, 0}, {t, b}, {l, r}, {0, 0}});
    return mode.equals("reflect") ? tf.mirrorPad(x, p, "REFLECT") : tf.pad(x, p, tf.constant(0f));
  }

  /** LeakyRelu with slope alpha. */
  public static Operand<TFloat32> leakyRelu(Ops tf, Operand<TFloat32> x, float alpha) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(alpha));
  }

  /** Max pooling: explicit pads as −∞ through PadV2 then VALID, SAME_UPPER as "SAME". */
  public static Operand<TFloat32> maxPool(Ops tf, Operand<TFloat32> x, int k, int s, Padding p) {
    Operand<TInt32> ksize = tf.constant(new int[] {1, k, k, 1});
    Operand<TInt32> strides = tf.constant(new int[] {1, s, s, 1});
    if (p.mode() == Padding.Mode.SAME_UPPER) {
      return tf.nn.maxPool(x, ksize, strides, "SAME");
    }
    Operand<TInt32> pads =
        tf.constant(new int[][] {{0, 0}, {p.top(), p.bottom()}, {p.left(), p.right()}, {0, 0}});
    Operand<TFloat32> padded = tf.pad(x, pads, tf.constant(Float.NEGATIVE_INFINITY));
    return tf.nn.maxPool(padded, ksize, strides, "VALID");
  }

  /** Mean over H and W: [N, H, W, C] → [N, C]. */
  public static Operand<TFloat32> globalAveragePool(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  /** MatMul + BiasAdd. */
  public static Operand<TFloat32> dense(
      Ops tf, Operand<TFloat32> x, Map<String, Weights> w, String path) {
    return tf.nn.biasAdd(
        tf.linalg.matMul(x, TfReference.constant(tf, w.get(path + "/kernel"))),
        TfReference.constant(tf, w.get(path + "/bias")));
  }

  /** ResizeBilinear with half-pixel centres to h × w. */
  public static Operand<TFloat32> resize(Ops tf, Operand<TFloat32> x, int h, int w) {
    return tf.image.resizeBilinear(
        x, tf.constant(new int[] {h, w}), ResizeBilinear.halfPixelCenters(true));
  }

  /** uint8 → float in [-1, 1] ({@code x / 127.5 − 1}) or [0, 1] ({@code x / 255}). */
  public static Operand<TFloat32> pre(Ops tf, Operand<TUint8> image, boolean symmetric) {
    Operand<TFloat32> f = tf.dtypes.cast(image, TFloat32.class);
    return symmetric
        ? tf.math.sub(tf.math.div(f, tf.constant(127.5f)), tf.constant(1f))
        : tf.math.div(f, tf.constant(255f));
  }

  /** The expert adapter {@code (p − mean) / std} with {@code p = (x + 1) · 0.5} from [-1, 1]. */
  public static Operand<TFloat32> normalize(
      Ops tf, Operand<TFloat32> x, boolean fromSymmetric, double[] mean, double[] std) {
    Operand<TFloat32> p =
        fromSymmetric ? tf.math.mul(tf.math.add(x, tf.constant(1f)), tf.constant(0.5f)) : x;
    float[] m = {(float) mean[0], (float) mean[1], (float) mean[2]};
    float[] s = {(float) std[0], (float) std[1], (float) std[2]};
    return tf.math.div(tf.math.sub(p, tf.constant(m)), tf.constant(s));
  }

  /** Arg max over the last (class) axis, int64. */
  public static Operand<TInt64> argMax(Ops tf, Operand<TFloat32> logits, int axis) {
    return tf.math.argMax(logits, tf.constant(axis));
  }

  /** The translated image: round((x + 1) · 127.5) clipped to [0, 255] as uint8. */
  public static Operand<TUint8> translated(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> v =
        tf.math.round(tf.math.mul(tf.math.add(x, tf.constant(1f)), tf.constant(127.5f)));
    return tf.dtypes.cast(tf.clipByValue(v, tf.constant(0f), tf.constant(255f)), TUint8.class);
  }
}

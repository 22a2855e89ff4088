package org.real2sim.exporter.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.real2sim.exporter.ExportException;
import org.real2sim.models.nn.Weights;

/**
 * Writers for the layers the networks are made of. Each takes the name of an NCHW float32 value,
 * adds its nodes to the {@link OnnxContext}, and returns the name of its output.
 *
 * <p>Weights come as {@code Map<String, Weights>} in TensorFlow layout, looked up under a variable
 * path ({@code path + "/kernel"} etc., the names of {@code docs/overview.md}):
 *
 * <ul>
 *   <li>convolution {@code kernel} [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw]; optional {@code
 *       bias} [out];
 *   <li>transposed convolution {@code kernel} [kh, kw, out, in] → ONNX IOHW [in, out, kh, kw];
 *       optional {@code bias} [out];
 *   <li>batch norm {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance}, each
 *       [C];
 *   <li>dense {@code kernel} [in, out] (used as Gemm's B as it is), {@code bias} [out].
 * </ul>
 *
 * <p>Padding conventions: see {@link Padding} (convolutions, max pooling) and {@link
 * TransposeGeometry} (transposed convolutions); {@link #pad} pads explicitly (reflect, constant or
 * edge). A missing weight or one of the wrong shape fails with an {@link ExportException} naming
 * it.
 */
public final class OnnxLayers {

  private OnnxLayers() {}

  // ---------------------------------------------------------------- convolutions

  /**
   * Conv2D: {@code kernel} [kh, kw, in, out] (+ optional {@code bias} [out]) under {@code path},
   * square {@code stride} and {@code dilation}, the given padding. Output [N, out, H', W'].
   */
  public static String conv2d(
      OnnxContext ctx,
      String x,
      Map<String, Weights> w,
      String path,
      int stride,
      Padding padding,
      int dilation) {
    Weights k = require(w, path + "/kernel", 4, "a convolution kernel [kh, kw, in, out]");
    return convNode(
        ctx,
        x,
        path,
        toOihw(k),
        k.shape(),
        optionalBias(w, path, (int) k.shape()[3]),
        stride,
        padding,
        dilation);
  }

  /**
   * A stride-1 VALID {@code k × k} convolution (k odd) computed on a space-to-depth view of its
   * input: {@code SpaceToDepth(2)}, a {@code (k/2 + 1)²} convolution from {@code 4·in} to {@code
   * 4·out} channels, {@code DepthToSpace(2, DCR)}. The same sums as the plain convolution (up to
   * float rounding order), with a kernel shaped for a GEMM instead of a thin {@code out}-channel
   * one: the generator's last 7×7 convolution to 3 channels ran at a fraction of the machine's
   * speed in ONNX Runtime. Output pixel {@code (2i+p, 2j+q)} of channel {@code o} is channel {@code
   * (2p+q)·out + o} of the small convolution at {@code (i, j)}; its kernel tap {@code (t, u)} on
   * input channel {@code (2r+s)·in + c} is the original tap {@code (2t+r−p, 2u+s−q)} (zero outside
   * the kernel).
   *
   * @param x NCHW input whose height and width minus {@code k − 1} are even (the output's size)
   */
  public static String conv2dSpaceToDepth(
      OnnxContext ctx, String x, Map<String, Weights> w, String path) {
    Weights k = require(w, path + "/kernel", 4, "a convolution kernel [kh, kw, in, out]");
    long[] shape = k.shape();
    int kh = (int) shape[0];
    int in = (int) shape[2];
    int out = (int) shape[3];
    if (kh != shape[1] || kh % 2 == 0) {
      throw new ExportException(
          path + ": space-to-depth needs a square odd kernel, found " + Arrays.toString(shape));
    }
    float[] bias = optionalBias(w, path, out);
    float[][] split = spaceToDepthKernel(k.values(), kh, in, out);
    int k2 = kh / 2 + 1;
    String s2d =
        ctx.node(OnnxOp.SPACE_TO_DEPTH, List.of(x), Map.of("blocksize", 2L), path + "/s2d");
    float[] bias4 = null;
    if (bias != null) {
      bias4 = new float[4 * out];
      for (int pq = 0; pq < 4; pq++) {
        System.arraycopy(bias, 0, bias4, pq * out, out);
      }
    }
    String y =
        convNode(
            ctx,
            s2d,
            path + "/s2d_conv",
            split[0],
            new long[] {k2, k2, 4L * in, 4L * out},
            bias4,
            1,
            Padding.valid(),
            1);
    return ctx.node(
        OnnxOp.DEPTH_TO_SPACE, List.of(y), Map.of("blocksize", 2L, "mode", "DCR"), path + "/d2s");
  }

  /**
   * The space-to-depth kernel of {@link #conv2dSpaceToDepth} in OIHW order, {@code [4·out, 4·in,
   * k/2+1, k/2+1]}, from a TF kernel {@code [k, k, in, out]} (returned as the only element).
   */
  static float[][] spaceToDepthKernel(float[] hwio, int k, int in, int out) {
    int k2 = k / 2 + 1;
    int o4 = 4 * out;
    int i4 = 4 * in;
    float[] dst = new float[o4 * i4 * k2 * k2];
    for (int p = 0; p < 2; p++) {
      for (int q = 0; q < 2; q++) {
        for (int o = 0; o < out; o++) {
          int oo = (2 * p + q) * out + o;
          for (int r = 0; r < 2; r++) {
            for (int s = 0; s < 2; s++) {
              for (int c = 0; c < in; c++) {
                int ii = (2 * r + s) * in + c;
                for (int t = 0; t < k2; t++) {
                  int a = 2 * t + r - p;
                  if (a < 0 || a >= k) {
                    continue;
                  }
                  for (int u = 0; u < k2; u++) {
                    int b = 2 * u + s - q;
                    if (b < 0 || b >= k) {
                      continue;
                    }
                    dst[((oo * i4 + ii) * k2 + t) * k2 + u] =
                        hwio[((a * k + b) * in + c) * out + o];
                  }
                }
              }
            }
          }
        }
      }
    }
    return new float[][] {dst};
  }

  /**
   * Conv2D with dilation 1; see {@link #conv2d(OnnxContext, String, Map, String, int, Padding,
   * int)}.
   */
  public static String conv2d(
      OnnxContext ctx, String x, Map<String, Weights> w, String path, int stride, Padding padding) {
    return conv2d(ctx, x, w, path, stride, padding, 1);
  }

  /**
   * Conv2D followed by inference batch norm, folded into one Conv: with {@code s = gamma / sqrt(var
   * + epsilon)} per output channel, weights {@code W·s} and bias {@code (b − mean)·s + beta}
   * (computed in double precision). Convolution weights under {@code convPath}, batch norm under
   * {@code bnPath}.
   */
  public static String conv2dBatchNorm(
      OnnxContext ctx,
      String x,
      Map<String, Weights> w,
      String convPath,
      String bnPath,
      int stride,
      Padding padding,
      int dilation,
      float epsilon) {
    Weights k = require(w, convPath + "/kernel", 4, "a convolution kernel [kh, kw, in, out]");
    int out = (int) k.shape()[3];
    float[][] bn = batchNormParams(w, bnPath, out);
    float[] bias = optionalBias(w, convPath, out);
    float[] oihw = toOihw(k);
    int per = oihw.length / out;
    float[] fusedBias = new float[out];
    for (int o = 0; o < out; o++) {
      double s = bn[0][o] / Math.sqrt((double) bn[3][o] + epsilon);
      for (int i = 0; i < per; i++) {
        oihw[o * per + i] = (float) (oihw[o * per + i] * s);
      }
      double b = bias == null ? 0 : bias[o];
      fusedBias[o] = (float) ((b - bn[2][o]) * s + bn[1][o]);
    }
    return convNode(ctx, x, convPath, oihw, k.shape(), fusedBias, stride, padding, dilation);
  }

  private static String convNode(
      OnnxContext ctx,
      String x,
      String path,
      float[] oihw,
      long[] tfShape,
      float[] bias,
      int stride,
      Padding padding,
      int dilation) {
    checkPositive(path, "stride", stride);
    checkPositive(path, "dilation", dilation);
    long kh = tfShape[0];
    long kw = tfShape[1];
    long in = tfShape[2];
    long out = tfShape[3];
    List<String> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.add(ctx.weight(path + "/kernel", new long[] {out, in, kh, kw}, oihw));
    if (bias != null) {
      inputs.add(ctx.weight(path + "/bias", new long[] {out}, bias));
    }
    Map<String, Object> attrs = new HashMap<>(padding.attributes());
    attrs.put("kernel_shape", new long[] {kh, kw});
    attrs.put("strides", new long[] {stride, stride});
    attrs.put("dilations", new long[] {dilation, dilation});
    return ctx.node(OnnxOp.CONV, inputs, attrs, path);
  }

  /**
   * Transposed Conv2D: {@code kernel} [kh, kw, out, in] (+ optional {@code bias} [out]) under
   * {@code path}, square {@code stride}, dilation 1, output position given by {@code geometry}.
   * Output size {@code stride·(in − 1) + k + outputPadding − padBegin − padEnd} per axis.
   */
  public static String convTranspose(
      OnnxContext ctx,
      String x,
      Map<String, Weights> w,
      String path,
      int stride,
      TransposeGeometry geometry) {
    checkPositive(path, "stride", stride);
    if (geometry.outputPadding() >= stride) {
      throw new ExportException(
          "Transposed convolution "
              + path
              + ": output padding "
              + geometry.outputPadding()
              + " must be smaller than the stride "
              + stride);
    }
    Weights k =
        require(w, path + "/kernel", 4, "a transposed-convolution kernel [kh, kw, out, in]");
    long kh = k.shape()[0];
    long kw = k.shape()[1];
    long out = k.shape()[2];
    long in = k.shape()[3];
    float[] iohw = new float[k.size()];
    float[] src = k.values();
    for (int y = 0; y < kh; y++) {
      for (int xx = 0; xx < kw; xx++) {
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            iohw[(int) (((i * out + o) * kh + y) * kw + xx)] =
                src[(int) (((y * kw + xx) * out + o) * in + i)];
          }
        }
      }
    }
    List<String> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.add(ctx.weight(path + "/kernel", new long[] {in, out, kh, kw}, iohw));
    float[] bias = optionalBias(w, path, (int) out);
    if (bias != null) {
      inputs.add(ctx.weight(path + "/bias", new long[] {out}, bias));
    }
    Map<String, Object> attrs = new HashMap<>(geometry.pads().attributes());
    attrs.put("kernel_shape", new long[] {kh, kw});
    attrs.put("strides", new long[] {stride, stride});
    attrs.put("output_padding", new long[] {geometry.outputPadding(), geometry.outputPadding()});
    return ctx.node(OnnxOp.CONV_TRANSPOSE, inputs, attrs, path);
  }

  // ---------------------------------------------------------------- normalisation

  /**
   * Instance normalisation without learned scale and without running statistics (CycleGAN's): each
   * channel of each image normalised by its own spatial mean and biased variance, {@code (x − μ) /
   * sqrt(σ² + epsilon)}. ONNX needs scale and bias inputs: ones and zeros of length {@code
   * channels}.
   */
  public static String instanceNorm(
      OnnxContext ctx, String x, int channels, float epsilon, String name) {
    checkPositive(name, "channels", channels);
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    String scale = ctx.constant(new long[] {channels}, ones);
    String bias = ctx.constant(new long[] {channels}, new float[channels]);
    return ctx.node(
        OnnxOp.INSTANCE_NORMALIZATION, List.of(x, scale, bias), Map.of("epsilon", epsilon), name);
  }

  /**
   * Batch normalisation in inference form, {@code gamma · (x − moving_mean) / sqrt(moving_variance
   * + epsilon) + beta}, from {@code gamma}, {@code beta}, {@code moving_mean}, {@code
   * moving_variance} [C] under {@code path}.
   */
  public static String batchNorm(
      OnnxContext ctx, String x, Map<String, Weights> w, String path, float epsilon) {
    Weights gamma = require(w, path + "/gamma", 1, "batch-norm gamma [C]");
    int c = (int) gamma.shape()[0];
    float[][] p = batchNormParams(w, path, c);
    long[] dims = {c};
    return ctx.node(
        OnnxOp.BATCH_NORMALIZATION,
        List.of(
            x,
            ctx.weight(path + "/gamma", dims, p[0]),
            ctx.weight(path + "/beta", dims, p[1]),
            ctx.weight(path + "/moving_mean", dims, p[2]),
            ctx.weight(path + "/moving_variance", dims, p[3])),
        Map.of("epsilon", epsilon),
        path);
  }

  private static float[][] batchNormParams(Map<String, Weights> w, String path, int channels) {
    String[] leaves = {"gamma", "beta", "moving_mean", "moving_variance"};
    float[][] out = new float[4][];
    for (int i = 0; i < 4; i++) {
      Weights v = require(w, path + "/" + leaves[i], 1, "batch-norm " + leaves[i] + " [C]");
      if (v.shape()[0] != channels) {
        throw new ExportException(
            "Weight '"
                + path
                + "/"
                + leaves[i]
                + "' has "
                + v.shape()[0]
                + " channels, expected "
                + channels);
      }
      out[i] = v.values();
    }
    for (int c = 0; c < channels; c++) {
      if (!(out[3][c] >= 0)) {
        throw new ExportException(
            "Weight '"
                + path
                + "/moving_variance' has the invalid value "
                + out[3][c]
                + " at channel "
                + c);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- padding, activations, pooling

  /**
   * Pads H and W by {@code top, left, bottom, right}. {@code mode}: {@code reflect} (mirror without
   * repeating the edge, TensorFlow's MirrorPad REFLECT and PyTorch's ReflectionPad2d; each amount
   * must be smaller than the side), {@code constant} (zeros) or {@code edge}.
   */
  public static String pad(
      OnnxContext ctx,
      String x,
      String mode,
      int top,
      int left,
      int bottom,
      int right,
      String name) {
    if (!List.of("reflect", "constant", "edge").contains(mode)) {
      throw new ExportException(
          "Pad "
              + name
              + ": unknown mode '"
              + mode
              + "', expected one of [reflect, constant, edge]");
    }
    if (top < 0 || left < 0 || bottom < 0 || right < 0) {
      throw new ExportException("Pad " + name + ": amounts must be >= 0");
    }
    String pads = ctx.constantInt64(new long[] {8}, 0, 0, top, left, 0, 0, bottom, right);
    return ctx.node(OnnxOp.PAD, List.of(x, pads), Map.of("mode", mode), name);
  }

  /** Reflect padding by {@code p} on every side (CycleGAN's ReflectionPad2d(p)). */
  public static String reflectPad(OnnxContext ctx, String x, int p, String name) {
    return pad(ctx, x, "reflect", p, p, p, p, name);
  }

  /** max(x, 0). */
  public static String relu(OnnxContext ctx, String x, String name) {
    return ctx.node(OnnxOp.RELU, List.of(x), Map.of(), name);
  }

  /** x for x ≥ 0, {@code alpha·x} otherwise (PatchGAN: 0.2). */
  public static String leakyRelu(OnnxContext ctx, String x, float alpha, String name) {
    return ctx.node(OnnxOp.LEAKY_RELU, List.of(x), Map.of("alpha", alpha), name);
  }

  /** tanh(x). */
  public static String tanh(OnnxContext ctx, String x, String name) {
    return ctx.node(OnnxOp.TANH, List.of(x), Map.of(), name);
  }

  /**
   * Max pooling with a square window and stride; padded positions never win. ResNet's stem is
   * {@code maxPool(ctx, x, 3, 2, Padding.symmetric(1), ...)} (PyTorch MaxPool2d(3, 2, 1)).
   */
  public static String maxPool(
      OnnxContext ctx, String x, int kernel, int stride, Padding padding, String name) {
    checkPositive(name, "kernel", kernel);
    checkPositive(name, "stride", stride);
    Map<String, Object> attrs = new HashMap<>(padding.attributes());
    attrs.put("kernel_shape", new long[] {kernel, kernel});
    attrs.put("strides", new long[] {stride, stride});
    return ctx.node(OnnxOp.MAX_POOL, List.of(x), attrs, name);
  }

  /**
   * The mean over H and W: [N, C, H, W] → [N, C, 1, 1] (DeepLab's image pooling, ResNet's head).
   */
  public static String globalAveragePool(OnnxContext ctx, String x, String name) {
    return ctx.node(OnnxOp.GLOBAL_AVERAGE_POOL, List.of(x), Map.of(), name);
  }

  /** [N, C, 1, 1] (or any [N, ...]) → [N, C·...]. */
  public static String flatten(OnnxContext ctx, String x, String name) {
    return ctx.node(OnnxOp.FLATTEN, List.of(x), Map.of("axis", 1L), name);
  }

  /**
   * Dense layer {@code x·kernel + bias} on [N, in], {@code kernel} [in, out], optional {@code bias}
   * [out].
   */
  public static String dense(OnnxContext ctx, String x, Map<String, Weights> w, String path) {
    Weights k = require(w, path + "/kernel", 2, "a dense kernel [in, out]");
    List<String> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.add(ctx.weight(path + "/kernel", k.shape(), k.values()));
    float[] bias = optionalBias(w, path, (int) k.shape()[1]);
    if (bias != null) {
      inputs.add(ctx.weight(path + "/bias", new long[] {k.shape()[1]}, bias));
    }
    return ctx.node(OnnxOp.GEMM, inputs, Map.of(), path);
  }

  // ---------------------------------------------------------------- resizing and combining

  /**
   * Bilinear resize of {@code x} to the spatial size of {@code reference} (both NCHW), half-pixel
   * centres, no antialiasing: TensorFlow's {@code ResizeBilinear(half_pixel_centers=true)},
   * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}. Sizes are read from the
   * tensors at run time, so H and W stay dynamic.
   */
  public static String resizeBilinearLike(
      OnnxContext ctx, String x, String reference, String name) {
    String nc = ctx.node(OnnxOp.SHAPE, List.of(x), Map.of("start", 0L, "end", 2L), name + "/nc");
    String hw =
        ctx.node(OnnxOp.SHAPE, List.of(reference), Map.of("start", 2L, "end", 4L), name + "/hw");
    String sizes = ctx.node(OnnxOp.CONCAT, List.of(nc, hw), Map.of("axis", 0L), name + "/sizes");
    return resizeNode(ctx, x, "", sizes, name);
  }

  /**
   * Bilinear resize by {@code scale} in H and W (half-pixel centres); output size floor(in ·
   * scale).
   */
  public static String resizeBilinearBy(OnnxContext ctx, String x, float scale, String name) {
    if (!(scale > 0)) {
      throw new ExportException("Resize " + name + ": scale must be positive, found " + scale);
    }
    String scales = ctx.constant(new long[] {4}, 1f, 1f, scale, scale);
    return resizeNode(ctx, x, scales, "", name);
  }

  private static String resizeNode(
      OnnxContext ctx, String x, String scales, String sizes, String name) {
    List<String> inputs = sizes.isEmpty() ? List.of(x, "", scales) : List.of(x, "", "", sizes);
    return ctx.node(
        OnnxOp.RESIZE,
        inputs,
        Map.of("mode", "linear", "coordinate_transformation_mode", "half_pixel"),
        name);
  }

  /** Concatenation along the channel axis (1). */
  public static String concat(OnnxContext ctx, List<String> xs, String name) {
    return ctx.node(OnnxOp.CONCAT, xs, Map.of("axis", 1L), name);
  }

  /** Element-wise sum (residual connections). */
  public static String add(OnnxContext ctx, String a, String b, String name) {
    return ctx.node(OnnxOp.ADD, List.of(a, b), Map.of(), name);
  }

  // ---------------------------------------------------------------- weights

  /** TF [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw]. */
  static float[] toOihw(Weights k) {
    int kh = (int) k.shape()[0];
    int kw = (int) k.shape()[1];
    int in = (int) k.shape()[2];
    int out = (int) k.shape()[3];
    float[] src = k.values();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return dst;
  }

  /**
   * The weight called {@code name}, of rank {@code rank}.
   *
   * @throws ExportException naming the weight, with the available names under the same parent path
   */
  static Weights require(Map<String, Weights> w, String name, int rank, String what) {
    Weights v = w.get(name);
    if (v == null) {
      // Suggest the weights under the nearest ancestor path that has any, so a typo in one segment
      // shows.
      String parent = name;
      TreeSet<String> near = new TreeSet<>();
      while (near.isEmpty() && parent.contains("/")) {
        parent = parent.substring(0, parent.lastIndexOf('/'));
        for (String k : w.keySet()) {
          if (k.startsWith(parent + "/")) {
            near.add(k);
          }
        }
      }
      throw new ExportException(
          "Missing weight '"
              + name
              + "' ("
              + what
              + ")"
              + (near.isEmpty()
                  ? "; the map holds " + w.size() + " weights, none under a parent path"
                  : "; weights under '" + parent + "/': " + near));
    }
    if (v.shape().length != rank) {
      throw new ExportException(
          "Weight '" + name + "' has shape " + Arrays.toString(v.shape()) + ", expected " + what);
    }
    return v;
  }

  private static float[] optionalBias(Map<String, Weights> w, String path, int out) {
    Weights b = w.get(path + "/bias");
    if (b == null) {
      return null;
    }
    if (b.shape().length != 1 || b.shape()[0] != out) {
      throw new ExportException(
          "Weight '"
              + path
              + "/bias' has shape "
              + Arrays.toString(b.shape())
              + ", expected ["
              + out
              + "]");
    }
    return b.values();
  }

  private static void checkPositive(String where, String what, int v) {
    if (v < 1) {
      throw new ExportException(where + ": " + what + " must be >= 1, found " + v);
    }
  }
}

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

  static float[][] batchNormParams(Map<String, Weights> w, String path, int channels) {
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

  static float[] optionalBias(Map<String, Weights> w, String path, int out) {
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

  static void checkPositive(String where, String what, int v) {
    if (v < 1) {
      throw new ExportException(where + ": " + what + " must be >= 1, found " + v);
    }
  }
}

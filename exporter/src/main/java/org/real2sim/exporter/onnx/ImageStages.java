package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.runtime.bundle.GraphNames;

/**
 * The stages around the networks in a bundle graph: the {@code image} input and its conversion to
 * the generator's or the expert's pixel range, the adapter to the expert's normalisation, and the
 * outputs ({@code mask}, {@code class_id}, {@code scores}, {@code translated}) with the names of
 * {@link GraphNames}.
 *
 * <p>Dimensions passed as {@code Object} are a {@link Number} (fixed) or a {@link String}
 * (symbolic, such as {@code "N"}, {@code "H"}, {@code "W"}); they only describe the graph's input
 * and outputs.
 */
public final class ImageStages {

  private ImageStages() {}

  /** A pixel range inside the graph. */
  public enum PixelRange {
    /** [−1, 1]: the CycleGAN generators' range, {@code p / 127.5 − 1} for bytes p. */
    SYMMETRIC,
    /** [0, 1]: {@code p / 255}, what the expert's normalisation is defined over. */
    UNIT
  }

  /** Adds the graph input {@code image}: uint8 [N, H, W, 3], RGB. */
  public static String imageInput(OnnxContext ctx, Object n, Object h, Object w) {
    return ctx.input(GraphNames.IMAGE, TensorProto.DataType.UINT8_VALUE, n, h, w, 3);
  }

  /**
   * uint8 NHWC → float32 NCHW in {@code range}: Cast, Transpose(0, 3, 1, 2), then {@code x / 127.5
   * − 1} (SYMMETRIC) or {@code x / 255} (UNIT).
   */
  public static String toNchw(OnnxContext ctx, String image, PixelRange range) {
    return scale(ctx, castToNchw(ctx, image), range);
  }

  /**
   * uint8 NHWC of any size → float32 NCHW at the network's input size {@code height × width} in
   * {@code range}: Cast, Transpose(0, 3, 1, 2), {@code Resize} with the filter of training (mode
   * linear, antialias 1, exclude_outside 1, half-pixel centres: the trainer's {@code
   * ImageOps.resizeBilinear}, see {@link org.real2sim.runtime.bundle.Preprocessing.Resize}) to
   * sizes [N, 3, height, width] (N read at run time; the aspect ratio is not kept, as in the
   * trainer's evaluation), then the scaling of {@link #toNchw}. Needs opset 18.
   */
  public static String toNetwork(
      OnnxContext ctx, String image, PixelRange range, int height, int width) {
    if (ctx.opset() < 18) {
      throw new ExportException(
          "the in-graph resize needs opset 18 or later (Resize with antialias), found "
              + ctx.opset());
    }
    String nchw = castToNchw(ctx, image);
    String nc = ctx.node(OnnxOp.SHAPE, List.of(nchw), Map.of("start", 0L, "end", 2L), "pre/nc");
    String hw = ctx.constantInt64(new long[] {2}, height, width);
    String sizes = ctx.node(OnnxOp.CONCAT, List.of(nc, hw), Map.of("axis", 0L), "pre/sizes");
    String resized =
        ctx.node(
            OnnxOp.RESIZE_18,
            List.of(nchw, "", "", sizes),
            Map.of(
                "mode",
                "linear",
                "antialias",
                1L,
                "exclude_outside",
                1L,
                "coordinate_transformation_mode",
                "half_pixel"),
            "pre/resize");
    return scale(ctx, resized, range);
  }

  /** uint8 NHWC → float32 NCHW: Cast, then Transpose(0, 3, 1, 2). */
  private static String castToNchw(OnnxContext ctx, String image) {
    String f = cast(ctx, image, TensorProto.DataType.FLOAT_VALUE, "pre/cast");
    return ctx.node(
        OnnxOp.TRANSPOSE, List.of(f), Map.of("perm", new long[] {0, 3, 1, 2}), "pre/nchw");
  }

  /** A Cast of {@code x} to the TensorProto data type {@code to}. */
  private static String cast(OnnxContext ctx, String x, int to, String nameHint) {
    return ctx.node(OnnxOp.CAST, List.of(x), Map.of("to", (long) to), nameHint);
  }

  private static String scale(OnnxContext ctx, String nchw, PixelRange range) {
    if (range == PixelRange.UNIT) {
      return ctx.node(
          OnnxOp.DIV, List.of(nchw, ctx.constant(new long[0], 255f)), Map.of(), "pre/unit");
    }
    String scaled =
        ctx.node(
            OnnxOp.DIV, List.of(nchw, ctx.constant(new long[0], 127.5f)), Map.of(), "pre/scale");
    return ctx.node(
        OnnxOp.SUB, List.of(scaled, ctx.constant(new long[0], 1f)), Map.of(), "pre/symmetric");
  }

  /**
   * The expert's input adapter: from {@code from} to {@code (p − mean[c]) / std[c]} over [0, 1]
   * pixels p. From SYMMETRIC it first maps {@code p = (x + 1) · 0.5}; the arithmetic is written op
   * by op as the expert's own input pipeline computes it.
   */
  public static String normalize(
      OnnxContext ctx, String x, PixelRange from, double[] mean, double[] std) {
    if (mean.length != 3 || std.length != 3) {
      throw new ExportException(
          "normalisation needs 3 means and 3 standard deviations, found "
              + mean.length
              + " and "
              + std.length);
    }
    String unit = x;
    if (from == PixelRange.SYMMETRIC) {
      String plus =
          ctx.node(
              OnnxOp.ADD, List.of(x, ctx.constant(new long[0], 1f)), Map.of(), "adapter/plus_one");
      unit =
          ctx.node(
              OnnxOp.MUL, List.of(plus, ctx.constant(new long[0], 0.5f)), Map.of(), "adapter/unit");
    }
    float[] m = new float[3];
    float[] s = new float[3];
    for (int c = 0; c < 3; c++) {
      if (!(std[c] > 0)) {
        throw new ExportException(
            "normalisation std must be positive, found " + std[c] + " for channel " + c);
      }
      m[c] = (float) mean[c];
      s[c] = (float) std[c];
    }
    long[] dims = {1, 3, 1, 1};
    String centred =
        ctx.node(OnnxOp.SUB, List.of(unit, ctx.constant(dims, m)), Map.of(), "adapter/centre");
    return ctx.node(OnnxOp.DIV, List.of(centred, ctx.constant(dims, s)), Map.of(), "adapter/scale");
  }

  /**
   * Segmentation outputs from logits [N, K, H, W]: {@code mask} uint8 [N, H, W] (ArgMax over
   * classes, first index on ties, Cast) and, when {@code scores}, {@code scores} float [N, K, H, W]
   * (Softmax over classes). K must fit a byte.
   */
  public static void segmentationOutputs(
      OnnxContext ctx,
      String logits,
      int numClasses,
      boolean scores,
      Object n,
      Object h,
      Object w) {
    if (numClasses < 1 || numClasses > 255) {
      throw new ExportException("a uint8 mask holds 1 to 255 classes, found " + numClasses);
    }
    String arg =
        ctx.node(
            OnnxOp.ARG_MAX, List.of(logits), Map.of("axis", 1L, "keepdims", 0L), "post/argmax");
    String mask =
        ctx.nodeNamed(
            OnnxOp.CAST,
            List.of(arg),
            Map.of("to", (long) TensorProto.DataType.UINT8_VALUE),
            GraphNames.MASK);
    ctx.output(mask, GraphNames.MASK, TensorProto.DataType.UINT8_VALUE, n, h, w);
    if (scores) {
      String s = channelSoftmax(ctx, logits, GraphNames.SCORES);
      ctx.output(s, GraphNames.SCORES, TensorProto.DataType.FLOAT_VALUE, n, numClasses, h, w);
    }
  }

  /**
   * Softmax over axis 1 of an NCHW tensor, written out as {@code e = Exp(x − ReduceMax(x)); e /
   * ReduceSum(e)} (max and sum over axis 1, kept): the same function as {@code Softmax(axis=1)}
   * (the subtracted maximum keeps Exp finite), but element-wise and reduction kernels instead of
   * ONNX Runtime's Softmax over a non-last axis, which transposes internally and took about a third
   * of a DeepLab pipeline's time at 512×256 (K = 13, one thread).
   *
   * @param output the exact name of the result
   */
  public static String channelSoftmax(OnnxContext ctx, String x, String output) {
    String axes = ctx.constantInt64(new long[] {1}, 1);
    String max =
        ctx.opset() >= 18
            ? ctx.node(OnnxOp.REDUCE_MAX, List.of(x, axes), Map.of("keepdims", 1L), output + "/max")
            : ctx.node(
                OnnxOp.REDUCE_MAX_AXES_ATTRIBUTE,
                List.of(x),
                Map.of("axes", new long[] {1}, "keepdims", 1L),
                output + "/max");
    String shifted = ctx.node(OnnxOp.SUB, List.of(x, max), Map.of(), output + "/shifted");
    String e = ctx.node(OnnxOp.EXP, List.of(shifted), Map.of(), output + "/exp");
    String sum =
        ctx.node(OnnxOp.REDUCE_SUM, List.of(e, axes), Map.of("keepdims", 1L), output + "/sum");
    return ctx.nodeNamed(OnnxOp.DIV, List.of(e, sum), Map.of(), output);
  }

  /**
   * Classification outputs from logits [N, K]: {@code class_id} int64 [N] (ArgMax) and, when {@code
   * scores}, {@code scores} float [N, K] (Softmax).
   */
  public static void classificationOutputs(
      OnnxContext ctx, String logits, int numClasses, boolean scores, Object n) {
    if (numClasses < 1) {
      throw new ExportException("classification needs at least one class, found " + numClasses);
    }
    String id =
        ctx.nodeNamed(
            OnnxOp.ARG_MAX,
            List.of(logits),
            Map.of("axis", 1L, "keepdims", 0L),
            GraphNames.CLASS_ID);
    ctx.output(id, GraphNames.CLASS_ID, TensorProto.DataType.INT64_VALUE, n);
    if (scores) {
      String s =
          ctx.nodeNamed(OnnxOp.SOFTMAX, List.of(logits), Map.of("axis", 1L), GraphNames.SCORES);
      ctx.output(s, GraphNames.SCORES, TensorProto.DataType.FLOAT_VALUE, n, numClasses);
    }
  }

  /**
   * The {@code translated} output from a generator output [N, 3, H, W] in [−1, 1]: {@code (x + 1) ·
   * 127.5}, rounded half to even, clipped to [0, 255], cast to uint8 and transposed to [N, H, W,
   * 3].
   */
  public static void translatedOutput(OnnxContext ctx, String x, Object n, Object h, Object w) {
    String plus =
        ctx.node(
            OnnxOp.ADD, List.of(x, ctx.constant(new long[0], 1f)), Map.of(), "translated/plus_one");
    String bytes =
        ctx.node(
            OnnxOp.MUL,
            List.of(plus, ctx.constant(new long[0], 127.5f)),
            Map.of(),
            "translated/scale");
    String rounded = ctx.node(OnnxOp.ROUND, List.of(bytes), Map.of(), "translated/round");
    String clipped =
        ctx.node(
            OnnxOp.CLIP,
            List.of(rounded, ctx.constant(new long[0], 0f), ctx.constant(new long[0], 255f)),
            Map.of(),
            "translated/clip");
    String u8 = cast(ctx, clipped, TensorProto.DataType.UINT8_VALUE, "translated/cast");
    String t =
        ctx.nodeNamed(
            OnnxOp.TRANSPOSE,
            List.of(u8),
            Map.of("perm", new long[] {0, 2, 3, 1}),
            GraphNames.TRANSLATED);
    ctx.output(t, GraphNames.TRANSLATED, TensorProto.DataType.UINT8_VALUE, n, h, w, 3);
  }
}

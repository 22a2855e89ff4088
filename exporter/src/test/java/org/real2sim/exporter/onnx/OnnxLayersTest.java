package org.real2sim.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Each layer writer against the same computation in TensorFlow raw ops: one-layer ONNX models
 * (checked by the official checker) run in ONNX Runtime on seeded random NCHW inputs, TensorFlow on
 * the same values in NHWC; element-wise difference at most 1e-5 and identical shapes.
 */
class OnnxLayersTest {

  static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;

  private final Map<String, Weights> w = new LinkedHashMap<>();
  private final TestWeights weights = new TestWeights(17, w);

  /**
   * Builds a one-layer model around {@code onnx}, checks it, runs it and TensorFlow's {@code tf} on
   * the same input, and compares; returns the ONNX Runtime output.
   */
  private Out compare(
      String name,
      long[] nchw,
      BiFunction<OnnxContext, String, String> onnx,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> tf)
      throws Exception {
    return compare(name, nchw, WeightPrecision.FLOAT32, onnx, tf, TOLERANCE);
  }

  private Out compare(
      String name,
      long[] nchw,
      WeightPrecision precision,
      BiFunction<OnnxContext, String, String> onnx,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> tf,
      double tolerance)
      throws Exception {
    OnnxContext ctx = new OnnxContext(name, 17, precision);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, "N", nchw[1], "H", "W");
    String y = onnx.apply(ctx, x);
    ctx.output(y, "y", TensorProto.DataType.FLOAT_VALUE, "N", "C_out", "H_out", "W_out");
    ModelProto model = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), name);
    OnnxChecker.check(model, tmp, name + ".onnx");
    int n = 1;
    for (long d : nchw) {
      n *= (int) d;
    }
    float[] data = weights.uniform(n, 1.0);
    Out ort = OrtReference.run(model, "x", nchw, data).get("y");
    long[] nhwc = TfReference.nhwcShape(nchw);
    Out ref = TfReference.run(nhwc, TfReference.toNhwc(data, nchw), tf);
    assertArrayEquals(TfReference.nchwShape(ref.shape()), ort.shape(), name + ": output shape");
    double err =
        TfReference.maxAbsDiff(TfReference.toNchw(ref.floats(), ref.shape()), ort.floats());
    assertTrue(err <= tolerance, name + ": max abs error " + err + " > " + tolerance);
    return ort;
  }

  @Test
  void conv2dWithSymmetricPaddingAndStride2MatchesTfExplicitConv() throws Exception {
    weights.conv("c", 3, 3, 5, true);
    Out o =
        compare(
            "conv_s2_p1",
            new long[] {2, 3, 9, 10},
            (ctx, x) -> OnnxConvolutions.conv2d(ctx, x, w, "c", 2, Padding.symmetric(1)),
            (tf, x) -> TfLayers.conv(tf, x, w, "c", 2, Padding.symmetric(1), 1));
    assertArrayEquals(
        new long[] {2, 5, 5, 5}, o.shape(), "PyTorch Conv2d(k3, s2, p1): 9x10 -> 5x5");
  }

  @Test
  void conv2dWithAsymmetricPaddingAndNoBiasMatchesTf() throws Exception {
    weights.conv("c", 4, 2, 3, false);
    compare(
        "conv_asym",
        new long[] {1, 2, 7, 6},
        (ctx, x) -> OnnxConvolutions.conv2d(ctx, x, w, "c", 1, Padding.explicit(1, 2, 2, 1)),
        (tf, x) -> TfLayers.conv(tf, x, w, "c", 1, Padding.explicit(1, 2, 2, 1), 1));
  }

  @Test
  void conv2dSameUpperMatchesTfSameOnOddAndEvenSizes() throws Exception {
    weights.conv("c", 3, 3, 4, true);
    compare(
        "conv_same",
        new long[] {1, 3, 8, 7},
        (ctx, x) -> OnnxConvolutions.conv2d(ctx, x, w, "c", 2, Padding.sameUpper()),
        (tf, x) -> TfLayers.conv(tf, x, w, "c", 2, Padding.sameUpper(), 1));
  }

  @Test
  void atrousConv2dMatchesTfDilatedForward() throws Exception {
    weights.conv("c", 3, 4, 4, true);
    compare(
        "conv_dilated",
        new long[] {1, 4, 11, 12},
        (ctx, x) -> OnnxConvolutions.conv2d(ctx, x, w, "c", 1, Padding.symmetric(2), 2),
        (tf, x) -> TfLayers.conv(tf, x, w, "c", 1, Padding.symmetric(2), 2));
  }

  @Test
  void convTransposePytorchGeometryDoublesTheSizeAndMatchesTfBackpropInput() throws Exception {
    weights.convTranspose("u", 3, 4, 3, true);
    TransposeGeometry g = TransposeGeometry.pytorch(1, 1);
    Out o =
        compare(
            "convT_pytorch",
            new long[] {1, 4, 5, 6},
            (ctx, x) -> OnnxConvolutions.convTranspose(ctx, x, w, "u", 2, g),
            (tf, x) -> TfLayers.convTranspose(tf, x, w, "u", 2, g, false, 1, 10, 12));
    assertArrayEquals(new long[] {1, 3, 10, 12}, o.shape(), "exactly 2x the input");
  }

  @Test
  void convTransposeTfSameGeometryMatchesTfSameForKernels3And4() throws Exception {
    weights.convTranspose("u3", 3, 2, 3, false).convTranspose("u4", 4, 2, 3, true);
    compare(
        "convT_same3",
        new long[] {1, 2, 5, 4},
        (ctx, x) ->
            OnnxConvolutions.convTranspose(ctx, x, w, "u3", 2, TransposeGeometry.tfSame(3, 2)),
        (tf, x) -> TfLayers.convTranspose(tf, x, w, "u3", 2, null, true, 1, 10, 8));
    compare(
        "convT_same4",
        new long[] {1, 2, 5, 4},
        (ctx, x) ->
            OnnxConvolutions.convTranspose(ctx, x, w, "u4", 2, TransposeGeometry.tfSame(4, 2)),
        (tf, x) -> TfLayers.convTranspose(tf, x, w, "u4", 2, null, true, 1, 10, 8));
    assertEquals(Padding.explicit(0, 0, 1, 1), TransposeGeometry.tfSame(3, 2).pads());
    assertEquals(1, TransposeGeometry.tfSame(1, 2).outputPadding());
  }

  @Test
  void batchNormInferenceMatchesFusedBatchNormBothUnfoldedAndFoldedIntoConv() throws Exception {
    weights
        .batchNorm("bn", 3)
        .conv("c", 3, 3, 6, false)
        .batchNorm("c_bn", 6)
        .conv("cb", 1, 3, 2, true)
        .batchNorm("cb_bn", 2);
    compare(
        "bn",
        new long[] {2, 3, 5, 4},
        (ctx, x) -> OnnxLayers.batchNorm(ctx, x, w, "bn", 1e-5f),
        (tf, x) -> TfLayers.batchNorm(tf, x, w, "bn", 1e-5f));
    compare(
        "conv_bn_folded",
        new long[] {1, 3, 8, 8},
        (ctx, x) ->
            OnnxConvolutions.conv2dBatchNorm(
                ctx, x, w, "c", "c_bn", 2, Padding.symmetric(1), 1, 1e-5f),
        (tf, x) ->
            TfLayers.batchNorm(
                tf, TfLayers.conv(tf, x, w, "c", 2, Padding.symmetric(1), 1), w, "c_bn", 1e-5f));
    compare(
        "conv_bias_bn_folded",
        new long[] {1, 3, 4, 4},
        (ctx, x) ->
            OnnxConvolutions.conv2dBatchNorm(
                ctx, x, w, "cb", "cb_bn", 1, Padding.valid(), 1, 1e-3f),
        (tf, x) ->
            TfLayers.batchNorm(
                tf, TfLayers.conv(tf, x, w, "cb", 1, Padding.valid(), 1), w, "cb_bn", 1e-3f));
  }

  @Test
  void instanceNormWithoutAffineMatchesTheMomentsFormula() throws Exception {
    compare(
        "in",
        new long[] {2, 3, 6, 5},
        (ctx, x) -> OnnxLayers.instanceNorm(ctx, x, 3, 1e-5f, "in"),
        (tf, x) -> TfLayers.instanceNorm(tf, x, 1e-5f));
  }

  @Test
  void reflectAndConstantPaddingMatchMirrorPadAndPad() throws Exception {
    Out o =
        compare(
            "reflect",
            new long[] {1, 2, 5, 6},
            (ctx, x) -> OnnxLayers.pad(ctx, x, "reflect", 1, 3, 2, 0, "pad"),
            (tf, x) -> TfLayers.pad(tf, x, "reflect", 1, 3, 2, 0));
    assertArrayEquals(new long[] {1, 2, 8, 9}, o.shape());
    compare(
        "reflect3",
        new long[] {1, 3, 8, 8},
        (ctx, x) -> OnnxLayers.reflectPad(ctx, x, 3, "pad"),
        (tf, x) -> TfLayers.pad(tf, x, "reflect", 3, 3, 3, 3));
    compare(
        "zeros",
        new long[] {1, 2, 3, 3},
        (ctx, x) -> OnnxLayers.pad(ctx, x, "constant", 2, 1, 0, 1, "pad"),
        (tf, x) -> TfLayers.pad(tf, x, "constant", 2, 1, 0, 1));
  }

  @Test
  void activationsMatchTf() throws Exception {
    long[] s = {1, 2, 4, 3};
    compare("relu", s, (ctx, x) -> OnnxLayers.relu(ctx, x, "r"), (tf, x) -> tf.nn.relu(x));
    compare(
        "leaky",
        s,
        (ctx, x) -> OnnxLayers.leakyRelu(ctx, x, 0.2f, "l"),
        (tf, x) -> TfLayers.leakyRelu(tf, x, 0.2f));
    compare("tanh", s, (ctx, x) -> OnnxLayers.tanh(ctx, x, "t"), (tf, x) -> tf.math.tanh(x));
  }

  @Test
  void maxPoolWithPaddingNeverPicksThePadding() throws Exception {
    // Inputs in [-1, 1]: a zero-padded pool would differ from the -inf-padded reference at the
    // borders.
    Out o =
        compare(
            "maxpool",
            new long[] {1, 2, 9, 8},
            (ctx, x) -> OnnxLayers.maxPool(ctx, x, 3, 2, Padding.symmetric(1), "mp"),
            (tf, x) -> TfLayers.maxPool(tf, x, 3, 2, Padding.symmetric(1)));
    assertArrayEquals(new long[] {1, 2, 5, 4}, o.shape(), "PyTorch MaxPool2d(3, 2, 1): 9x8 -> 5x4");
    compare(
        "maxpool_same",
        new long[] {1, 2, 7, 6},
        (ctx, x) -> OnnxLayers.maxPool(ctx, x, 3, 2, Padding.sameUpper(), "mp"),
        (tf, x) -> TfLayers.maxPool(tf, x, 3, 2, Padding.sameUpper()));
  }

  @Test
  void globalAveragePoolFlattenAndDenseMatchMeanAndMatMul() throws Exception {
    weights.dense("fc", 4, 3);
    OnnxContext ctx = new OnnxContext("head", 17, WeightPrecision.FLOAT32);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, "N", 4, "H", "W");
    String y =
        OnnxLayers.dense(
            ctx,
            OnnxLayers.flatten(ctx, OnnxLayers.globalAveragePool(ctx, x, "gap"), "flat"),
            w,
            "fc");
    ctx.output(y, "y", TensorProto.DataType.FLOAT_VALUE, "N", 3);
    ModelProto model = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "head");
    OnnxChecker.check(model, tmp, "head.onnx");
    long[] nchw = {2, 4, 5, 3};
    float[] data = weights.uniform(120, 1);
    Out ort = OrtReference.run(model, "x", nchw, data).get("y");
    Out ref =
        TfReference.run(
            TfReference.nhwcShape(nchw),
            TfReference.toNhwc(data, nchw),
            (tf, in) -> TfLayers.dense(tf, TfLayers.globalAveragePool(tf, in), w, "fc"));
    assertArrayEquals(ref.shape(), ort.shape());
    assertTrue(TfReference.maxAbsDiff(ref.floats(), ort.floats()) <= TOLERANCE);
  }

  @Test
  void bilinearResizeMatchesTfHalfPixelCentresUpAndDown() throws Exception {
    compare(
        "resize_by_2",
        new long[] {1, 2, 5, 7},
        (ctx, x) -> OnnxLayers.resizeBilinearBy(ctx, x, 2f, "up"),
        (tf, x) -> TfLayers.resize(tf, x, 10, 14));
    // To the size of another tensor (DeepLab's upsampling to the input): here a stride-4 pool of x,
    // resized back to x's size; and a downsampling to the pooled size.
    compare(
        "resize_like_up",
        new long[] {1, 3, 16, 12},
        (ctx, x) ->
            OnnxLayers.resizeBilinearLike(
                ctx, OnnxLayers.maxPool(ctx, x, 4, 4, Padding.valid(), "pool"), x, "up"),
        (tf, x) -> TfLayers.resize(tf, TfLayers.maxPool(tf, x, 4, 4, Padding.valid()), 16, 12));
    compare(
        "resize_like_down",
        new long[] {1, 3, 16, 12},
        (ctx, x) ->
            OnnxLayers.resizeBilinearLike(
                ctx, x, OnnxLayers.maxPool(ctx, x, 4, 4, Padding.valid(), "pool"), "down"),
        (tf, x) -> TfLayers.resize(tf, x, 4, 3));
  }

  @Test
  void concatAndAddMatchTf() throws Exception {
    weights.conv("a", 1, 2, 3, true);
    compare(
        "concat_add",
        new long[] {1, 2, 4, 4},
        (ctx, x) -> {
          String a = OnnxConvolutions.conv2d(ctx, x, w, "a", 1, Padding.valid());
          return OnnxLayers.add(
              ctx,
              OnnxLayers.concat(ctx, List.of(x, a), "cat"),
              OnnxLayers.concat(ctx, List.of(a, x), "cat2"),
              "sum");
        },
        (tf, x) -> {
          Operand<TFloat32> a = TfLayers.conv(tf, x, w, "a", 1, Padding.valid(), 1);
          return tf.math.add(
              tf.concat(List.of(x, a), tf.constant(3)), tf.concat(List.of(a, x), tf.constant(3)));
        });
  }

  @Test
  void fp16WeightsMatchTfWithHalfRoundedWeights() throws Exception {
    weights.conv("c", 3, 3, 4, true);
    Map<String, Weights> rounded = new LinkedHashMap<>();
    for (Map.Entry<String, Weights> e : w.entrySet()) {
      float[] v = e.getValue().values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = Fp16.toFloat(Fp16.fromFloat(v[i]));
      }
      rounded.put(e.getKey(), new Weights(e.getValue().shape(), v));
    }
    compare(
        "conv_fp16",
        new long[] {1, 3, 6, 6},
        WeightPrecision.FLOAT16,
        (ctx, x) -> OnnxConvolutions.conv2d(ctx, x, w, "c", 1, Padding.symmetric(1)),
        (tf, x) -> TfLayers.conv(tf, x, rounded, "c", 1, Padding.symmetric(1), 1),
        TOLERANCE);
    // Against the float32 weights the error is that of half precision: small, but not
    // float32-small.
    compare(
        "conv_fp16_vs_fp32",
        new long[] {1, 3, 6, 6},
        WeightPrecision.FLOAT16,
        (ctx, x) -> OnnxConvolutions.conv2d(ctx, x, w, "c", 1, Padding.symmetric(1)),
        (tf, x) -> TfLayers.conv(tf, x, w, "c", 1, Padding.symmetric(1), 1),
        1e-2);
  }

  @Test
  void missingOrMisshapenWeightsAreNamed() {
    weights.conv("net/block/conv", 3, 2, 4, true);
    OnnxContext ctx = new OnnxContext("g", 17, WeightPrecision.FLOAT32);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, 1, 2, 8, 8);
    ExportException e =
        assertThrows(
            ExportException.class,
            () -> OnnxConvolutions.conv2d(ctx, x, w, "net/block/conv2", 1, Padding.valid()));
    assertTrue(
        e.getMessage().contains("Missing weight 'net/block/conv2/kernel'")
            && e.getMessage().contains("net/block/conv/kernel"),
        e.getMessage());
    w.put("net/block/conv/bias", new Weights(new long[] {5}, new float[5]));
    e =
        assertThrows(
            ExportException.class,
            () -> OnnxConvolutions.conv2d(ctx, x, w, "net/block/conv", 1, Padding.valid()));
    assertTrue(
        e.getMessage().contains("'net/block/conv/bias' has shape [5], expected [4]"),
        e.getMessage());
    e = assertThrows(ExportException.class, () -> OnnxLayers.dense(ctx, x, w, "net/block/conv"));
    assertTrue(e.getMessage().contains("expected a dense kernel [in, out]"), e.getMessage());
    e =
        assertThrows(
            ExportException.class, () -> OnnxLayers.pad(ctx, x, "symmetric", 1, 1, 1, 1, "p"));
    assertTrue(e.getMessage().contains("unknown mode 'symmetric'"), e.getMessage());
    e = assertThrows(ExportException.class, () -> new TransposeGeometry(Padding.sameUpper(), 0));
    assertTrue(e.getMessage().contains("tfSame"), e.getMessage());
  }
}

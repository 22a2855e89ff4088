package org.real2sim.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.onnx.ImageStages.PixelRange;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.runtime.bundle.NormalizationSpec;

class ImageStagesTest {

  @TempDir Path tmp;

  static final double[] MEAN = {0.485, 0.456, 0.406};
  static final double[] STD = {0.229, 0.224, 0.225};

  private static byte[] bytes(long seed, int n) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static float[] floats(long seed, int n, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    return f;
  }

  @Test
  void preprocessingAndAdapterMatchTfForBothRanges() throws Exception {
    for (PixelRange range : PixelRange.values()) {
      OnnxContext ctx = new OnnxContext("pre", 17, WeightPrecision.FLOAT32);
      String image = ImageStages.imageInput(ctx, "N", "H", "W");
      String x =
          ImageStages.normalize(ctx, ImageStages.toNchw(ctx, image, range), range, MEAN, STD);
      ctx.output(x, "y", TensorProto.DataType.FLOAT_VALUE, "N", 3, "H", "W");
      ModelProto m = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "");
      OnnxChecker.check(m, tmp, "pre.onnx");
      long[] shape = {2, 5, 7, 3};
      byte[] data = bytes(range.ordinal(), 2 * 5 * 7 * 3);
      Out ort = OrtReference.runUint8(m, "image", shape, data).get("y");
      boolean sym = range == PixelRange.SYMMETRIC;
      Out ref =
          TfReference.runUint8(
              shape,
              data,
              (tf, in) ->
                  List.of(TfLayers.normalize(tf, TfLayers.pre(tf, in, sym), sym, MEAN, STD)),
              0);
      assertArrayEquals(new long[] {2, 3, 5, 7}, ort.shape());
      double err =
          TfReference.maxAbsDiff(TfReference.toNchw(ref.floats(), ref.shape()), ort.floats());
      assertTrue(err <= 1e-5, range + ": max abs error " + err);
    }
    // The ImageNet constants the manifest records are the ones used here.
    assertTrue(NormalizationSpec.IMAGENET.mean().equals(List.of(MEAN[0], MEAN[1], MEAN[2])));
  }

  @Test
  void segmentationOutputsMatchTfArgMaxAndSoftmax() throws Exception {
    OnnxContext ctx = new OnnxContext("seg", 17, WeightPrecision.FLOAT32);
    String logits = ctx.input("logits", TensorProto.DataType.FLOAT_VALUE, "N", 5, "H", "W");
    ImageStages.segmentationOutputs(ctx, logits, 5, true, "N", "H", "W");
    ModelProto m = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "");
    OnnxChecker.check(m, tmp, "seg.onnx");
    long[] nchw = {2, 5, 4, 6};
    float[] data = floats(3, 240, 4);
    Map<String, Out> ort = OrtReference.run(m, "logits", nchw, data);
    long[] nhwc = TfReference.nhwcShape(nchw);
    float[] in = TfReference.toNhwc(data, nchw);
    Out arg = TfReference.run(nhwc, in, (tf, x) -> TfLayers.argMax(tf, x, 3));
    Out soft = TfReference.run(nhwc, in, (tf, x) -> tf.nn.softmax(x));
    byte[] mask = ort.get("mask").bytes();
    assertArrayEquals(new long[] {2, 4, 6}, ort.get("mask").shape());
    for (int i = 0; i < mask.length; i++) {
      assertTrue(arg.longs()[i] == (mask[i] & 0xFF), "class at " + i);
    }
    double err =
        TfReference.maxAbsDiff(
            TfReference.toNchw(soft.floats(), soft.shape()), ort.get("scores").floats());
    assertTrue(err <= 1e-6, "softmax error " + err);
  }

  @Test
  void classificationOutputsMatchTfArgMaxAndSoftmax() throws Exception {
    OnnxContext ctx = new OnnxContext("cls", 17, WeightPrecision.FLOAT32);
    String logits = ctx.input("logits", TensorProto.DataType.FLOAT_VALUE, "N", 10);
    ImageStages.classificationOutputs(ctx, logits, 10, true, "N");
    ModelProto m = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "");
    OnnxChecker.check(m, tmp, "cls.onnx");
    float[] data = floats(4, 30, 5);
    Map<String, Out> ort = OrtReference.run(m, "logits", new long[] {3, 10}, data);
    Out arg = TfReference.run(new long[] {3, 10}, data, (tf, x) -> TfLayers.argMax(tf, x, 1));
    Out soft = TfReference.run(new long[] {3, 10}, data, (tf, x) -> tf.nn.softmax(x));
    assertArrayEquals(arg.longs(), ort.get("class_id").longs());
    assertTrue(TfReference.maxAbsDiff(soft.floats(), ort.get("scores").floats()) <= 1e-6);
  }

  @Test
  void translatedOutputRoundsClipsAndTransposesLikeTf() throws Exception {
    OnnxContext ctx = new OnnxContext("tr", 17, WeightPrecision.FLOAT32);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, "N", 3, "H", "W");
    ImageStages.translatedOutput(ctx, x, "N", "H", "W");
    ModelProto m = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "");
    OnnxChecker.check(m, tmp, "tr.onnx");
    long[] nchw = {1, 3, 6, 5};
    float[] data = floats(5, 90, 1.2);
    Out ort = OrtReference.run(m, "x", nchw, data).get("translated");
    Out ref =
        TfReference.run(
            TfReference.nhwcShape(nchw),
            TfReference.toNhwc(data, nchw),
            (tf, in) -> TfLayers.translated(tf, in));
    assertArrayEquals(ref.shape(), ort.shape());
    assertArrayEquals(ref.bytes(), ort.bytes());
    int clipped = 0;
    for (float v : data) {
      clipped += Math.abs(v) > 1 ? 1 : 0;
    }
    assertTrue(clipped > 0, "the data exercises clipping");
  }

  @Test
  void channelSoftmaxMatchesADoublePrecisionSoftmaxAtEveryOpsetEvenForHugeLogits()
      throws Exception {
    // [1, 3, 1, 4]: per pixel the three logits; pixel 1 would overflow Exp without the maximum,
    // pixel 2 would underflow to 0/0 if the maximum were taken over the whole tensor.
    float[] x = {1000, -3, 0.5f, 7, 990, -1000, 0.25f, 7, -5, -995, 0.75f, 7};
    for (int opset : new int[] {17, 18, 22}) {
      OnnxContext ctx = new OnnxContext("sm", opset, WeightPrecision.FLOAT32);
      String in = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, 1, 3, 1, 4);
      String y = ImageStages.channelSoftmax(ctx, in, "y");
      ctx.output(y, "y", TensorProto.DataType.FLOAT_VALUE, 1, 3, 1, 4);
      ModelProto m =
          OnnxModels.assemble(ctx, ModelOptions.defaults().withOpset(opset), Map.of(), "");
      OnnxChecker.check(m, tmp, "sm" + opset + ".onnx");

      float[] got = OrtReference.run(m, "x", new long[] {1, 3, 1, 4}, x).get("y").floats();

      for (int p = 0; p < 4; p++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
          max = Math.max(max, x[c * 4 + p]);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
          sum += Math.exp(x[c * 4 + p] - max);
        }
        for (int c = 0; c < 3; c++) {
          double expected = Math.exp(x[c * 4 + p] - max) / sum;
          assertTrue(
              Math.abs(expected - got[c * 4 + p]) < 1e-6,
              "opset " + opset + " pixel " + p + " class " + c + ": " + got[c * 4 + p]);
        }
      }
    }
  }
}

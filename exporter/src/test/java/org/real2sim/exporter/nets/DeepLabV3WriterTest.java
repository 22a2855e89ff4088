package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.onnx.OnnxChecker;
import org.real2sim.exporter.onnx.TfReference;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.nn.Weights;

class DeepLabV3WriterTest {

  private static NetFixture.TfNet tf(DeepLabV3.Config c) {
    return (tf, vars, x) -> new DeepLabV3(c, "expert", vars).call(tf, x, false);
  }

  private static NetFixture.OnnxNet onnx(DeepLabV3.Config c) {
    return (ctx, x, w) -> DeepLabV3Writer.write(ctx, x, w, "expert", c);
  }

  private static void assertMatches(DeepLabV3.Config c, long[] shape, Path dir) throws Exception {
    Map<String, Weights> w = NetFixture.weights(tf(c), c.depth() + c.outputStride());
    float[] x = NetFixture.input(shape, 9);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx(c), w, 3, false, used);
    OnnxChecker.check(model, dir, "deeplab.onnx");

    Out ref = NetFixture.tf(tf(c), w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    assertArrayEquals(new long[] {shape[0], shape[1], shape[2], c.numClasses()}, got.shape());
    double scale = 1;
    for (float v : ref.floats()) {
      scale = Math.max(scale, Math.abs(v));
    }
    double err = TfReference.maxAbsDiff(ref.floats(), got.floats());
    assertTrue(err < 1e-5 * scale, "max abs error " + err + " at logit scale " + scale);
    assertTrue(used[0].unused("expert").isEmpty(), "unused " + used[0].unused("expert"));
  }

  @Test
  void resNet18AtOutputStride8MatchesTensorFlowOnASizeNotAMultipleOf8(@TempDir Path dir)
      throws Exception {
    assertMatches(
        new DeepLabV3.Config(18, 2, 4, 3, 8, 4, List.of(1, 2, 3), 0.5),
        new long[] {1, 26, 30, 3},
        dir);
  }

  @Test
  void resNet18AtOutputStride16MatchesTensorFlowOnABatch(@TempDir Path dir) throws Exception {
    assertMatches(
        new DeepLabV3.Config(18, 2, 3, 3, 16, 4, List.of(2, 3, 4), 0.5),
        new long[] {2, 32, 32, 3},
        dir);
  }

  @Test
  void bottleneckResNet50AtOutputStride8MatchesTensorFlow(@TempDir Path dir) throws Exception {
    assertMatches(
        new DeepLabV3.Config(50, 2, 3, 3, 8, 4, List.of(2, 3, 4), 0.5),
        new long[] {1, 24, 24, 3},
        dir);
  }
}

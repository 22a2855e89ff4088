package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxChecker;
import org.real2sim.exporter.onnx.TfReference;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.resnet.ResNet;

class ResNetWriterTest {

  private static NetFixture.TfNet tf(ResNet.Config c) {
    return (tf, vars, x) -> new ResNet(c, "expert", vars).call(tf, x, false);
  }

  private static NetFixture.OnnxNet onnx(ResNet.Config c) {
    return (ctx, x, w) -> ResNetWriter.classifier(ctx, x, w, "expert", c);
  }

  private static void assertMatches(ResNet.Config c, long[] shape, Path dir) throws Exception {
    Map<String, Weights> w = NetFixture.weights(tf(c), c.depth());
    float[] x = NetFixture.input(shape, 5);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx(c), w, 3, true, used);
    OnnxChecker.check(model, dir, "resnet" + c.depth() + ".onnx");

    Out ref = NetFixture.tf(tf(c), w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    assertArrayEquals(new long[] {shape[0], c.numClasses()}, got.shape());
    double scale = 1;
    for (float v : ref.floats()) {
      scale = Math.max(scale, Math.abs(v));
    }
    double err = TfReference.maxAbsDiff(ref.floats(), got.floats());
    assertTrue(err < 1e-5 * scale, "max abs error " + err + " at logit scale " + scale);
    assertTrue(used[0].unused("expert").isEmpty(), "unused " + used[0].unused("expert"));
  }

  @Test
  void basicBlockResNet18MatchesTensorFlowOnAnOddSize(@TempDir Path dir) throws Exception {
    assertMatches(new ResNet.Config(18, 2, 5, 3), new long[] {2, 21, 18, 3}, dir);
  }

  @Test
  void cifarStemResNet18MatchesTensorFlow(@TempDir Path dir) throws Exception {
    assertMatches(
        new ResNet.Config(18, 2, 5, 3, org.real2sim.models.resnet.Stem.CIFAR),
        new long[] {2, 13, 10, 3},
        dir);
  }

  @Test
  void bottleneckResNet50MatchesTensorFlow(@TempDir Path dir) throws Exception {
    assertMatches(new ResNet.Config(50, 2, 3, 3), new long[] {1, 16, 16, 3}, dir);
  }

  @Test
  void classCountThatContradictsTheWeightsIsRefused() {
    Map<String, Weights> w = NetFixture.weights(tf(new ResNet.Config(18, 2, 5, 3)), 1);
    ResNet.Config four = new ResNet.Config(18, 2, 4, 3);

    ExportException e =
        assertThrows(ExportException.class, () -> NetFixture.onnx(onnx(four), w, 3, true, null));

    assertTrue(
        e.getMessage().contains("expert/fc/kernel")
            && e.getMessage().contains("[16, 5]")
            && e.getMessage().contains("4 classes"),
        e.getMessage());
  }
}

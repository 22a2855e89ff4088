package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxChecker;
import org.real2sim.exporter.onnx.TfReference;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.nn.Weights;

class ResnetGeneratorWriterTest {

  private static final ResnetGenerator.Config CONFIG = new ResnetGenerator.Config(4, 2, 3, 3);

  private static NetFixture.TfNet tf(ResnetGenerator.Config c) {
    return (tf, vars, x) -> new ResnetGenerator(c, "g_rs", vars).call(tf, x);
  }

  private static NetFixture.OnnxNet onnx(ResnetGenerator.Config c) {
    return (ctx, x, w) -> ResnetGeneratorWriter.write(ctx, x, w, "g_rs", c);
  }

  @Test
  void generatorMatchesTensorFlowElementWiseAndPassesTheChecker(@TempDir Path dir)
      throws Exception {
    Map<String, Weights> w = NetFixture.weights(tf(CONFIG), 11);
    long[] shape = {2, 16, 12, 3};
    float[] x = NetFixture.input(shape, 3);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx(CONFIG), w, 3, false, used);
    OnnxChecker.check(model, dir, "g.onnx");

    Out ref = NetFixture.tf(tf(CONFIG), w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    assertArrayEquals(shape, ref.shape());
    assertArrayEquals(ref.shape(), got.shape());
    double err = TfReference.maxAbsDiff(ref.floats(), got.floats());
    assertTrue(err < 1e-5, "max abs error " + err);
    assertTrue(used[0].unused("g_rs").isEmpty(), "unused " + used[0].unused("g_rs"));
  }

  @Test
  void extraResidualBlockInTheWeightsIsRefusedAsUnsupported() {
    Map<String, Weights> w = NetFixture.weights(tf(CONFIG), 1);
    ResnetGenerator.Config fewer = new ResnetGenerator.Config(4, 1, 3, 3);
    WeightSet[] used = new WeightSet[1];
    NetFixture.onnx(onnx(fewer), w, 3, false, used);

    ExportException e =
        assertThrows(ExportException.class, () -> used[0].requireAllUsed("g_rs", "the generator"));

    assertTrue(e.getMessage().contains("g_rs/res_2/conv_1/kernel"), e.getMessage());
    assertEquals(4, used[0].unused("g_rs").size());
  }

  @Test
  void misshapenKernelIsNamedWithBothShapes() {
    Map<String, Weights> w = new LinkedHashMap<>(NetFixture.weights(tf(CONFIG), 1));
    w.put("g_rs/down_2/kernel", new Weights(new long[] {3, 3, 8, 8}, new float[3 * 3 * 8 * 8]));

    ExportException e =
        assertThrows(ExportException.class, () -> NetFixture.onnx(onnx(CONFIG), w, 3, false, null));

    assertTrue(
        e.getMessage().contains("g_rs/down_2/kernel")
            && e.getMessage().contains("[3, 3, 8, 8]")
            && e.getMessage().contains("[3, 3, 8, 16]"),
        e.getMessage());
  }

  @Test
  void missingBiasIsNamed() {
    Map<String, Weights> w = new LinkedHashMap<>(NetFixture.weights(tf(CONFIG), 1));
    w.remove("g_rs/up_1/bias");

    ExportException e =
        assertThrows(ExportException.class, () -> NetFixture.onnx(onnx(CONFIG), w, 3, false, null));

    assertTrue(e.getMessage().contains("Missing weight 'g_rs/up_1/bias'"), e.getMessage());
  }
}

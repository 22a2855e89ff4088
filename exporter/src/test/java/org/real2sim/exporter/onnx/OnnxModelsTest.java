package org.real2sim.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.nn.Weights;

class OnnxModelsTest {

  @TempDir Path tmp;

  @Test
  void optionsDefaultToOpset17Ir8AndRejectMismatchedVersions() {
    ModelOptions d = ModelOptions.defaults();
    assertEquals(17, d.opset());
    assertEquals(8, d.irVersion());
    assertEquals(new ModelOptions(19, 9, d.externalDataThreshold()), d.withOpset(19));
    assertEquals(10, d.withOpset(21).irVersion());
    ExportException e = assertThrows(ExportException.class, () -> new ModelOptions(16, 8, 0));
    assertTrue(e.getMessage().contains("[17, 22], found 16"), e.getMessage());
    e = assertThrows(ExportException.class, () -> new ModelOptions(19, 8, 0));
    assertEquals("IR version 8 does not fit opset 19: expected 9 to 10", e.getMessage());
  }

  @Test
  void opsetsUpTo22PassTheCheckerAndRun() throws Exception {
    for (int opset : new int[] {17, 18, 20, 22}) {
      ModelOptions o = ModelOptions.defaults().withOpset(opset);
      OnnxContext ctx = new OnnxContext("g", opset, WeightPrecision.FLOAT32);
      String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, 1, 2, 4, 4);
      String y =
          OnnxLayers.resizeBilinearBy(ctx, OnnxLayers.reflectPad(ctx, x, 1, "pad"), 0.5f, "down");
      ctx.output(y, "y", TensorProto.DataType.FLOAT_VALUE, 1, 2, 3, 3);
      ModelProto m = OnnxModels.assemble(ctx, o, Map.of(), "");
      OnnxChecker.check(m, tmp, "opset" + opset + ".onnx");
      assertArrayEquals(
          new long[] {1, 2, 3, 3},
          OrtReference.run(m, "x", new long[] {1, 2, 4, 4}, new float[32]).get("y").shape());
    }
    OnnxContext ctx = new OnnxContext("g", 18, WeightPrecision.FLOAT32);
    ExportException e =
        assertThrows(
            ExportException.class,
            () -> OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), ""));
    assertTrue(e.getMessage().contains("built for opset 18"), e.getMessage());
  }

  @Test
  void largeModelsGoToExternalDataAndRunTheSameFromTheirPath() throws Exception {
    Map<String, Weights> w = new LinkedHashMap<>();
    TestWeights tw =
        new TestWeights(3, w)
            .conv("a", 3, 4, 16, true)
            .conv("b", 3, 16, 16, true)
            .conv("c", 1, 16, 2, false);
    OnnxContext ctx = new OnnxContext("big", 17, WeightPrecision.FLOAT32);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, "N", 4, "H", "W");
    String y = OnnxConvolutions.conv2d(ctx, x, w, "a", 1, Padding.symmetric(1));
    y = OnnxConvolutions.conv2d(ctx, OnnxLayers.relu(ctx, y, "r"), w, "b", 1, Padding.symmetric(1));
    y = OnnxConvolutions.conv2d(ctx, y, w, "c", 1, Padding.valid());
    ctx.output(y, "y", TensorProto.DataType.FLOAT_VALUE, "N", 2, "H", "W");
    ModelProto m =
        OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of("real2sim.seed", "3"), "");
    long total = OnnxModels.initializerBytes(m);

    Path inline = tmp.resolve("inline.onnx");
    assertEquals(
        List.of(inline), OnnxModels.save(m, inline, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD));
    Path external = tmp.resolve("external.onnx");
    List<Path> files = OnnxModels.save(m, external, 1024);
    assertEquals(List.of(external, tmp.resolve("external.onnx.data")), files);

    ModelProto back = ModelProto.parseFrom(Files.readAllBytes(external));
    long moved = 0;
    for (TensorProto t : back.getGraph().getInitializerList()) {
      if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
        assertEquals("external.onnx.data", t.getExternalData(0).getValue());
        assertEquals(
            0, Long.parseLong(t.getExternalData(1).getValue()) % OnnxModels.EXTERNAL_ALIGNMENT);
        moved += Long.parseLong(t.getExternalData(2).getValue());
      }
    }
    assertTrue(
        moved >= 4 * 3 * 3 * 16 * 16,
        "the 9 KiB kernel of b moved out, moved " + moved + " of " + total);
    assertTrue(Files.size(external) < Files.size(inline) - moved + 1024);
    OnnxChecker.check(external);

    long[] shape = {1, 4, 6, 5};
    float[] data = tw.uniform(120, 1);
    Out a = OrtReference.runFile(inline, "x", shape, data).get("y");
    Out b = OrtReference.runFile(external, "x", shape, data).get("y");
    assertArrayEquals(a.floats(), b.floats());
  }
}

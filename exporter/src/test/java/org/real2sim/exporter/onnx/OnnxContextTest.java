package org.real2sim.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;

class OnnxContextTest {

  @TempDir Path tmp;

  @Test
  void namesAreUniqueAndConstantsShared() {
    OnnxContext ctx = new OnnxContext("g", 17, WeightPrecision.FLOAT32);
    assertEquals("a", ctx.uniqueName("a"));
    assertEquals("a_1", ctx.uniqueName("a"));
    assertEquals("a_2", ctx.uniqueName("a"));
    String c1 = ctx.constant(new long[] {2}, 1f, 2f);
    assertEquals(c1, ctx.constant(new long[] {2}, 1f, 2f));
    assertTrue(!c1.equals(ctx.constant(new long[] {2}, 1f, 3f)));
    assertEquals(2 * 2 * 4, ctx.initializerBytes(), "two distinct constants of two floats");
  }

  @Test
  void initializersAreLittleEndianRawData() {
    OnnxContext ctx = new OnnxContext("g", 17, WeightPrecision.FLOAT32);
    ctx.weight("w", new long[] {2}, new float[] {1.5f, -2f});
    TensorProto t = ctx.build().getInitializer(0);
    assertEquals(List.of(2L), t.getDimsList());
    ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1.5f, b.getFloat());
    assertEquals(-2f, b.getFloat());
  }

  @Test
  void fp16WeightsAreStoredAsHalfAndCastBackExactlyInOnnxRuntime() throws Exception {
    float[] values = {1f / 3, -0.1f, 1234.567f, 1e-6f};
    OnnxContext ctx = new OnnxContext("g", 17, WeightPrecision.FLOAT16);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, 4);
    String wv = ctx.weight("w", new long[] {4}, values);
    ctx.output(
        ctx.node(OnnxOp.ADD, List.of(x, wv), Map.of(), "sum"),
        "y",
        TensorProto.DataType.FLOAT_VALUE,
        4);
    GraphProto g = ctx.build();
    assertEquals(TensorProto.DataType.FLOAT16_VALUE, g.getInitializer(0).getDataType());
    assertEquals(8, g.getInitializer(0).getRawData().size());
    assertEquals("Cast", g.getNode(0).getOpType());
    ModelProto m = OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "");
    OnnxChecker.check(m, tmp, "fp16.onnx");
    float[] y = OrtReference.run(m, "x", new long[] {4}, new float[4]).get("y").floats();
    for (int i = 0; i < 4; i++) {
      assertEquals(Fp16.toFloat(Fp16.fromFloat(values[i])), y[i], 0f, "value " + i);
    }
  }

  @Test
  void outputsAreRenamedThroughIdentityAndModelsAreDeterministic() {
    byte[][] bytes = new byte[2][];
    for (int r = 0; r < 2; r++) {
      OnnxContext ctx = new OnnxContext("g", 17, WeightPrecision.FLOAT32);
      String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, "N", 3);
      String y = ctx.node(OnnxOp.LEAKY_RELU, List.of(x), Map.of("alpha", 0.2f), "act");
      ctx.output(y, "out", TensorProto.DataType.FLOAT_VALUE, "N", 3);
      GraphProto g = ctx.build();
      assertEquals("Identity", g.getNode(1).getOpType());
      assertEquals("out", g.getOutput(0).getName());
      bytes[r] =
          OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of("k", "v"), "doc").toByteArray();
    }
    assertArrayEquals(bytes[0], bytes[1]);
  }
}

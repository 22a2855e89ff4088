package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's profile file aggregated per op type and node, warm-up runs left out. */
class OrtNodeProfileTest {

  @TempDir Path dir;

  @Test
  void aggregatesKernelEventsOfTheRunsAfterTheWarmUps() throws Exception {
    // Kernel events precede the model_run event of their run; run 0 is a warm-up.
    String json =
        "["
            + node("conv_a", "Conv", 9000)
            + ","
            + run()
            + ","
            + node("conv_a", "Conv", 3000)
            + ","
            + node("conv_b", "Conv", 1000)
            + ","
            + node("pad", "Pad", 500)
            + ",{\"cat\":\"Node\",\"name\":\"pad_fence_before\",\"dur\":5000,\"args\":{}},"
            + run()
            + ","
            + node("conv_a", "Conv", 5000)
            + ","
            + node("conv_b", "Conv", 1000)
            + ","
            + node("pad", "Pad", 500)
            + ","
            + run()
            + "]";
    Path f = dir.resolve("p.json");
    Files.writeString(f, json);
    OrtNodeProfile.Result r = OrtNodeProfile.parse(f, 3, 1, 12.5);
    assertEquals("Conv", r.byOp().get(0).name());
    assertEquals(2, r.byOp().get(0).calls(), 1e-9);
    assertEquals(5.0, r.byOp().get(0).ms(), 1e-9); // (3 + 1 + 5 + 1) ms over 2 runs
    assertEquals(0.5, r.byOp().get(1).ms(), 1e-9);
    assertEquals("Conv conv_a", r.byNode().get(0).name());
    assertEquals(4.0, r.byNode().get(0).ms(), 1e-9);
    assertEquals(5.5, r.kernelMs(), 1e-9);
    String table = OrtNodeProfile.format(r, 2);
    assertTrue(table.contains("untraced call 12.50 ms"), table);
    assertTrue(table.contains("Conv conv_a"), table);
    assertFalse(table.contains("Pad pad"), "only the top 2 nodes: " + table);
  }

  private static String node(String name, String op, long us) {
    return "{\"cat\":\"Node\",\"name\":\""
        + name
        + "_kernel_time\",\"dur\":"
        + us
        + ",\"args\":{\"op_name\":\""
        + op
        + "\"}}";
  }

  private static String run() {
    return "{\"cat\":\"Session\",\"name\":\"model_run\",\"dur\":1}";
  }
}

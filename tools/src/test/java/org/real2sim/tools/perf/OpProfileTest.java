package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

class OpProfileTest {

  private static NodeExecStats node(String name, String label, long start, long end) {
    return NodeExecStats.newBuilder()
        .setNodeName(name)
        .setTimelineLabel(label)
        .setOpStartRelMicros(start)
        .setOpEndRelMicros(end)
        .build();
  }

  private static RunMetadata metadata(NodeExecStats... nodes) {
    DeviceStepStats.Builder d = DeviceStepStats.newBuilder().setDevice("/device:CPU:0");
    for (NodeExecStats n : nodes) {
      d.addNodeStats(n);
    }
    return RunMetadata.newBuilder().setStepStats(StepStats.newBuilder().addDevStats(d)).build();
  }

  @Test
  void aggregatesPerOpTypePhaseAndNodeAveragedOverIterations() {
    OpProfile p = new OpProfile();
    for (int i = 0; i < 2; i++) {
      p.add(
          "G step",
          metadata(
              node("g_rs/in/Conv2D", "g_rs/in/Conv2D = _MklNativeConv2DWithBias(a, b)", 10, 310),
              node(
                  "adam_g/gradients/g_rs/in/Conv2D_grad/Conv2DBackpropFilter",
                  "x = _MklNativeConv2DBackpropFilterWithBias(c)",
                  0,
                  500),
              node("adam_g/g_rs/in/kernel/ApplyAdam", "y = ApplyAdam(k)", 5, 105),
              node("_SOURCE", "", 0, 0)),
          1000);
      p.add(
          "D step",
          metadata(node("d_s/out/Conv2D", "z = _MklNativeConv2DWithBias(u)", 0, 50)),
          200);
      p.endIteration();
    }
    assertEquals(2, p.iterations());
    assertEquals(950.0, p.totalMicros(), 1e-9);
    List<OpProfile.Row> types = p.byOpType();
    assertEquals("_MklNativeConv2DBackpropFilterWithBias", types.get(0).key());
    assertEquals(500.0, types.get(0).micros(), 1e-9);
    assertEquals("_MklNativeConv2DWithBias", types.get(1).key());
    assertEquals(350.0, types.get(1).micros(), 1e-9);
    assertEquals(2.0, types.get(1).calls(), 1e-9);
    assertEquals("ApplyAdam", types.get(2).key());
    assertEquals("?", types.get(3).key());

    List<OpProfile.Row> phases = p.byPhase();
    assertEquals("G step backward", phases.get(0).key());
    assertEquals("G step forward", phases.get(1).key());
    assertEquals(300.0, phases.get(1).micros(), 1e-9);
    assertEquals("G step optimiser", phases.get(2).key());
    assertEquals("D step forward", phases.get(3).key());

    assertEquals(1, p.topNodes(1).size());
    assertTrue(p.topNodes(1).get(0).key().startsWith("adam_g/gradients/"));
    List<OpProfile.Row> wall = p.wallByRun();
    assertEquals("G step", wall.get(0).key());
    assertEquals(1000.0, wall.get(0).micros(), 1e-9);
    assertEquals(200.0, wall.get(1).micros(), 1e-9);
  }

  @Test
  void placesNodesInTheirNetworkBlock() {
    assertEquals(
        "generator res",
        OpProfile.block(
            node("g_rs_2/res_7/conv_1/BiasAdd", "x = _MklNativeConv2DWithBias(a)", 0, 1)));
    // Gradient ops are named by type only: their inputs place them.
    assertEquals(
        "generator up_2",
        OpProfile.block(
            node(
                "adam_g/gradients/Conv2DBackpropInput_52",
                "y = _MklNativeConv2DBackpropInput(adam_g/gradients/Shape_9, g_sr/up_2/kernel/read,"
                    + " adam_g/gradients/AddN_3)",
                0,
                1)));
    assertEquals(
        "discriminator conv_4",
        OpProfile.block(node("discriminator_objective/d_r_1/conv_4/BiasAdd", "z = Op(a)", 0, 1)));
    assertEquals(
        "optimiser",
        OpProfile.block(node("adam_d/ApplyAdam_3", "w = ApplyAdam(d_s/out/kernel)", 0, 1)));
    assertEquals("other", OpProfile.block(node("adam_g/gradients/AddN_7", "v = AddN(u, t)", 0, 1)));
    assertEquals(
        "other",
        OpProfile.block(
            node(
                "adam_g/gradients/MirrorPadGrad_3",
                "p = MirrorPadGrad(q, d_s/conv_1/Const)",
                0,
                1)));
  }

  @Test
  void formatsSharesOfTheTotal() {
    List<String> lines =
        OpProfile.format(List.of(new OpProfile.Row("Conv2D", 3, 2500)), 10_000, OpProfile.Row::key);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).matches("\\s+Conv2D\\s+3\\.0\\s+2\\.5\\s+25\\.0%"), lines.get(0));
  }

  @Test
  void categoriesAndSessionOverhead() {
    assertEquals(
        "convolution (forward and backward)",
        OpProfile.category("_MklNativeConv2DBackpropFilterWithBias"));
    assertEquals("ApplyAdam", OpProfile.category("ApplyAdam"));
    assertEquals(
        "instance norm (fused batch norm, its gradient)",
        OpProfile.category("_MklFusedBatchNormGradV3"));
    assertEquals("MirrorPad and its gradient", OpProfile.category("MirrorPadGrad"));
    assertEquals(
        "element-wise (add, mul, relu, tanh, their gradients)", OpProfile.category("ReluGrad"));
    assertEquals(
        "data movement (concat, split, slice, pad, reshape, layout)",
        OpProfile.category("_MklInputConversion"));
    assertEquals("other", OpProfile.category("Frobnicate"));
    assertEquals(
        30,
        OpProfile.unionMicros(
            new java.util.ArrayList<>(
                List.of(new long[] {0, 10}, new long[] {5, 20}, new long[] {40, 50}))));
    OpProfile p = new OpProfile();
    p.add(
        "G step",
        metadata(node("a", "a = Conv2D(x)", 0, 10), node("b", "b = Relu(a)", 12, 20)),
        100);
    p.addHost("image pool", 7);
    p.endIteration();
    assertEquals(2.0, p.opsPerIteration());
    assertEquals(18.0, p.busyByRun().get(0).micros(), 1e-9);
    assertEquals(2.0, p.busyByRun().get(0).calls(), 1e-9);
    assertEquals(7.0, p.host().get(0).micros(), 1e-9);
  }
}

package org.real2sim.models.deeplab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.real2sim.models.testing.TfGraph.GradCheck;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class DeepLabV3Test {

  /** A tiny network: ResNet-18 of width 4, ASPP of 8 channels, small rates. */
  private static DeepLabV3.Config tiny(int outputStride, List<Integer> rates, double dropout) {
    return new DeepLabV3.Config(18, 4, 3, 3, outputStride, 8, rates, dropout);
  }

  private static long countParameters(DeepLabV3.Config config) {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> y =
          new DeepLabV3(config, Names.EXPERT, g.vars())
              .call(g.tf(), g.placeholder(1, 512, 512, 3), false);
      assertArrayEquals(new long[] {1, 512, 512, config.numClasses()}, y.shape().asArray());
      return g.vars().parameterCount(Names.EXPERT);
    }
  }

  @Test
  void parameterCountsEqualTorchvisionWithoutTheAuxiliaryHead() {
    // torchvision documents 60,996,202 (ResNet-101) and 42,004,074 (ResNet-50) parameters for
    // deeplabv3 with 21 classes and its auxiliary FCN head; that head (3x3 conv 1024->256, BN,
    // 1x1 conv 256->21 with bias) has 2,359,296 + 512 + 5,397 = 2,365,205 of them.
    assertEquals(60_996_202L - 2_365_205L, countParameters(DeepLabV3.Config.of(101, 21, 8)));
    assertEquals(42_004_074L - 2_365_205L, countParameters(DeepLabV3.Config.of(50, 21, 16)));
  }

  @Test
  void logitsHaveTheInputSizeAtStride8And16EvenForUnknownOrOddSizes() {
    for (int os : new int[] {8, 16}) {
      try (TfGraph g = new TfGraph(2)) {
        DeepLabV3 net =
            new DeepLabV3(tiny(os, DeepLabV3.Config.defaultRates(os), 0.5), Names.EXPERT, g.vars());
        Placeholder<TFloat32> fixed = g.placeholder(2, 40, 56, 3);
        Placeholder<TFloat32> any = g.placeholder(-1, -1, -1, 3);
        Operand<TFloat32> a = net.call(g.tf(), fixed, true);
        Operand<TFloat32> b = net.call(g.tf(), any, false);
        assertArrayEquals(new long[] {2, 40, 56, 3}, a.shape().asArray());
        Feed f = new Feed(new long[] {2, 40, 56, 3}, TfGraph.randn(3, 2 * 40 * 56 * 3, 1));
        assertArrayEquals(new long[] {2, 40, 56, 3}, g.runShape(a, Map.of(fixed, f)));
        Feed odd = new Feed(new long[] {1, 37, 45, 3}, TfGraph.randn(4, 37 * 45 * 3, 1));
        assertArrayEquals(new long[] {1, 37, 45, 3}, g.runShape(b, Map.of(any, odd)));
      }
    }
  }

  @Test
  void asppUsesTheConfiguredRatesAndTheBackboneDilatesLikeTorchvision() {
    try (TfGraph g = new TfGraph(2)) {
      new DeepLabV3(tiny(8, DeepLabV3.Config.defaultRates(8), 0), Names.EXPERT, g.vars())
          .call(g.tf(), g.placeholder(1, 64, 64, 3), false);
      Map<String, Integer> expected = new TreeMap<>();
      expected.put("expert/backbone/layer_3/block_2/conv_1", 2);
      expected.put("expert/backbone/layer_4/block_1/conv_1", 2);
      expected.put("expert/backbone/layer_4/block_2/conv_1", 4);
      expected.put("expert/aspp/branch_2/conv", 12);
      expected.put("expert/aspp/branch_3/conv", 24);
      expected.put("expert/aspp/branch_4/conv", 36);
      assertEquals(expected, g.atrousRates());
      VarStore v = g.vars();
      assertArrayEquals(
          new long[] {1, 1, 32, 8}, v.get("expert/aspp/branch_1/conv/kernel").shape());
      assertArrayEquals(
          new long[] {3, 3, 32, 8}, v.get("expert/aspp/branch_4/conv/kernel").shape());
      assertArrayEquals(new long[] {1, 1, 32, 8}, v.get("expert/aspp/pool/conv/kernel").shape());
      assertNotNull(v.get("expert/aspp/pool/bn/moving_mean"));
      assertArrayEquals(new long[] {1, 1, 40, 8}, v.get("expert/aspp/project/conv/kernel").shape());
      assertArrayEquals(new long[] {3, 3, 8, 8}, v.get("expert/head/conv/kernel").shape());
      assertArrayEquals(new long[] {1, 1, 8, 3}, v.get("expert/classifier/kernel").shape());
      assertArrayEquals(new long[] {3}, v.get("expert/classifier/bias").shape());
      assertArrayEquals(new long[] {7, 7, 3, 4}, v.get("expert/backbone/stem/conv/kernel").shape());
      assertEquals(null, v.get("expert/backbone/fc/kernel"), "the backbone has no classifier");
    }
  }

  @Test
  void dropoutIsSeededRandomInTrainingAndAbsentInInference() {
    float[][] first = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (TfGraph g = new TfGraph(5)) {
        DeepLabV3 net = new DeepLabV3(tiny(16, List.of(1, 2, 3), 0.5), Names.EXPERT, g.vars());
        Placeholder<TFloat32> x = g.placeholder(2, 32, 32, 3);
        Operand<TFloat32> train = net.call(g.tf(), x, true);
        Operand<TFloat32> infer = net.call(g.tf(), x, false);
        Feed f = new Feed(new long[] {2, 32, 32, 3}, TfGraph.randn(6, 2 * 32 * 32 * 3, 1));
        float[] t1 = g.run(train, x, f);
        assertArrayEquals(t1, g.run(train, x, f), "the mask is a function of the step counter");
        // A training step runs the update ops, which advance the dropout step counter.
        try (TFloat32 xt =
            TFloat32.tensorOf(
                org.tensorflow.ndarray.Shape.of(f.shape()),
                org.tensorflow.ndarray.buffer.DataBuffers.of(f.values(), true, false))) {
          var runner = g.session().runner().feed(x, xt);
          g.vars().updates(Names.EXPERT).forEach(runner::addTarget);
          runner.run().close();
        }
        float[] t2 = g.run(train, x, f);
        assertFalse(Arrays.equals(t1, t2), "each training step draws a new mask");
        assertArrayEquals(g.run(infer, x, f), g.run(infer, x, f));
        first[run] = t1;
      }
    }
    assertArrayEquals(first[0], first[1], "the same seed gives the same masks");
  }

  @Test
  void gradientsAtStride8InInferenceFlowToTheInputAndMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(7)) {
      Placeholder<TFloat32> x = g.placeholder(1, 32, 32, 3);
      Operand<TFloat32> y =
          new DeepLabV3(tiny(8, List.of(1, 2, 3), 0.5), Names.EXPERT, g.vars())
              .call(g.tf(), x, false);
      g.randomiseBatchNorm(Names.EXPERT, 8);
      Feed f = new Feed(new long[] {1, 32, 32, 3}, TfGraph.randn(9, 32 * 32 * 3, 1));
      List<String> probe =
          List.of(
              "expert/backbone/layer_3/block_2/conv_1/kernel",
              "expert/backbone/layer_4/block_2/conv_1/kernel",
              "expert/aspp/branch_3/conv/kernel",
              "expert/aspp/branch_4/conv/kernel",
              "expert/aspp/pool/conv/kernel",
              "expert/head/conv/kernel",
              "expert/classifier/kernel",
              "expert/classifier/bias");
      assertGradients(g.checkGradients(y, x, f, probe, 10, 1e-2, 10));
    }
  }

  @Test
  void gradientsAtStride16InTrainingMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(11)) {
      Placeholder<TFloat32> x = g.placeholder(2, 64, 64, 3);
      Operand<TFloat32> y =
          new DeepLabV3(tiny(16, List.of(1, 2, 3), 0), Names.EXPERT, g.vars())
              .call(g.tf(), x, true);
      Feed f = new Feed(new long[] {2, 64, 64, 3}, TfGraph.randn(12, 2 * 64 * 64 * 3, 1));
      List<String> probe =
          List.of(
              "expert/backbone/layer_4/block_2/conv_1/kernel",
              "expert/aspp/branch_2/conv/kernel",
              "expert/aspp/branch_4/conv/kernel",
              "expert/aspp/project/bn/gamma",
              "expert/classifier/kernel");
      assertGradients(g.checkGradients(y, x, f, probe, 10, 1e-2, 13));
    }
  }

  private static void assertGradients(List<GradCheck> checks) {
    for (GradCheck c : checks) {
      c.assertMatches(3e-2);
    }
  }

  @Test
  void rejectsInvalidConfigurationNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeepLabV3.Config.of(101, 19, 32));
    assertEquals("outputStride must be 8 or 16, found 32", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(8, List.of(6, 12), 0));
    assertEquals("asppRates must be three positive rates, found [6, 12]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(8, List.of(6, 12, 18), 1.0));
    assertEquals("dropout must be in [0, 1), found 1.0", e.getMessage());
    assertTrue(DeepLabV3.Config.of(101, 19, 16).asppRates().equals(List.of(6, 12, 18)));
  }
}

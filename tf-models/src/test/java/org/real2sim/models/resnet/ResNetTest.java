package org.real2sim.models.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.real2sim.models.testing.TfGraph.GradCheck;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ResNetTest {

  private static long countParameters(int depth) {
    try (TfGraph g = new TfGraph(1)) {
      ResNet net = new ResNet(ResNet.Config.torchvision(depth, 1000), Names.EXPERT, g.vars());
      Operand<TFloat32> y = net.call(g.tf(), g.placeholder(1, 224, 224, 3), true);
      assertArrayEquals(new long[] {1, 1000}, y.shape().asArray());
      return g.vars().parameterCount(Names.EXPERT);
    }
  }

  @Test
  void parameterCountsEqualTorchvision() {
    assertEquals(11_689_512L, countParameters(18));
    assertEquals(21_797_672L, countParameters(34));
    assertEquals(25_557_032L, countParameters(50));
    assertEquals(44_549_160L, countParameters(101));
  }

  @Test
  void logitsHaveShapeBatchByClassesInTrainingAndInference() {
    try (TfGraph g = new TfGraph(2)) {
      ResNet net = new ResNet(new ResNet.Config(18, 4, 7, 3), Names.EXPERT, g.vars());
      Placeholder<TFloat32> x = g.placeholder(-1, 32, 32, 3);
      Operand<TFloat32> train = net.call(g.tf(), x, true);
      int count = g.vars().all().size();
      Operand<TFloat32> infer = net.call(g.tf(), x, false);
      assertEquals(count, g.vars().all().size(), "the second call shares the variables");
      Feed f = new Feed(new long[] {3, 32, 32, 3}, TfGraph.randn(3, 3 * 32 * 32 * 3, 1));
      assertArrayEquals(new long[] {3, 7}, g.runShape(train, Map.of(x, f)));
      assertArrayEquals(new long[] {3, 7}, g.runShape(infer, Map.of(x, f)));
      // 20 batch norms (stem, 2 per block, 3 shortcuts), two moving averages each.
      assertEquals(40, g.vars().updates(Names.EXPERT).size());
    }
  }

  @Test
  void variablesFollowTorchvisionStructureUnderProjectNames() {
    try (TfGraph g = new TfGraph(2)) {
      new ResNet(new ResNet.Config(50, 2, 5, 3), Names.F_R, g.vars())
          .call(g.tf(), g.placeholder(1, 32, 32, 3), false);
      VarStore v = g.vars();
      assertArrayEquals(new long[] {7, 7, 3, 2}, v.get("f_r/stem/conv/kernel").shape());
      assertArrayEquals(new long[] {2}, v.get("f_r/stem/bn/moving_variance").shape());
      assertArrayEquals(
          new long[] {1, 1, 2, 2}, v.get("f_r/layer_1/block_1/conv_1/kernel").shape());
      assertArrayEquals(
          new long[] {3, 3, 2, 2}, v.get("f_r/layer_1/block_1/conv_2/kernel").shape());
      assertArrayEquals(
          new long[] {1, 1, 2, 8}, v.get("f_r/layer_1/block_1/conv_3/kernel").shape());
      assertArrayEquals(
          new long[] {1, 1, 2, 8}, v.get("f_r/layer_1/block_1/shortcut/conv/kernel").shape());
      assertNull(v.get("f_r/layer_1/block_2/shortcut/conv/kernel"));
      assertArrayEquals(
          new long[] {1, 1, 32, 64}, v.get("f_r/layer_4/block_1/shortcut/conv/kernel").shape());
      assertNotNull(v.get("f_r/layer_4/block_3/bn_3/gamma"));
      assertArrayEquals(new long[] {64, 5}, v.get("f_r/fc/kernel").shape());
      assertNull(v.get("f_r/stem/conv/bias"), "convolutions have no bias");
      assertTrue(!v.get("f_r/layer_2/block_1/bn_1/moving_mean").trainable());
    }
  }

  @Test
  void initialisationFollowsTorchvision() {
    try (TfGraph g = new TfGraph(4)) {
      new ResNet(new ResNet.Config(18, 16, 10, 3), Names.EXPERT, g.vars())
          .call(g.tf(), g.placeholder(1, 32, 32, 3), false);
      Map<String, Weights> w = g.vars().readUnder(g.session(), Names.EXPERT);
      // He normal, fan-out = 3·3·32: std sqrt(2/288).
      assertEquals(Math.sqrt(2.0 / 288), rms(w.get("expert/layer_2/block_2/conv_1/kernel")), 0.006);
      // FC weight and bias: U(±1/sqrt(128)), whose rms is bound/sqrt(3).
      double bound = 1 / Math.sqrt(128);
      assertEquals(bound / Math.sqrt(3), rms(w.get("expert/fc/kernel")), 0.004);
      for (float b : w.get("expert/fc/bias").values()) {
        assertTrue(Math.abs(b) <= bound && b != 0, "bias " + b);
      }
      for (float gamma : w.get("expert/stem/bn/gamma").values()) {
        assertEquals(1f, gamma);
      }
    }
  }

  private static double rms(Weights w) {
    double s = 0;
    for (float v : w.values()) {
      s += v * v;
    }
    return Math.sqrt(s / w.size());
  }

  @Test
  void backboneOutputStridesKeepTheSameVariablesAndDilateLikeTorchvision() {
    Map<Integer, long[]> shapes =
        Map.of(
            32,
            new long[] {2, 2, 2, 32},
            16,
            new long[] {2, 4, 4, 32},
            8,
            new long[] {2, 8, 8, 32});
    List<String> names = null;
    for (int os : new int[] {32, 16, 8}) {
      try (TfGraph g = new TfGraph(5)) {
        ResNetBackbone backbone = new ResNetBackbone(18, 4, 3);
        Placeholder<TFloat32> x = g.placeholder(2, 64, 64, 3);
        Operand<TFloat32> y = backbone.call(Block.root(g.tf(), g.vars(), "bb"), x, false, os);
        assertArrayEquals(shapes.get(os), y.shape().asArray(), "output stride " + os);
        Feed f = new Feed(new long[] {2, 64, 64, 3}, TfGraph.randn(6, 2 * 64 * 64 * 3, 1));
        assertArrayEquals(shapes.get(os), g.runShape(y, Map.of(x, f)));
        List<String> these = new ArrayList<>();
        g.vars().all().forEach(v -> these.add(v.name() + java.util.Arrays.toString(v.shape())));
        if (names != null) {
          assertEquals(names, these, "variables must not depend on the output stride");
        }
        names = these;
        Map<String, Integer> rates = g.atrousRates();
        Map<String, Integer> expected =
            switch (os) {
              case 32 -> Map.of();
              case 16 -> Map.of("bb/layer_4/block_2/conv_1", 2);
              default ->
                  Map.of(
                      "bb/layer_3/block_2/conv_1", 2,
                      "bb/layer_4/block_1/conv_1", 2,
                      "bb/layer_4/block_2/conv_1", 4);
            };
        assertEquals(new TreeMap<>(expected), rates, "output stride " + os);
      }
    }
  }

  @Test
  void bottleneckBackboneDilatesTheMiddleConvolution() {
    try (TfGraph g = new TfGraph(5)) {
      Operand<TFloat32> y =
          new ResNetBackbone(50, 2, 3)
              .call(Block.root(g.tf(), g.vars(), "bb"), g.placeholder(1, 32, 32, 3), true, 16);
      assertArrayEquals(new long[] {1, 2, 2, 64}, y.shape().asArray());
      assertEquals(
          Map.of("bb/layer_4/block_2/conv_2", 2, "bb/layer_4/block_3/conv_2", 2), g.atrousRates());
    }
  }

  @Test
  void gradientsInInferenceModeFlowToTheInputAndMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(7)) {
      // 64 px: layer_4 works on 2x2 maps, so every tap of its 3x3 kernels matters.
      Placeholder<TFloat32> x = g.placeholder(1, 64, 64, 3);
      Operand<TFloat32> y =
          new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, g.vars()).call(g.tf(), x, false);
      g.randomiseBatchNorm(Names.EXPERT, 8);
      Feed f = new Feed(new long[] {1, 64, 64, 3}, TfGraph.randn(9, 64 * 64 * 3, 1));
      List<String> probe =
          List.of(
              "expert/stem/conv/kernel",
              "expert/layer_2/block_1/shortcut/conv/kernel",
              "expert/layer_3/block_2/bn_1/gamma",
              "expert/layer_4/block_2/conv_2/kernel",
              "expert/fc/kernel",
              "expert/fc/bias");
      assertGradients(g.checkGradients(y, x, f, probe, 10, 1e-2, 10));
    }
  }

  @Test
  void gradientsInTrainingModeMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(11)) {
      Placeholder<TFloat32> x = g.placeholder(4, 32, 32, 3);
      Operand<TFloat32> y =
          new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, g.vars()).call(g.tf(), x, true);
      Feed f = new Feed(new long[] {4, 32, 32, 3}, TfGraph.randn(12, 4 * 32 * 32 * 3, 1));
      List<String> probe =
          List.of(
              "expert/stem/bn/beta",
              "expert/layer_1/block_1/conv_1/kernel",
              "expert/layer_3/block_1/bn_2/gamma",
              "expert/fc/kernel");
      assertGradients(g.checkGradients(y, x, f, probe, 10, 1e-2, 13));
    }
  }

  static void assertGradients(List<GradCheck> checks) {
    for (GradCheck c : checks) {
      c.assertMatches(3e-2);
    }
  }

  @Test
  void cifarStemKeepsTheVariableNamesAndCountsLikeTheSmallInputResNet18() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Stem stem : Stem.values()) {
      try (TfGraph g = new TfGraph(1)) {
        ResNet net = new ResNet(new ResNet.Config(18, 64, 10, 3, stem), Names.EXPERT, g.vars());
        Operand<TFloat32> y = net.call(g.tf(), g.placeholder(1, 32, 32, 3), true);
        assertArrayEquals(new long[] {1, 10}, y.shape().asArray());
        // The CIFAR ResNet-18 (3x3 stride 1 stem, no pool) has 11,173,962 parameters; the
        // torchvision stem adds 7*7*3*64 - 3*3*3*64 = 7,680.
        assertEquals(
            stem == Stem.CIFAR ? 11_173_962L : 11_181_642L,
            g.vars().parameterCount(Names.EXPERT),
            stem.name());
        java.util.Set<String> these = new java.util.TreeSet<>();
        g.vars().all().forEach(v -> these.add(v.name()));
        if (names.isEmpty()) {
          names.addAll(these);
        } else {
          assertEquals(names, these, "both stems use the same variable names");
        }
      }
    }
  }

  @Test
  void cifarStemLeavesFourByFourAtThirtyTwoPixelsWhereTheImagenetStemLeavesOne() {
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> x = g.placeholder(1, 32, 32, 3);
      Operand<TFloat32> cifar =
          new ResNetBackbone(18, 4, 3, Stem.CIFAR)
              .call(Block.root(g.tf(), g.vars(), "a"), x, false, 32);
      Operand<TFloat32> imagenet =
          new ResNetBackbone(18, 4, 3).call(Block.root(g.tf(), g.vars(), "b"), x, false, 32);
      Feed f = new Feed(new long[] {1, 32, 32, 3}, TfGraph.randn(2, 32 * 32 * 3, 1));
      assertArrayEquals(new long[] {1, 4, 4, 32}, g.runShape(cifar, Map.of(x, f)));
      assertArrayEquals(new long[] {1, 1, 1, 32}, g.runShape(imagenet, Map.of(x, f)));
    }
  }

  @Test
  void cifarStemGradientsMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(7)) {
      // Inference mode with randomised statistics, as the torchvision-stem check above.
      Placeholder<TFloat32> x = g.placeholder(1, 16, 16, 3);
      Operand<TFloat32> y =
          new ResNet(new ResNet.Config(18, 4, 5, 3, Stem.CIFAR), Names.EXPERT, g.vars())
              .call(g.tf(), x, false);
      g.randomiseBatchNorm(Names.EXPERT, 8);
      Feed f = new Feed(new long[] {1, 16, 16, 3}, TfGraph.randn(9, 16 * 16 * 3, 1));
      List<String> probe =
          List.of(
              "expert/stem/conv/kernel",
              "expert/layer_1/block_1/conv_1/kernel",
              "expert/layer_2/block_1/shortcut/conv/kernel",
              "expert/fc/kernel");
      assertGradients(g.checkGradients(y, x, f, probe, 10, 1e-2, 10));
    }
  }

  @Test
  void rejectsUnsupportedDepthAndOutputStride() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ResNet.Config(20, 64, 10, 3));
    assertEquals("depth must be one of [18, 34, 50, 101], found 20", e.getMessage());
    try (TfGraph g = new TfGraph(1)) {
      ResNetBackbone bb = new ResNetBackbone(18, 4, 3);
      e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  bb.call(
                      Block.root(g.tf(), g.vars(), "bb"), g.placeholder(1, 32, 32, 3), true, 4));
      assertEquals("outputStride must be one of [8, 16, 32], found 4", e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  bb.call(
                      Block.root(g.tf(), g.vars(), "bb"), g.placeholder(1, 32, 32, 1), true, 8));
      assertTrue(e.getMessage().contains("[N, H, W, 3]"), e.getMessage());
    }
  }
}

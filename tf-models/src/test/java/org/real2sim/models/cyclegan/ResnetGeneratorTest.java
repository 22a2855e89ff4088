package org.real2sim.models.cyclegan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.nn.Reference;
import org.real2sim.models.nn.Reference.Nhwc;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.real2sim.models.testing.TfGraph.GradCheck;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ResnetGeneratorTest {

  private static long countParameters(ResnetGenerator.Config config) {
    try (Graph graph = new Graph()) {
      VarStore vars = new VarStore(graph, 1);
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(1, 256, 256, 3)));
      Operand<TFloat32> y = new ResnetGenerator(config, Names.G_RS, vars).call(tf, x);
      assertArrayEquals(new long[] {1, 256, 256, 3}, y.shape().asArray());
      return vars.parameterCount(Names.G_RS);
    }
  }

  @Test
  void parameterCountsEqualTheReferenceImplementation() {
    assertEquals(11_378_179L, countParameters(ResnetGenerator.Config.resnet9Blocks()));
    assertEquals(1_965_059L, countParameters(ResnetGenerator.Config.resnet6BlocksSmall()));
  }

  @Test
  void keepsThe256And64PixelSizesAndStaysInTanhRange() {
    ResnetGenerator.Config tiny = new ResnetGenerator.Config(4, 2, 3, 3);
    for (int size : new int[] {256, 64}) {
      try (TfGraph g = new TfGraph(3)) {
        Placeholder<TFloat32> x = g.placeholder(1, size, size, 3);
        Operand<TFloat32> y = new ResnetGenerator(tiny, Names.G_RS, g.vars()).call(g.tf(), x);
        long[] shape = {1, size, size, 3};
        float[] in = TfGraph.randn(4, size * size * 3, 0.5);
        float[] out = g.run(y, x, new Feed(shape, in));
        assertArrayEquals(shape, g.runShape(y, Map.of(x, new Feed(shape, in))));
        double maxAbs = 0;
        for (float v : out) {
          maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs <= 1 && maxAbs > 0, "outputs must lie in [-1, 1], max |y| " + maxAbs);
      }
    }
  }

  @Test
  void variablesAreNamedByBlockAndSharedWhenCalledTwice() {
    try (TfGraph g = new TfGraph(3)) {
      ResnetGenerator gen =
          new ResnetGenerator(new ResnetGenerator.Config(4, 3, 3, 2), Names.G_SR, g.vars());
      Placeholder<TFloat32> a = g.placeholder(1, 16, 16, 3);
      Placeholder<TFloat32> b = g.placeholder(1, 16, 16, 3);
      Operand<TFloat32> ya = gen.call(g.tf(), a);
      List<String> names = new ArrayList<>();
      g.vars().all().forEach(v -> names.add(v.name()));
      Operand<TFloat32> yb = gen.call(g.tf(), b);
      assertEquals(names.size(), g.vars().all().size(), "second call must create no variable");
      List<String> expected = new ArrayList<>();
      for (String block : List.of("in", "down_1", "down_2")) {
        expected.add("g_sr/" + block + "/kernel");
        expected.add("g_sr/" + block + "/bias");
      }
      for (int i = 1; i <= 3; i++) {
        for (int c = 1; c <= 2; c++) {
          expected.add("g_sr/res_" + i + "/conv_" + c + "/kernel");
          expected.add("g_sr/res_" + i + "/conv_" + c + "/bias");
        }
      }
      for (String block : List.of("up_1", "up_2", "out")) {
        expected.add("g_sr/" + block + "/kernel");
        expected.add("g_sr/" + block + "/bias");
      }
      assertEquals(expected, names);
      assertArrayEquals(new long[] {7, 7, 3, 4}, g.vars().get("g_sr/in/kernel").shape());
      assertArrayEquals(new long[] {3, 3, 8, 16}, g.vars().get("g_sr/up_1/kernel").shape());
      assertArrayEquals(new long[] {7, 7, 4, 2}, g.vars().get("g_sr/out/kernel").shape());
      Feed f = new Feed(new long[] {1, 16, 16, 3}, TfGraph.randn(5, 768, 1));
      assertArrayEquals(g.run(ya, a, f), g.run(yb, b, f));
    }
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsAndDifferentSeedDifferentOnes() {
    ResnetGenerator.Config tiny = new ResnetGenerator.Config(4, 1, 3, 3);
    Map<String, Weights> a = weights(tiny, 11);
    Map<String, Weights> b = weights(tiny, 11);
    Map<String, Weights> c = weights(tiny, 12);
    assertEquals(a, b);
    assertNotEquals(a.get("g_rs/res_1/conv_1/kernel"), c.get("g_rs/res_1/conv_1/kernel"));
    float[] k = a.get("g_rs/down_2/kernel").values();
    double sum2 = 0;
    for (float v : k) {
      sum2 += v * v;
    }
    double std = Math.sqrt(sum2 / k.length);
    assertEquals(0.02, std, 0.002, "kernels are drawn from N(0, 0.02)");
    for (float v : a.get("g_rs/out/bias").values()) {
      assertEquals(0f, v);
    }
  }

  private static Map<String, Weights> weights(ResnetGenerator.Config config, long seed) {
    try (TfGraph g = new TfGraph(seed)) {
      new ResnetGenerator(config, Names.G_RS, g.vars()).call(g.tf(), g.placeholder(1, 16, 16, 3));
      return g.vars().readUnder(g.session(), Names.G_RS);
    }
  }

  @Test
  void forwardEqualsAPlainJavaCompositionOfTheReferenceLayers() {
    ResnetGenerator.Config tiny = new ResnetGenerator.Config(3, 1, 3, 2);
    Nhwc x = new Nhwc(1, 12, 8, 3, TfGraph.randn(6, 12 * 8 * 3, 0.7));
    try (TfGraph g = new TfGraph(7)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Operand<TFloat32> y = new ResnetGenerator(tiny, Names.G_RS, g.vars()).call(g.tf(), in);
      Map<String, Weights> w = randomise(g, Names.G_RS, 8);
      Nhwc h = convBlock(Reference.reflectPad(x, 3), w, "g_rs/in", 7, 1, 0, true);
      h = convBlock(h, w, "g_rs/down_1", 3, 2, 1, true);
      h = convBlock(h, w, "g_rs/down_2", 3, 2, 1, true);
      Nhwc r = convBlock(Reference.reflectPad(h, 1), w, "g_rs/res_1/conv_1", 3, 1, 0, true);
      r = convBlock(Reference.reflectPad(r, 1), w, "g_rs/res_1/conv_2", 3, 1, 0, false);
      h = Reference.add(h, r);
      h = upBlock(h, w, "g_rs/up_1");
      h = upBlock(h, w, "g_rs/up_2");
      Weights k = w.get("g_rs/out/kernel");
      h = Reference.conv(Reference.reflectPad(h, 3), k.values(), 7, 2, 1, 0, 1);
      h = Reference.map(Reference.addBias(h, w.get("g_rs/out/bias").values()), Math::tanh);
      float[] out = g.run(y, in, new Feed(x.shape(), x.v()));
      assertArrayEquals(h.shape(), y.shape().asArray());
      assertTrue(TfGraph.maxAbsDiff(h.v(), out) < 1e-4);
    }
  }

  /** Draws every variable under {@code prefix} from N(0, 0.3) (biases included) and assigns it. */
  static Map<String, Weights> randomise(TfGraph g, String prefix, long seed) {
    Map<String, Weights> w = g.vars().readUnder(g.session(), prefix);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    Map<String, Weights> out = new java.util.LinkedHashMap<>();
    w.forEach((k, v) -> out.put(k, new Weights(v.shape(), TfGraph.randn(rng, v.size(), 0.3))));
    g.vars().assign(g.session(), out);
    return out;
  }

  private static Nhwc convBlock(
      Nhwc x, Map<String, Weights> w, String block, int k, int s, int p, boolean relu) {
    Weights kernel = w.get(block + "/kernel");
    int out = (int) kernel.shape()[3];
    Nhwc h = Reference.conv(x, kernel.values(), k, out, s, p, 1);
    h = Reference.instanceNorm(Reference.addBias(h, w.get(block + "/bias").values()));
    return relu ? Reference.map(h, v -> Math.max(v, 0)) : h;
  }

  private static Nhwc upBlock(Nhwc x, Map<String, Weights> w, String block) {
    Weights kernel = w.get(block + "/kernel");
    int out = (int) kernel.shape()[2];
    Nhwc h = Reference.convTranspose(x, kernel.values(), 3, out, 2, 1, 1);
    h = Reference.instanceNorm(Reference.addBias(h, w.get(block + "/bias").values()));
    return Reference.map(h, v -> Math.max(v, 0));
  }

  @Test
  void batchOfTwoWithUnknownBatchSizeEqualsTwoSingleImageRuns() {
    ResnetGenerator.Config tiny = new ResnetGenerator.Config(4, 1, 3, 3);
    float[] two = TfGraph.randn(9, 2 * 16 * 16 * 3, 0.5);
    try (TfGraph g = new TfGraph(10)) {
      ResnetGenerator gen = new ResnetGenerator(tiny, Names.G_RS, g.vars());
      Placeholder<TFloat32> one = g.placeholder(1, 16, 16, 3);
      Placeholder<TFloat32> any = g.placeholder(-1, 16, 16, 3);
      Operand<TFloat32> y1 = gen.call(g.tf(), one);
      Operand<TFloat32> y2 = gen.call(g.tf(), any);
      float[] batch = g.run(y2, any, new Feed(new long[] {2, 16, 16, 3}, two));
      int n = 16 * 16 * 3;
      for (int i = 0; i < 2; i++) {
        float[] single =
            g.run(
                y1,
                one,
                new Feed(
                    new long[] {1, 16, 16, 3},
                    java.util.Arrays.copyOfRange(two, i * n, i * n + n)));
        float[] part = java.util.Arrays.copyOfRange(batch, i * n, i * n + n);
        assertTrue(TfGraph.maxAbsDiff(single, part) < 1e-5, "sample " + i);
      }
    }
  }

  @Test
  void gradientsWithRespectToInputAndWeightsMatchFiniteDifferences() {
    ResnetGenerator.Config tiny = new ResnetGenerator.Config(4, 1, 3, 3);
    try (TfGraph g = new TfGraph(13)) {
      Placeholder<TFloat32> x = g.placeholder(1, 16, 16, 3);
      Operand<TFloat32> y = new ResnetGenerator(tiny, Names.G_RS, g.vars()).call(g.tf(), x);
      Feed f = new Feed(new long[] {1, 16, 16, 3}, TfGraph.randn(14, 768, 0.5));
      // Biases followed by instance norm have an exactly zero gradient; only out/bias is probed.
      List<String> probe =
          List.of(
              "g_rs/in/kernel",
              "g_rs/down_1/kernel",
              "g_rs/down_2/kernel",
              "g_rs/res_1/conv_2/kernel",
              "g_rs/up_1/kernel",
              "g_rs/res_1/conv_1/kernel",
              "g_rs/up_2/kernel",
              "g_rs/out/kernel",
              "g_rs/out/bias");
      for (GradCheck c : g.checkGradients(y, x, f, probe, 8, 1e-2, 15)) {
        c.assertMatches(3e-2);
      }
    }
  }

  @Test
  void rejectsNonPositiveConfigurationNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ResnetGenerator.Config(0, 9, 3, 3));
    assertEquals("ngf must be positive, found 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new ResnetGenerator.Config(64, -1, 3, 3));
    assertEquals("nBlocks must be >= 0, found -1", e.getMessage());
  }
}

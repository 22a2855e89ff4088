package org.real2sim.models.cyclegan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.nn.Reference;
import org.real2sim.models.nn.Reference.Nhwc;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.real2sim.models.testing.TfGraph.GradCheck;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class PatchDiscriminatorTest {

  private static long countParameters(int ndf) {
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> x = g.placeholder(1, 256, 256, 3);
      Operand<TFloat32> y =
          new PatchDiscriminator(new PatchDiscriminator.Config(ndf, 3, 3), Names.D_S, g.vars())
              .call(g.tf(), x);
      assertArrayEquals(new long[] {1, 30, 30, 1}, y.shape().asArray());
      return g.vars().parameterCount(Names.D_S);
    }
  }

  @Test
  void parameterCountsEqualTheReferenceAnd256PixelsGiveA30By30Map() {
    assertEquals(2_764_737L, countParameters(64));
    assertEquals(694_241L, countParameters(32));
  }

  @Test
  void runs256PixelsToA30By30PatchMap() {
    try (TfGraph g = new TfGraph(2)) {
      Placeholder<TFloat32> x = g.placeholder(-1, -1, -1, 3);
      Operand<TFloat32> y =
          new PatchDiscriminator(new PatchDiscriminator.Config(4, 3, 3), Names.D_R, g.vars())
              .call(g.tf(), x);
      long[] shape = {2, 256, 256, 3};
      Feed f = new Feed(shape, TfGraph.randn(3, 2 * 256 * 256 * 3, 0.5));
      assertArrayEquals(new long[] {2, 30, 30, 1}, g.runShape(y, Map.of(x, f)));
    }
  }

  @Test
  void forwardEqualsAPlainJavaCompositionOfTheReferenceLayers() {
    Nhwc x = new Nhwc(1, 32, 24, 3, TfGraph.randn(4, 32 * 24 * 3, 0.7));
    try (TfGraph g = new TfGraph(5)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Operand<TFloat32> y =
          new PatchDiscriminator(new PatchDiscriminator.Config(2, 2, 3), Names.D_S, g.vars())
              .call(g.tf(), in);
      Map<String, Weights> w = ResnetGeneratorTest.randomise(g, Names.D_S, 6);
      assertEquals(
          List.of(
              "d_s/conv_1/kernel",
              "d_s/conv_1/bias",
              "d_s/conv_2/kernel",
              "d_s/conv_2/bias",
              "d_s/conv_3/kernel",
              "d_s/conv_3/bias",
              "d_s/out/kernel",
              "d_s/out/bias"),
          List.copyOf(w.keySet()));
      Nhwc h = x;
      int[] strides = {2, 2, 1};
      for (int k = 1; k <= 3; k++) {
        Weights kernel = w.get("d_s/conv_" + k + "/kernel");
        h = Reference.conv(h, kernel.values(), 4, (int) kernel.shape()[3], strides[k - 1], 1, 1);
        h = Reference.addBias(h, w.get("d_s/conv_" + k + "/bias").values());
        if (k > 1) {
          h = Reference.instanceNorm(h);
        }
        h = Reference.map(h, v -> v >= 0 ? v : 0.2 * v);
      }
      assertArrayEquals(new long[] {4, 4, 4, 8}, w.get("d_s/conv_3/kernel").shape());
      h = Reference.conv(h, w.get("d_s/out/kernel").values(), 4, 1, 1, 1, 1);
      h = Reference.addBias(h, w.get("d_s/out/bias").values());
      assertArrayEquals(new long[] {1, 6, 4, 1}, h.shape());
      assertArrayEquals(h.shape(), y.shape().asArray());
      assertTrue(TfGraph.maxAbsDiff(h.v(), g.run(y, in, new Feed(x.shape(), x.v()))) < 1e-4);
    }
  }

  @Test
  void gradientsWithRespectToInputAndWeightsMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(7)) {
      Placeholder<TFloat32> x = g.placeholder(1, 32, 32, 3);
      Operand<TFloat32> y =
          new PatchDiscriminator(new PatchDiscriminator.Config(4, 3, 3), Names.D_S, g.vars())
              .call(g.tf(), x);
      Feed f = new Feed(new long[] {1, 32, 32, 3}, TfGraph.randn(8, 32 * 32 * 3, 0.5));
      // conv_1/bias is left out: a zero tensor gets the absolute step relStep, which moves every
      // unit
      // of its channel by far more than the spread of their pre-activations (~0.07).
      List<String> probe =
          List.of(
              "d_s/conv_1/kernel",
              "d_s/conv_2/kernel",
              "d_s/conv_3/kernel",
              "d_s/out/kernel",
              "d_s/out/bias");
      for (GradCheck c : g.checkGradients(y, x, f, probe, 8, 1e-2, 9)) {
        c.assertMatches(3e-2);
      }
    }
  }

  @Test
  void rejectsNonPositiveConfigurationNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new PatchDiscriminator.Config(64, 0, 3));
    assertEquals("nLayers must be positive, found 0", e.getMessage());
  }
}

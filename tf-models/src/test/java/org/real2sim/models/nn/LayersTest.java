package org.real2sim.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.real2sim.models.nn.Reference.Nhwc;
import org.real2sim.models.spec.Layer.ConvTranspose;
import org.real2sim.models.spec.TfBuilder;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.real2sim.models.testing.TfGraph.GradCheck;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

class LayersTest {

  private static final Init SMALL = new Init.Normal(0, 0.3);

  private static Nhwc random(long seed, int n, int h, int w, int c) {
    return new Nhwc(n, h, w, c, TfGraph.randn(seed, n * h * w * c, 1.0));
  }

  private static Feed feed(Nhwc x) {
    return new Feed(x.shape(), x.v());
  }

  private static void assertClose(Nhwc expected, long[] shape, float[] actual, double tol) {
    assertArrayEquals(expected.shape(), shape, "shape");
    double d = TfGraph.maxAbsDiff(expected.v(), actual);
    assertTrue(d <= tol, "max abs difference " + d + " > " + tol);
  }

  private static void assertGradients(List<GradCheck> checks, double tol) {
    for (GradCheck c : checks) {
      c.assertMatches(tol);
    }
  }

  private static Operand<TFloat32> constant(Ops tf, long[] shape, float[] v) {
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  // ------------------------------------------------------------------ forward against references

  @Test
  void conv2dStride2Padding1MatchesNaivePyTorchConvolution() {
    Nhwc x = random(1, 2, 9, 8, 3);
    try (TfGraph g = new TfGraph(5)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Block b = Block.root(g.tf(), g.vars(), "net").child("conv");
      Operand<TFloat32> y = Layers.conv2d(b, in, 4, 3, 2, 1, true, SMALL);
      float[] bias = {0.5f, -1f, 2f, 0f};
      g.vars().assign(g.session(), Map.of("net/conv/bias", new Weights(new long[] {4}, bias)));
      float[] k = g.vars().readUnder(g.session(), "net/conv").get("net/conv/kernel").values();
      Nhwc expected = Reference.conv(x, k, 3, 4, 2, 1, 1);
      for (int i = 0; i < expected.v().length; i++) {
        expected.v()[i] += bias[i % 4];
      }
      assertClose(expected, y.shape().asArray(), g.run(y, in, feed(x)), 1e-5);
      assertArrayEquals(new long[] {2, 5, 4, 4}, y.shape().asArray());
    }
  }

  @Test
  void atrousConvMatchesNaiveDilatedConvolutionForSizesNotDivisibleByTheRate() {
    Nhwc x = random(2, 2, 11, 7, 3);
    int[][] cases = {{2, 2}, {3, 3}, {2, 0}, {3, 1}, {4, 4}};
    for (int[] rp : cases) {
      int rate = rp[0];
      int pad = rp[1];
      try (TfGraph g = new TfGraph(6)) {
        float[] k = TfGraph.randn(7, 3 * 3 * 3 * 5, 0.5);
        Operand<TFloat32> w = constant(g.tf(), new long[] {3, 3, 3, 5}, k);
        Placeholder<TFloat32> in = g.placeholder(x.shape());
        Placeholder<TFloat32> dyn = g.placeholder(-1, -1, -1, 3);
        Operand<TFloat32> y = Convolutions.atrousConv(g.tf(), in, w, rate, pad);
        Operand<TFloat32> yDyn = Convolutions.atrousConv(g.tf(), dyn, w, rate, pad);
        Nhwc expected = Reference.conv(x, k, 3, 5, 1, pad, rate);
        String what = "rate " + rate + " padding " + pad;
        assertClose(expected, y.shape().asArray(), g.run(y, in, feed(x)), 1e-5);
        Map<Operand<TFloat32>, Feed> f = Map.of(dyn, feed(x));
        assertArrayEquals(expected.shape(), g.runShape(yDyn, f), what);
        assertTrue(TfGraph.maxAbsDiff(expected.v(), g.run(yDyn, f)) < 1e-5, what);
      }
    }
  }

  @Test
  void transposedConvStride2GivesExactlyTwiceTheInputAsPyTorchOutputPadding1() {
    Nhwc x = random(3, 2, 5, 4, 3);
    try (TfGraph g = new TfGraph(8)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Placeholder<TFloat32> dyn = g.placeholder(-1, -1, -1, 3);
      Block b = Block.root(g.tf(), g.vars(), "net").child("up");
      Operand<TFloat32> y = TfBuilder.layer(b, SMALL, ConvTranspose.doubling(2, 3), in);
      Operand<TFloat32> yDyn = TfBuilder.layer(b, SMALL, ConvTranspose.doubling(2, 3), dyn);
      assertArrayEquals(new long[] {2, 10, 8, 2}, y.shape().asArray());
      float[] bias = {0.25f, -0.5f};
      g.vars().assign(g.session(), Map.of("net/up/bias", new Weights(new long[] {2}, bias)));
      float[] k = g.vars().readUnder(g.session(), "net/up").get("net/up/kernel").values();
      assertArrayEquals(new long[] {3, 3, 2, 3}, g.vars().get("net/up/kernel").shape());
      Nhwc expected = Reference.convTranspose(x, k, 3, 2, 2, 1, 1);
      for (int i = 0; i < expected.v().length; i++) {
        expected.v()[i] += bias[i % 2];
      }
      assertClose(expected, y.shape().asArray(), g.run(y, in, feed(x)), 1e-5);
      Map<Operand<TFloat32>, Feed> f = Map.of(dyn, feed(x));
      assertArrayEquals(expected.shape(), g.runShape(yDyn, f));
      assertTrue(TfGraph.maxAbsDiff(expected.v(), g.run(yDyn, f)) < 1e-5);
    }
  }

  @Test
  void transposedConvMatchesPyTorchForOtherPaddingsAndStrides() {
    Nhwc x = random(4, 1, 4, 3, 2);
    int[][] cases = {{2, 0, 0}, {2, 0, 1}, {3, 1, 2}, {3, 2, 0}, {1, 1, 0}};
    for (int[] c : cases) {
      try (TfGraph g = new TfGraph(9)) {
        float[] k = TfGraph.randn(10, 3 * 3 * 4 * 2, 0.5);
        Operand<TFloat32> w = constant(g.tf(), new long[] {3, 3, 4, 2}, k);
        Placeholder<TFloat32> in = g.placeholder(x.shape());
        Operand<TFloat32> y = Convolutions.convTranspose(g.tf(), in, w, c[0], c[1], c[2]);
        Nhwc expected = Reference.convTranspose(x, k, 3, 4, c[0], c[1], c[2]);
        assertClose(expected, g.runShape(y, Map.of(in, feed(x))), g.run(y, in, feed(x)), 1e-5);
      }
    }
  }

  @Test
  void maxPoolPadsWithMinusInfinityLikePyTorch() {
    // All-negative inputs: zero padding would win at the borders, -inf padding never does.
    Nhwc x = random(11, 2, 8, 7, 2);
    for (int i = 0; i < x.v().length; i++) {
      x.v()[i] = -Math.abs(x.v()[i]) - 0.1f;
    }
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Operand<TFloat32> y = Layers.maxPool(g.tf(), in, 3, 2, 1);
      Nhwc expected = Reference.maxPool(x, 3, 2, 1);
      assertArrayEquals(new long[] {2, 4, 4, 2}, expected.shape());
      assertClose(expected, y.shape().asArray(), g.run(y, in, feed(x)), 0);
    }
  }

  @Test
  void resizeBilinearUsesHalfPixelCentresLikePyTorchAlignCornersFalse() {
    Nhwc x = random(12, 1, 5, 4, 2);
    int[][] sizes = {{10, 8}, {17, 13}, {3, 2}, {5, 4}};
    for (int[] s : sizes) {
      try (TfGraph g = new TfGraph(1)) {
        Placeholder<TFloat32> in = g.placeholder(x.shape());
        Operand<TFloat32> y = Layers.resizeBilinear(g.tf(), in, s[0], s[1]);
        Nhwc expected = Reference.resizeBilinear(x, s[0], s[1]);
        assertClose(expected, g.runShape(y, Map.of(in, feed(x))), g.run(y, in, feed(x)), 1e-5);
      }
    }
  }

  @Test
  void resizeBilinearLikeTakesTheSizeOfAnUnknownShapedReference() {
    Nhwc x = random(13, 1, 3, 3, 1);
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Placeholder<TFloat32> ref = g.placeholder(-1, -1, -1, 5);
      Operand<TFloat32> y = Layers.resizeBilinearLike(g.tf(), in, ref);
      Map<Operand<TFloat32>, Feed> f =
          Map.of(in, feed(x), ref, new Feed(new long[] {1, 7, 6, 5}, new float[7 * 6 * 5]));
      assertArrayEquals(new long[] {1, 7, 6, 1}, g.runShape(y, f));
      assertTrue(TfGraph.maxAbsDiff(Reference.resizeBilinear(x, 7, 6).v(), g.run(y, f)) < 1e-5);
    }
  }

  @Test
  void reflectPadMirrorsWithoutRepeatingTheEdge() {
    try (TfGraph g = new TfGraph(1)) {
      // One row 1 2 3, padded by 2: 3 2 | 1 2 3 | 2 1.
      Placeholder<TFloat32> in = g.placeholder(1, 3, 3, 1);
      Operand<TFloat32> y = Layers.reflectPad(g.tf(), in, 2);
      float[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
      float[] out = g.run(y, in, new Feed(new long[] {1, 3, 3, 1}, v));
      assertArrayEquals(new long[] {1, 7, 7, 1}, y.shape().asArray());
      assertArrayEquals(new float[] {9, 8, 7, 8, 9, 8, 7}, java.util.Arrays.copyOfRange(out, 0, 7));
      assertArrayEquals(
          new float[] {3, 2, 1, 2, 3, 2, 1}, java.util.Arrays.copyOfRange(out, 14, 21));
    }
  }

  @Test
  void instanceNormNormalisesEachSampleAndChannelOnEveryCodePath() {
    Nhwc one = random(14, 1, 5, 6, 3);
    Nhwc two = random(15, 2, 5, 6, 3);
    for (int i = 0; i < two.v().length; i++) {
      // Channel- and sample-dependent scale and shift: a norm over the batch would be caught.
      two.v()[i] = two.v()[i] * (1 + i % 3) + (i % 3) * 2 + (i < two.v().length / 2 ? 0 : 5);
    }
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in1 = g.placeholder(one.shape());
      Placeholder<TFloat32> in2 = g.placeholder(two.shape());
      Placeholder<TFloat32> dyn = g.placeholder(-1, 5, 6, 3);
      Operand<TFloat32> fused = InstanceNorm.apply(g.tf(), in1);
      Operand<TFloat32> split = InstanceNorm.apply(g.tf(), in2);
      Operand<TFloat32> moments = InstanceNorm.apply(g.tf(), dyn);
      assertEquals("FusedBatchNormV3", fused.op().type());
      assertEquals("ConcatV2", split.op().type());
      assertEquals("Mul", moments.op().type());
      assertClose(Reference.instanceNorm(one), one.shape(), g.run(fused, in1, feed(one)), 1e-5);
      assertClose(Reference.instanceNorm(two), two.shape(), g.run(split, in2, feed(two)), 1e-5);
      assertClose(Reference.instanceNorm(one), one.shape(), g.run(moments, dyn, feed(one)), 1e-5);
      assertClose(Reference.instanceNorm(two), two.shape(), g.run(moments, dyn, feed(two)), 1e-5);
    }
  }

  @Test
  void batchNormTrainsOnBatchStatisticsUpdatesMovingStatsAndInfersWithThem() {
    // x: N=2, H=1, W=2, C=1 -> values 1, 3, 5, 11: mean 5, biased var 14, unbiased var 56/3.
    float[] v = {1, 3, 5, 11};
    Feed f = new Feed(new long[] {2, 1, 2, 1}, v);
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(2, 1, 2, 1);
      Block b = Block.root(g.tf(), g.vars(), "net").child("bn");
      Operand<TFloat32> train = BatchNorm.apply(b, in, true, 0.1f, 1e-5f);
      Operand<TFloat32> infer = BatchNorm.apply(b, in, false, 0.1f, 1e-5f);
      assertEquals(2, g.vars().updates("net").size());
      assertEquals(2, g.vars().parameterCount("net"));
      g.vars()
          .assign(
              g.session(),
              Map.of(
                  "net/bn/gamma", new Weights(new long[] {1}, new float[] {2f}),
                  "net/bn/beta", new Weights(new long[] {1}, new float[] {0.5f})));
      float[] y = g.runAll(List.of(train), Map.of(in, f), g.vars().updates("net")).get(0);
      double sd = Math.sqrt(14 + 1e-5);
      for (int i = 0; i < 4; i++) {
        assertEquals(2 * (v[i] - 5) / sd + 0.5, y[i], 1e-5, "training output " + i);
      }
      Map<String, Weights> stats = g.vars().readUnder(g.session(), "net/bn");
      // moving = 0.9·initial + 0.1·batch: mean 0 -> 0.5, variance 1 -> 0.9 + 0.1·56/3.
      assertEquals(0.5, stats.get("net/bn/moving_mean").values()[0], 1e-6);
      assertEquals(0.9 + 0.1 * 56.0 / 3, stats.get("net/bn/moving_variance").values()[0], 1e-5);
      float[] z = g.run(infer, in, f);
      double msd = Math.sqrt(0.9 + 0.1 * 56.0 / 3 + 1e-5);
      for (int i = 0; i < 4; i++) {
        assertEquals(2 * (v[i] - 0.5) / msd + 0.5, z[i], 1e-5, "inference output " + i);
      }
      // Running the training output alone does not move the statistics.
      g.run(train, in, f);
      assertEquals(
          0.5,
          g.vars().readUnder(g.session(), "net/bn").get("net/bn/moving_mean").values()[0],
          1e-6);
    }
  }

  @Test
  void denseComputesXTimesKernelPlusBias() {
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(2, 3);
      Operand<TFloat32> y =
          Layers.dense(Block.root(g.tf(), g.vars(), "net").child("fc"), in, 2, SMALL, SMALL);
      float[] k = {1, 2, 3, 4, 5, 6}; // [[1,2],[3,4],[5,6]]
      g.vars()
          .assign(
              g.session(),
              Map.of(
                  "net/fc/kernel", new Weights(new long[] {3, 2}, k),
                  "net/fc/bias", new Weights(new long[] {2}, new float[] {10, 20})));
      float[] out = g.run(y, in, new Feed(new long[] {2, 3}, new float[] {1, 0, 0, 1, 1, 1}));
      assertArrayEquals(new float[] {11, 22, 19, 32}, out);
    }
  }

  @Test
  void globalAvgPoolAveragesHeightAndWidth() {
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(1, 2, 2, 2);
      Operand<TFloat32> y = Layers.globalAvgPool(g.tf(), in, false);
      Operand<TFloat32> k = Layers.globalAvgPool(g.tf(), in, true);
      Feed f = new Feed(new long[] {1, 2, 2, 2}, new float[] {1, 10, 2, 20, 3, 30, 6, 40});
      assertArrayEquals(new float[] {3, 25}, g.run(y, in, f));
      assertArrayEquals(new long[] {1, 1, 1, 2}, k.shape().asArray());
    }
  }

  @Test
  void rejectsUnknownChannelsAndBadArgumentsNamingTheLayer() {
    try (TfGraph g = new TfGraph(1)) {
      Block b = Block.root(g.tf(), g.vars(), "net").child("conv_1");
      Placeholder<TFloat32> in = g.placeholder(1, 8, 8, -1);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> Layers.conv2d(b, in, 4, 3, 1, 1, true, SMALL));
      assertTrue(e.getMessage().contains("net/conv_1"), e.getMessage());
      Placeholder<TFloat32> ok = g.placeholder(1, 8, 8, 2);
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Layers.conv2d(b, ok, 4, 3, 2, 2, 2, true, SMALL));
      assertTrue(e.getMessage().contains("stride 2"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ConvTranspose.doubling(4, 4));
      assertTrue(e.getMessage().contains("found 4"), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ gradients

  @Test
  void convolutionGradientsMatchFiniteDifferences() {
    Nhwc x = random(20, 2, 7, 6, 2);
    try (TfGraph g = new TfGraph(21)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Block root = Block.root(g.tf(), g.vars(), "net");
      Operand<TFloat32> h = Layers.conv2d(root.child("a"), in, 3, 3, 2, 1, true, SMALL);
      Operand<TFloat32> y = Layers.conv2d(root.child("b"), h, 2, 3, 1, 2, 2, true, SMALL);
      List<GradCheck> checks =
          g.checkGradients(
              y, in, feed(x), List.of("net/a/kernel", "net/a/bias", "net/b/kernel"), 12, 1e-2, 3);
      assertGradients(checks, 2e-3);
    }
  }

  @Test
  void atrousConvGradientsMatchFiniteDifferencesAtRates2And3() {
    for (int rate : new int[] {2, 3}) {
      Nhwc x = random(22, 1, 9, 8, 2);
      try (TfGraph g = new TfGraph(23)) {
        Placeholder<TFloat32> in = g.placeholder(x.shape());
        Block b = Block.root(g.tf(), g.vars(), "net").child("atrous");
        Operand<TFloat32> y = Layers.conv2d(b, in, 3, 3, 1, rate, rate, false, SMALL);
        assertGradients(
            g.checkGradients(y, in, feed(x), List.of("net/atrous/kernel"), 16, 1e-2, rate), 2e-3);
      }
    }
  }

  /**
   * Documents the trap this class avoids and shows the check catches it: the gradient of {@code
   * Conv2D} with its {@code dilations} attribute is wrong in TensorFlow Java 1.1.0 (measured when
   * this test was written: relative error 1.04 for the input and 1.43 for the kernel, against 2e-6
   * to 6e-6 for {@link Convolutions#atrousConv} in the test above, whose tolerance is 2e-3). If
   * this test starts failing, TensorFlow fixed the gradient.
   */
  @Test
  void conv2dDilationsAttributeHasAWrongGradientThatTheCheckCatches() {
    Nhwc x = random(24, 1, 9, 8, 2);
    try (TfGraph g = new TfGraph(25)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Operand<TFloat32> w = g.vars().variable("net/kernel", new long[] {3, 3, 2, 3}, SMALL, true);
      // SAME keeps the output size, so the wrong gradient is at least shape-consistent (with VALID
      // it fails at run time, and with oneDNN on it aborts the JVM).
      Operand<TFloat32> y =
          g.tf()
              .nn
              .conv2d(in, w, List.of(1L, 1L, 1L, 1L), "SAME", Conv2d.dilations(1L, 2L, 2L, 1L));
      List<GradCheck> checks = g.checkGradients(y, in, feed(x), List.of("net/kernel"), 16, 1e-2, 4);
      for (GradCheck c : checks) {
        assertTrue(c.relativeError() > 0.3, "dilated Conv2D gradient now passes: " + c);
      }
    }
  }

  @Test
  void transposedConvGradientsMatchFiniteDifferences() {
    Nhwc x = random(26, 2, 4, 3, 3);
    try (TfGraph g = new TfGraph(27)) {
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Block b = Block.root(g.tf(), g.vars(), "net").child("up");
      Operand<TFloat32> y = TfBuilder.layer(b, SMALL, ConvTranspose.doubling(2, 3), in);
      assertGradients(
          g.checkGradients(y, in, feed(x), List.of("net/up/kernel", "net/up/bias"), 16, 1e-2, 5),
          2e-3);
    }
  }

  @Test
  void normalisationGradientsMatchFiniteDifferences() {
    Nhwc one = random(28, 1, 4, 5, 3);
    Nhwc two = random(29, 2, 4, 5, 3);
    try (TfGraph g = new TfGraph(30)) {
      Placeholder<TFloat32> in1 = g.placeholder(one.shape());
      Placeholder<TFloat32> in2 = g.placeholder(two.shape());
      // Beyond MAX_SPLIT_BATCH the moments formulation is used (the output shape must be static).
      Nhwc many = random(31, InstanceNorm.MAX_SPLIT_BATCH + 1, 4, 5, 3);
      Placeholder<TFloat32> inMany = g.placeholder(many.shape());
      Block root = Block.root(g.tf(), g.vars(), "net");
      // Square the normalised output so that the probe is not linear in the normalisation.
      Operand<TFloat32> fused = g.tf().math.square(InstanceNorm.apply(g.tf(), in1));
      Operand<TFloat32> split = g.tf().math.square(InstanceNorm.apply(g.tf(), in2));
      Operand<TFloat32> moments = g.tf().math.square(InstanceNorm.apply(g.tf(), inMany));
      Operand<TFloat32> bnTrain = g.tf().math.square(BatchNorm.apply(root.child("bn"), in2, true));
      Operand<TFloat32> bnInfer = g.tf().math.square(BatchNorm.apply(root.child("bn"), in2, false));
      g.vars()
          .assign(
              g.session(),
              Map.of(
                  "net/bn/gamma",
                  new Weights(new long[] {3}, new float[] {1.5f, 0.5f, -1f}),
                  "net/bn/beta",
                  new Weights(new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}),
                  "net/bn/moving_mean",
                  new Weights(new long[] {3}, new float[] {0.2f, -1f, 0f}),
                  "net/bn/moving_variance",
                  new Weights(new long[] {3}, new float[] {0.5f, 2f, 1f})));
      assertGradients(g.checkGradients(fused, in1, feed(one), List.of(), 20, 1e-2, 6), 2e-3);
      assertGradients(g.checkGradients(split, in2, feed(two), List.of(), 20, 1e-2, 7), 2e-3);
      assertGradients(g.checkGradients(moments, inMany, feed(many), List.of(), 20, 1e-2, 10), 2e-3);
      List<String> bnVars = List.of("net/bn/gamma", "net/bn/beta");
      assertGradients(g.checkGradients(bnTrain, in2, feed(two), bnVars, 20, 1e-2, 8), 2e-3);
      assertGradients(g.checkGradients(bnInfer, in2, feed(two), bnVars, 20, 1e-2, 9), 2e-3);
    }
  }

  @Test
  void poolingResizePaddingAndActivationGradientsMatchFiniteDifferences() {
    Nhwc x = random(31, 2, 6, 5, 2);
    try (TfGraph g = new TfGraph(32)) {
      Ops tf = g.tf();
      Placeholder<TFloat32> in = g.placeholder(x.shape());
      Operand<TFloat32> h = Layers.reflectPad(tf, in, 2);
      h = Layers.leakyRelu(tf, h, 0.2f);
      h = Layers.maxPool(tf, h, 3, 2, 1);
      h = Layers.resizeBilinear(tf, h, 7, 9);
      h = Layers.relu(tf, tf.math.add(h, tf.constant(0.3f)));
      Operand<TFloat32> y = tf.math.add(h, Layers.globalAvgPool(tf, tf.math.square(h), true));
      assertGradients(g.checkGradients(y, in, feed(x), List.of(), 40, 1e-3, 10), 5e-3);
    }
  }
}

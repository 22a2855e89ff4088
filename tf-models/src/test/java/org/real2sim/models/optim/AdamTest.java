package org.real2sim.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.testing.StandIns;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class AdamTest {

  private static final float[] A = {1.5f, 0.5f, 3f};
  private static final float[] C = {-0.4f, 0.9f, 0.2f};

  /**
   * Loss Σ (a·w²/2 + c·w) + (b − 1)², gradients a·w + c and 2(b − 1). The variables are read
   * through Identity: Square applied to a VariableV2 ref output crashes TF_AddGradients (SIGSEGV).
   */
  private static Operand<TFloat32> quadratic(
      Ops tf, Operand<TFloat32> wRef, Operand<TFloat32> bRef) {
    Operand<TFloat32> w = tf.identity(wRef);
    Operand<TFloat32> b = tf.identity(bRef);
    Operand<TFloat32> half = tf.constant(0.5f);
    Operand<TFloat32> terms =
        tf.math.add(
            tf.math.mul(half, tf.math.mul(tf.constant(A), tf.math.square(w))),
            tf.math.mul(tf.constant(C), w));
    return tf.math.add(
        tf.reduceSum(terms, tf.constant(0)), tf.math.square(tf.math.sub(b, tf.constant(1f))));
  }

  @Test
  void matchesHandComputedPyTorchAdamForThreeStepsWithChangingLearningRate() {
    // ε is large on purpose: it tells PyTorch's ε on √v̂ apart from TensorFlow's ε on √v.
    Adam.Config cfg = new Adam.Config(0.5f, 0.999f, 0.1f);
    float[] rates = {0.1f, 0.05f, 0.2f};
    double[] w = {0.5, -1, 2};
    double b = 0.3;
    try (TfGraph g = new TfGraph(3)) {
      VarStore vs = g.vars();
      Operand<TFloat32> wv = vs.variable("net/w", new long[] {3}, Init.ZEROS, true);
      Operand<TFloat32> bv = vs.variable("net/b", new long[0], Init.ZEROS, true);
      Adam adam =
          Adam.minimize(vs, "adam_test", cfg, quadratic(g.tf(), wv, bv), vs.trainable("net"));
      vs.initialize(g.session());
      vs.assign(
          g.session(),
          Map.of(
              "net/w", new Weights(new long[] {3}, new float[] {0.5f, -1f, 2f}),
              "net/b", new Weights(new long[0], new float[] {0.3f})));

      // Plain-Java PyTorch Adam in double precision.
      double[] p = {w[0], w[1], w[2], b};
      double[] m = new double[4];
      double[] v = new double[4];
      for (int t = 1; t <= 3; t++) {
        g.run(new Feeds().scalar(adam.learningRate(), rates[t - 1]), List.of(), adam.trainOp());
        double[] grad = {
          A[0] * p[0] + C[0], A[1] * p[1] + C[1], A[2] * p[2] + C[2], 2 * (p[3] - 1)
        };
        double bc1 = 1 - Math.pow(cfg.beta1(), t);
        double bc2 = 1 - Math.pow(cfg.beta2(), t);
        for (int i = 0; i < 4; i++) {
          m[i] = cfg.beta1() * m[i] + (1 - cfg.beta1()) * grad[i];
          v[i] = cfg.beta2() * v[i] + (1 - cfg.beta2()) * grad[i] * grad[i];
          p[i] -= rates[t - 1] * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + cfg.epsilon());
        }
        Map<String, Weights> got = vs.read(g.session(), List.of());
        float[] gw = got.get("net/w").values();
        float[] gm = got.get("adam_test/net/w/m").values();
        float[] gv = got.get("adam_test/net/w/v").values();
        for (int i = 0; i < 3; i++) {
          assertEquals(p[i], gw[i], 2e-6, "w[" + i + "] after step " + t);
          assertEquals(m[i], gm[i], 2e-6, "m[" + i + "] after step " + t);
          assertEquals(v[i], gv[i], 1e-7, "v[" + i + "] after step " + t);
        }
        assertEquals(p[3], got.get("net/b").values()[0], 2e-6, "b after step " + t);
        assertEquals(m[3], got.get("adam_test/net/b/m").values()[0], 2e-6);
        assertEquals(v[3], got.get("adam_test/net/b/v").values()[0], 1e-7);
        assertEquals(
            Math.pow(cfg.beta1(), t + 1), got.get("adam_test/beta1_power").values()[0], 1e-7);
        assertEquals(
            Math.pow(cfg.beta2(), t + 1), got.get("adam_test/beta2_power").values()[0], 1e-6);
      }
    }
  }

  @Test
  void zeroLearningRateMovesMomentsButNotWeights() {
    try (TfGraph g = new TfGraph(3)) {
      VarStore vs = g.vars();
      Operand<TFloat32> wv = vs.variable("net/w", new long[] {3}, new Init.Constant(1f), true);
      Operand<TFloat32> bv = vs.variable("net/b", new long[0], Init.ZEROS, true);
      Adam adam =
          Adam.minimize(
              vs,
              Adam.NAME_G,
              Adam.Config.cycleGan(),
              quadratic(g.tf(), wv, bv),
              vs.trainable("net"));
      vs.initialize(g.session());
      g.run(new Feeds().scalar(adam.learningRate(), 0f), List.of(), adam.trainOp());
      Map<String, Weights> got = vs.read(g.session(), List.of());
      assertEquals(new Weights(new long[] {3}, new float[] {1f, 1f, 1f}), got.get("net/w"));
      // m = (1 − β1)·g = 0.5·(a + c) for w = 1
      assertEquals(0.5 * (A[0] + C[0]), got.get("adam_g/net/w/m").values()[0], 1e-6);
    }
  }

  /** Trains the stand-in generator for a few steps on an L1 loss and returns every variable. */
  private static Map<String, Weights> trainStandIn(long seed, long dataSeed, int steps) {
    try (TfGraph g = new TfGraph(seed, 2)) {
      Operand<TFloat32> x = g.placeholder(2, 8, 8, 3);
      Operand<TFloat32> target = g.placeholder(2, 8, 8, 3);
      Operand<TFloat32> y = StandIns.generator(g.tf(), g.vars(), "g_rs", x);
      Operand<TFloat32> loss = Losses.l1(g.tf(), y, target);
      Adam adam =
          Adam.minimize(
              g.vars(), Adam.NAME_G, Adam.Config.cycleGan(), loss, g.vars().trainable("g_rs"));
      g.vars().initialize(g.session());
      SplittableRandom rng = new SplittableRandom(dataSeed);
      for (int s = 0; s < steps; s++) {
        float[] xs = new float[2 * 8 * 8 * 3];
        float[] ts = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = (float) (rng.nextDouble() * 2 - 1);
          ts[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        g.run(
            new Feeds()
                .put(x, xs, 2, 8, 8, 3)
                .put(target, ts, 2, 8, 8, 3)
                .scalar(adam.learningRate(), 0.01f),
            List.of(),
            adam.trainOp());
      }
      return g.vars().read(g.session(), List.of());
    }
  }

  @Test
  void twoSeededRunsGiveBitIdenticalWeightsAndSlots() {
    Map<String, Weights> a = trainStandIn(11, 5, 5);
    Map<String, Weights> b = trainStandIn(11, 5, 5);
    assertEquals(a, b);
    Map<String, Weights> untrained = trainStandIn(11, 5, 0);
    assertNotEquals(untrained.get("g_rs/conv/kernel"), a.get("g_rs/conv/kernel"));
    assertNotNull(a.get("adam_g/g_rs/conv/kernel/v"));
  }

  @Test
  void trainsOnlyItsVariablesAndTwoOptimizersShareAGraph() {
    try (TfGraph g = new TfGraph(2)) {
      VarStore vs = g.vars();
      Operand<TFloat32> x = g.placeholder(1, 8, 8, 3);
      Operand<TFloat32> fake = StandIns.generator(g.tf(), vs, "g_rs", x);
      Operand<TFloat32> dFake = StandIns.discriminator(g.tf(), vs, "d_s", fake);
      Operand<TFloat32> dReal = StandIns.discriminator(g.tf(), vs, "d_s", x);
      Adam adamG =
          Adam.minimize(
              vs,
              Adam.NAME_G,
              Adam.Config.cycleGan(),
              Losses.lsganGenerator(g.tf(), dFake),
              vs.trainable("g_rs"));
      Adam adamD =
          Adam.minimize(
              vs,
              Adam.NAME_D,
              Adam.Config.cycleGan(),
              Losses.lsganDiscriminator(g.tf(), dReal, g.tf().stopGradient(dFake)),
              vs.trainable("d_s"));
      assertEquals("adam_g/train", adamG.trainOp().op().name());
      assertEquals("adam_d/learning_rate", adamD.learningRate().op().name());
      vs.initialize(g.session());
      float[] img = new float[8 * 8 * 3];
      for (int i = 0; i < img.length; i++) {
        img[i] = (float) Math.sin(i);
      }
      Map<String, Weights> before = vs.read(g.session(), List.of());
      g.run(
          new Feeds().put(x, img, 1, 8, 8, 3).scalar(adamG.learningRate(), 0.01f),
          List.of(),
          adamG.trainOp());
      Map<String, Weights> afterG = vs.read(g.session(), List.of());
      assertEquals(before.get("d_s/conv/kernel"), afterG.get("d_s/conv/kernel"));
      assertEquals(before.get("d_s/conv/bias"), afterG.get("d_s/conv/bias"));
      assertNotEquals(before.get("g_rs/conv/kernel"), afterG.get("g_rs/conv/kernel"));
      g.run(
          new Feeds().put(x, img, 1, 8, 8, 3).scalar(adamD.learningRate(), 0.01f),
          List.of(),
          adamD.trainOp());
      Map<String, Weights> afterD = vs.read(g.session(), List.of());
      assertEquals(afterG.get("g_rs/conv/kernel"), afterD.get("g_rs/conv/kernel"));
      assertNotEquals(afterG.get("d_s/conv/kernel"), afterD.get("d_s/conv/kernel"));
      assertEquals(0.25f, afterD.get("adam_d/beta1_power").values()[0]);
      assertEquals(0.25f, afterD.get("adam_g/beta1_power").values()[0]);
    }
  }

  @Test
  void runsExtraControlOpsOncePerStep() {
    try (TfGraph g = new TfGraph(2)) {
      VarStore vs = g.vars();
      Operand<TFloat32> wv = vs.variable("net/w", new long[] {3}, new Init.Constant(1f), true);
      Operand<TFloat32> bv = vs.variable("net/b", new long[0], Init.ZEROS, true);
      vs.variable("net/counter", new long[0], Init.ZEROS, false);
      Operand<TFloat32> counter = vs.get("net/counter").ref();
      Op count = g.tf().assignAdd(counter, g.tf().constant(1f));
      Adam adam =
          Adam.minimize(
              vs,
              "adam_x",
              Adam.Config.standard(),
              quadratic(g.tf(), wv, bv),
              vs.trainable("net"),
              List.of(count));
      vs.initialize(g.session());
      for (int i = 0; i < 2; i++) {
        g.run(new Feeds().scalar(adam.learningRate(), 0.1f), List.of(), adam.trainOp());
      }
      assertEquals(2f, vs.read(g.session(), List.of("net/counter")).get("net/counter").values()[0]);
    }
  }

  @Test
  void rejectsInvalidVariableListsAndNames() {
    try (TfGraph g = new TfGraph(2)) {
      VarStore vs = g.vars();
      Operand<TFloat32> wv = vs.variable("net/w", new long[] {3}, Init.ZEROS, true);
      Operand<TFloat32> bv = vs.variable("net/b", new long[0], Init.ZEROS, true);
      vs.variable("net/stat", new long[] {3}, Init.ZEROS, false);
      vs.variable("other/unused", new long[] {2}, Init.ZEROS, true);
      Operand<TFloat32> loss = quadratic(g.tf(), wv, bv);
      Adam.Config cfg = Adam.Config.standard();

      List<String> messages = new ArrayList<>();
      messages.add(
          assertThrows(
                  IllegalArgumentException.class,
                  () -> Adam.minimize(vs, "adam_a", cfg, loss, List.of(vs.get("net/stat"))))
              .getMessage());
      messages.add(
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      Adam.minimize(
                          vs, "adam_a", cfg, loss, List.of(vs.get("net/w"), vs.get("net/w"))))
              .getMessage());
      messages.add(
          assertThrows(
                  IllegalArgumentException.class,
                  () -> Adam.minimize(vs, "adam_a", cfg, loss, List.of(vs.get("other/unused"))))
              .getMessage());
      messages.add(
          assertThrows(
                  IllegalArgumentException.class,
                  () -> Adam.minimize(vs, "adam/a", cfg, loss, vs.trainable("net")))
              .getMessage());
      assertTrue(messages.get(0).contains("net/stat is not trainable"), messages.get(0));
      assertTrue(messages.get(1).contains("net/w is listed twice"), messages.get(1));
      assertTrue(messages.get(2).contains("other/unused"), messages.get(2));
      assertTrue(messages.get(3).contains("'adam/a'"), messages.get(3));

      Adam.minimize(vs, "adam_b", cfg, loss, vs.trainable("net"));
      String dup =
          assertThrows(
                  IllegalArgumentException.class,
                  () -> Adam.minimize(vs, "adam_b", cfg, loss, vs.trainable("net")))
              .getMessage();
      assertTrue(dup.contains("adam_b already exists"), dup);
      String beta =
          assertThrows(IllegalArgumentException.class, () -> new Adam.Config(1f, 0.999f, 1e-8f))
              .getMessage();
      assertEquals("beta1 must be in [0, 1), found 1.0", beta);
    }
  }
}

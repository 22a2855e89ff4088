package org.real2sim.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.testing.StandIns;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class GeneratorObjectiveTest {

  @Test
  void assemblesWeightedSumOfHandGivenTerms() {
    try (TfGraph g = new TfGraph(1)) {
      Ops tf = g.tf();
      Operand<TFloat32> alpha = g.placeholder();
      GeneratorObjective plain =
          GeneratorObjective.cycleGan(
              tf,
              tf.constant(0.4f),
              tf.constant(0.3f),
              tf.constant(0.2f),
              tf.constant(0.1f),
              10f,
              0.5f);
      GeneratorObjective aware =
          GeneratorObjective.taskAware(
              tf,
              tf.constant(0.4f),
              tf.constant(0.3f),
              tf.constant(0.2f),
              tf.constant(0.1f),
              tf.constant(1.5f),
              alpha,
              tf.constant(2f),
              10f,
              0.5f);
      Feeds none = new Feeds();
      // 0.4 + 0.3 + 10·0.2 + 10·0.5·0.1
      assertEquals(3.2, g.scalar(none, plain.total()), 1e-6);
      // L̂_G_RS = 0.75·0.4 + 0.25·2·1.5 = 1.05
      Feeds quarter = new Feeds().scalar(alpha, 0.25f);
      assertEquals(1.05, g.scalar(quarter, aware.generatorRs()), 1e-6);
      assertEquals(3.85, g.scalar(quarter, aware.total()), 1e-6);
      assertEquals(3.2, g.scalar(new Feeds().scalar(alpha, 0f), aware.total()), 1e-6);
      assertEquals(2 * 1.5 + 2.8, g.scalar(new Feeds().scalar(alpha, 1f), aware.total()), 1e-6);
      assertEquals(0.4, g.scalar(quarter, aware.adversarialRs()), 1e-6);
      assertEquals(1.5, g.scalar(quarter, aware.task()), 1e-6);
    }
  }

  @Test
  void namesTermsWithReportNames() {
    try (TfGraph g = new TfGraph(1)) {
      Ops tf = g.tf();
      Operand<TFloat32> c = tf.constant(1f);
      GeneratorObjective plain = GeneratorObjective.cycleGan(tf, c, c, c, c, 10f, 0.5f);
      assertEquals(
          List.of("loss_g", "loss_g_rs", "loss_g_sr", "loss_cyc", "loss_idt"),
          List.copyOf(plain.named().keySet()));
      GeneratorObjective aware = GeneratorObjective.taskAware(tf, c, c, c, c, c, c, c, 10f, 0.5f);
      assertEquals("loss_task", List.copyOf(aware.named().keySet()).get(5));
      assertNotNull(g.graph().operation("generator_objective/loss_g"));
      assertNotNull(g.graph().operation("generator_objective_1/loss_task"));
      String m =
          assertThrows(
                  IllegalArgumentException.class,
                  () -> GeneratorObjective.cycleGan(tf, c, c, c, c, -1f, 0.5f))
              .getMessage();
      assertEquals("lambdaCyc must be finite and non-negative, found -1.0", m);
    }
  }

  /** Stand-in CycleGAN + frozen expert wired into the task-aware objective. */
  private static final class Setup {
    final Operand<TFloat32> xR;
    final Operand<TFloat32> xS;
    final Operand<TInt32> y;
    final Operand<TFloat32> alpha;
    final Operand<TFloat32> gamma;
    final GeneratorObjective objective;
    final Adam adam;

    Setup(TfGraph g) {
      Ops tf = g.tf();
      VarStore vs = g.vars();
      xR = g.placeholder(2, 8, 8, 3);
      xS = g.placeholder(2, 8, 8, 3);
      y = g.ints(2);
      alpha = g.placeholder();
      gamma = g.placeholder();
      Operand<TFloat32> fakeS = StandIns.generator(tf, vs, "g_rs", xR);
      Operand<TFloat32> fakeR = StandIns.generator(tf, vs, "g_sr", xS);
      Operand<TFloat32> cyc =
          Losses.cycle(
              tf,
              xR,
              StandIns.generator(tf, vs, "g_sr", fakeS),
              xS,
              StandIns.generator(tf, vs, "g_rs", fakeR));
      Operand<TFloat32> idt =
          Losses.identity(
              tf,
              xS,
              StandIns.generator(tf, vs, "g_rs", xS),
              xR,
              StandIns.generator(tf, vs, "g_sr", xR));
      Operand<TFloat32> advRs =
          Losses.lsganGenerator(tf, StandIns.discriminator(tf, vs, "d_s", fakeS));
      Operand<TFloat32> advSr =
          Losses.lsganGenerator(tf, StandIns.discriminator(tf, vs, "d_r", fakeR));
      Operand<TFloat32> task = Losses.crossEntropy(tf, StandIns.expert(tf, vs, fakeS, 3), y);
      objective =
          GeneratorObjective.taskAware(
              tf,
              advRs,
              advSr,
              cyc,
              idt,
              task,
              alpha,
              gamma,
              GeneratorObjective.DEFAULT_LAMBDA_CYC,
              GeneratorObjective.DEFAULT_LAMBDA_ID);
      List<VarStore.Var> gens = new ArrayList<>(vs.trainable("g_rs"));
      gens.addAll(vs.trainable("g_sr"));
      adam = Adam.minimize(vs, Adam.NAME_G, Adam.Config.cycleGan(), objective.total(), gens);
    }

    Feeds feeds(float a, float gm) {
      SplittableRandom rng = new SplittableRandom(42);
      float[] r = new float[2 * 8 * 8 * 3];
      float[] s = new float[r.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = (float) (rng.nextDouble() * 2 - 1);
        s[i] = (float) (rng.nextDouble() * 2 - 1);
      }
      return new Feeds()
          .put(xR, r, 2, 8, 8, 3)
          .put(xS, s, 2, 8, 8, 3)
          .putInts(y, new int[] {2, 0}, 2)
          .scalar(alpha, a)
          .scalar(gamma, gm);
    }
  }

  /** Variables before (index 0) and after (index 1) one generator step. */
  private static List<Map<String, Weights>> oneStep(float alpha, float gamma) {
    try (TfGraph g = new TfGraph(9)) {
      Setup s = new Setup(g);
      g.vars().initialize(g.session());
      Map<String, Weights> before = g.vars().read(g.session(), List.of());
      g.run(
          s.feeds(alpha, gamma).scalar(s.adam.learningRate(), 0.05f), List.of(), s.adam.trainOp());
      return List.of(before, g.vars().read(g.session(), List.of()));
    }
  }

  @Test
  void trainingStepLeavesExpertAndDiscriminatorsBitIdenticalAndMovesGenerators() {
    List<Map<String, Weights>> r = oneStep(0.5f, 1f);
    Map<String, Weights> before = r.get(0);
    Map<String, Weights> after = r.get(1);
    for (String name :
        List.of(
            "expert/conv_1/kernel",
            "expert/conv_1/bias",
            "expert/fc/kernel",
            "expert/fc/bias",
            "d_s/conv/kernel",
            "d_r/conv/bias")) {
      assertEquals(before.get(name), after.get(name), name + " must not change");
    }
    for (String name : List.of("g_rs/conv/kernel", "g_rs/conv/bias", "g_sr/conv/kernel")) {
      assertNotEquals(before.get(name), after.get(name), name + " must change");
    }
  }

  /** The optimiser's gradients (g_rs kernel, g_rs bias, g_sr kernel, g_sr bias) at α, γ. */
  private static List<float[]> generatorGradients(float alpha, float gamma) {
    try (TfGraph g = new TfGraph(9)) {
      Setup s = new Setup(g);
      g.vars().initialize(g.session());
      return g.run(s.feeds(alpha, gamma), s.adam.gradients());
    }
  }

  @Test
  void generatorsMoveDifferentlyWithTaskLossThanWithAdversarialLoss() {
    Map<String, Weights> adversarial = oneStep(0f, 1f).get(1);
    Map<String, Weights> taskOnly = oneStep(1f, 1f).get(1);
    assertNotEquals(adversarial.get("g_rs/conv/kernel"), taskOnly.get("g_rs/conv/kernel"));
  }

  @Test
  void taskGradientFlowsThroughFrozenExpertIntoGrsOnly() {
    // At α = 1 only γ·CE tells these apart: the difference of G's gradients is CE's gradient,
    // which reaches G_RS only through the expert, and never G_SR (it does not feed the expert).
    List<float[]> withTask = generatorGradients(1f, 1f);
    List<float[]> muted = generatorGradients(1f, 0f);
    for (int v = 0; v < 2; v++) {
      double diff = 0;
      for (int i = 0; i < withTask.get(v).length; i++) {
        diff = Math.max(diff, Math.abs(withTask.get(v)[i] - muted.get(v)[i]));
      }
      assertTrue(diff > 1e-4, "G_RS variable " + v + ": the task term changed no gradient");
    }
    for (int v = 2; v < 4; v++) {
      assertTrue(
          Arrays.equals(withTask.get(v), muted.get(v)),
          "G_SR variable " + v + " must not see the task term");
    }
  }

  @Test
  void taskGradientWithRespectToGeneratorMatchesFiniteDifferences() {
    try (TfGraph g = new TfGraph(9)) {
      Setup s = new Setup(g);
      VarStore.Var bias = g.vars().get("g_rs/conv/bias");
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad =
          (Output<TFloat32>)
              g.graph()
                  .addGradients(s.objective.task().asOutput(), new Output<?>[] {bias.ref()})[0];
      g.vars().initialize(g.session());
      Feeds f = s.feeds(1f, 1f);
      float[] analytic = g.eval(f, grad);
      float[] b0 = g.vars().read(g.session(), List.of(bias.name())).get(bias.name()).values();
      float h = 1e-2f;
      for (int i = 0; i < b0.length; i++) {
        double[] values = new double[2];
        for (int sign = 0; sign < 2; sign++) {
          float[] b = b0.clone();
          b[i] += sign == 0 ? h : -h;
          g.vars().assign(g.session(), Map.of(bias.name(), new Weights(bias.shape(), b)));
          values[sign] = g.scalar(f, s.objective.task());
        }
        double numeric = (values[0] - values[1]) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-3 + 2e-2 * Math.abs(numeric), "bias[" + i + "]");
        assertTrue(Math.abs(analytic[i]) > 1e-4, "bias[" + i + "] gradient vanished");
      }
    }
  }
}

package org.real2sim.models.cyclegan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.testing.TfGraph;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class CycleGanModelTest {

  private static final int H = 16;

  private static CycleGanModel.Config config(boolean taskAware) {
    return new CycleGanModel.Config(
        new ResnetGenerator.Config(4, 1, 3, 3),
        new PatchDiscriminator.Config(4, 2, 3),
        1,
        H,
        H,
        10f,
        0.5f,
        Adam.Config.cycleGan(),
        taskAware);
  }

  private static float[] image(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[H * H * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static boolean changed(Map<String, Weights> before, Map<String, Weights> after) {
    for (String k : before.keySet()) {
      if (!before.get(k).equals(after.get(k))) {
        return true;
      }
    }
    return false;
  }

  /** Runs one stage-c iteration with the given α and returns G_RS's weights after it. */
  private static Map<String, Weights> taskAwareStep(float alpha, boolean checkFrozen) {
    try (TfGraph g = new TfGraph(3, 1)) {
      ExpertNetwork expert =
          ExpertNetwork.classifier(
              new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, g.vars()),
              Normalization.IMAGENET);
      CycleGanModel m = CycleGanModel.build(g.vars(), config(true), expert);
      g.vars().initialize(g.session());
      Map<String, Weights> expert0 = g.vars().readUnder(g.session(), Names.EXPERT);
      Map<String, Weights> gRs0 = g.vars().readUnder(g.session(), Names.G_RS);
      Map<String, Weights> dS0 = g.vars().readUnder(g.session(), Names.D_S);
      TfGraph.Feeds feeds =
          new TfGraph.Feeds()
              .put(m.real(), image(1), 1, H, H, 3)
              .put(m.synthetic(), image(2), 1, H, H, 3)
              .putInts(m.labels(), new int[] {3}, 1)
              .scalar(m.alpha(), alpha)
              .scalar(m.gamma(), 1f)
              .scalar(m.trainG().learningRate(), 1e-2f);
      List<float[]> out =
          g.run(feeds, List.of(m.fakeS(), m.objective().task()), m.trainG().trainOp());
      assertEquals(H * H * 3, out.get(0).length);
      assertTrue(out.get(1)[0] > 0, "cross entropy must be positive");
      Map<String, Weights> gRs1 = g.vars().readUnder(g.session(), Names.G_RS);
      if (checkFrozen) {
        assertEquals(expert0, g.vars().readUnder(g.session(), Names.EXPERT), "expert changed");
        assertEquals(dS0, g.vars().readUnder(g.session(), Names.D_S), "a G step moved D_S");
        assertTrue(changed(gRs0, gRs1), "G_RS did not change");
        // The D step moves the discriminators and nothing else.
        TfGraph.Feeds dFeeds =
            new TfGraph.Feeds()
                .put(m.real(), image(1), 1, H, H, 3)
                .put(m.synthetic(), image(2), 1, H, H, 3)
                .put(m.poolFakeS(), image(3), 1, H, H, 3)
                .put(m.poolFakeR(), image(4), 1, H, H, 3)
                .scalar(m.trainD().learningRate(), 1e-2f);
        g.run(dFeeds, List.of(m.lossDs()), m.trainD().trainOp());
        assertTrue(changed(dS0, g.vars().readUnder(g.session(), Names.D_S)), "D_S did not change");
        assertEquals(gRs1, g.vars().readUnder(g.session(), Names.G_RS), "a D step moved G_RS");
        assertEquals(expert0, g.vars().readUnder(g.session(), Names.EXPERT), "expert changed");
      }
      return gRs1;
    }
  }

  @Test
  void taskAwareStepsTrainGeneratorsAndDiscriminatorsButNeverTheExpert() {
    Map<String, Weights> a0 = taskAwareStep(0f, true);
    Map<String, Weights> a1 = taskAwareStep(1f, false);
    assertTrue(changed(a0, a1), "the task loss must reach G_RS through the expert");
  }

  /**
   * The task loss CE(f(G_RS(x)), y) must send its gradient into G_RS through the real, loaded
   * expert: nonzero, equal to central finite differences of the loss itself (a stopped or detached
   * path gives 0 where the differences do not), and changing with the expert's weights (a loss
   * through another network would not).
   */
  @Test
  void taskLossGradientReachesGrsThroughTheRealExpert() {
    try (TfGraph g = new TfGraph(5, 1)) {
      ExpertNetwork expert =
          ExpertNetwork.classifier(
              new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, g.vars()),
              Normalization.IMAGENET);
      CycleGanModel m = CycleGanModel.build(g.vars(), config(true), expert);
      g.vars().initialize(g.session());
      g.randomiseBatchNorm(Names.EXPERT, 3);
      String probe = Names.G_RS + "/out/kernel";
      var v = g.vars().get(probe);
      assertNotNull(v, probe);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad =
          (Operand<TFloat32>)
              g.graph()
                  .addGradients(
                      m.objective().task().asOutput(), new org.tensorflow.Output<?>[] {v.ref()})[0];
      TfGraph.Feeds feeds =
          new TfGraph.Feeds()
              .put(m.real(), image(1), 1, H, H, 3)
              .put(m.synthetic(), image(2), 1, H, H, 3)
              .putInts(m.labels(), new int[] {3}, 1)
              .scalar(m.alpha(), 1f)
              .scalar(m.gamma(), 1f);
      float[] analytic = g.eval(feeds, grad);
      double norm = 0;
      for (float a : analytic) {
        norm += a * a;
      }
      assertTrue(norm > 0, "no task-loss gradient reaches " + probe);
      // Central finite differences of the task loss on a few coordinates of the probed kernel.
      Weights w0 = g.vars().read(g.session(), List.of(probe)).get(probe);
      int[] largest = largestIndices(analytic, 4);
      for (int i : largest) {
        float[] plus = w0.values().clone();
        float[] minus = w0.values().clone();
        float h = 1e-2f * Math.max(1e-3f, Math.abs(w0.values()[i]));
        plus[i] += h;
        minus[i] -= h;
        g.vars().assign(g.session(), Map.of(probe, new Weights(w0.shape(), plus)));
        double fp = g.scalar(feeds, m.objective().task());
        g.vars().assign(g.session(), Map.of(probe, new Weights(w0.shape(), minus)));
        double fm = g.scalar(feeds, m.objective().task());
        g.vars().assign(g.session(), Map.of(probe, w0));
        double numeric = (fp - fm) / ((double) plus[i] - minus[i]);
        assertEquals(numeric, analytic[i], 0.05 * Math.abs(numeric) + 1e-6, "coordinate " + i);
      }
      // The same gradient with the expert's classifier scaled: it must change.
      String fc = Names.EXPERT + "/fc/kernel";
      Weights k = g.vars().read(g.session(), List.of(fc)).get(fc);
      float[] scaled = k.values().clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= 3;
      }
      g.vars().assign(g.session(), Map.of(fc, new Weights(k.shape(), scaled)));
      assertFalse(
          java.util.Arrays.equals(analytic, g.eval(feeds, grad)),
          "the task-loss gradient on G_RS ignores the expert's weights");
    }
  }

  private static int[] largestIndices(float[] v, int n) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Float.compare(Math.abs(v[b]), Math.abs(v[a])));
    int[] out = new int[Math.min(n, v.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  @Test
  void stackedApplicationsEqualSeparateOnes() {
    CycleGanModel.Config c = config(false);
    try (TfGraph g = new TfGraph(5, 1)) {
      CycleGanModel m = CycleGanModel.build(g.vars(), c, null);
      // The same networks (same variables) applied to one image at a time, on the batch-1 path.
      ResnetGenerator gRs = new ResnetGenerator(c.generator(), Names.G_RS, g.vars());
      ResnetGenerator gSr = new ResnetGenerator(c.generator(), Names.G_SR, g.vars());
      PatchDiscriminator dS = new PatchDiscriminator(c.discriminator(), Names.D_S, g.vars());
      PatchDiscriminator dR = new PatchDiscriminator(c.discriminator(), Names.D_R, g.vars());
      List<Operand<TFloat32>> separate =
          List.of(
              gRs.call(g.tf(), m.real()),
              gSr.call(g.tf(), m.synthetic()),
              Losses.identity(
                  g.tf(),
                  m.synthetic(),
                  gRs.call(g.tf(), m.synthetic()),
                  m.real(),
                  gSr.call(g.tf(), m.real())),
              Losses.cycle(
                  g.tf(),
                  m.real(),
                  gSr.call(g.tf(), gRs.call(g.tf(), m.real())),
                  m.synthetic(),
                  gRs.call(g.tf(), gSr.call(g.tf(), m.synthetic()))),
              Losses.lsganDiscriminator(
                  g.tf(), dS.call(g.tf(), m.synthetic()), dS.call(g.tf(), m.poolFakeS())),
              Losses.lsganDiscriminator(
                  g.tf(), dR.call(g.tf(), m.real()), dR.call(g.tf(), m.poolFakeR())));
      List<Operand<TFloat32>> stacked =
          List.of(
              m.fakeS(),
              m.fakeR(),
              m.objective().identity(),
              m.objective().cycle(),
              m.lossDs(),
              m.lossDr());
      g.vars().initialize(g.session());
      TfGraph.Feeds feeds =
          new TfGraph.Feeds()
              .put(m.real(), image(1), 1, H, H, 3)
              .put(m.synthetic(), image(2), 1, H, H, 3)
              .put(m.poolFakeS(), image(3), 1, H, H, 3)
              .put(m.poolFakeR(), image(4), 1, H, H, 3);
      List<float[]> expected = g.run(feeds, separate);
      List<float[]> actual = g.run(feeds, stacked);
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i).length, actual.get(i).length);
        for (int j = 0; j < expected.get(i).length; j++) {
          assertEquals(expected.get(i)[j], actual.get(i)[j], 1e-5, "output " + i + " at " + j);
        }
      }
    }
  }

  @Test
  void stageBAndStageCGraphsShareVariableNames() {
    List<String> b;
    List<String> c;
    try (TfGraph g = new TfGraph(3, 1)) {
      CycleGanModel.build(g.vars(), config(false), null);
      b = g.vars().all().stream().map(v -> v.name()).toList();
    }
    try (TfGraph g = new TfGraph(3, 1)) {
      ExpertNetwork expert =
          ExpertNetwork.classifier(
              new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, g.vars()),
              Normalization.IMAGENET);
      CycleGanModel.build(g.vars(), config(true), expert);
      c = g.vars().all().stream().map(v -> v.name()).filter(n -> !n.startsWith("expert/")).toList();
    }
    assertEquals(b, c);
    assertTrue(b.contains("g_rs/res_1/conv_1/kernel"), b.toString());
    assertTrue(b.contains("adam_d/d_r/out/kernel/m"), b.toString());
  }
}

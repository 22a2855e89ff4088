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

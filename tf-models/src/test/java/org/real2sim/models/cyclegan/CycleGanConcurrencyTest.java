package org.real2sim.models.cyclegan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.nn.WriteOrder;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.resnet.ResNet;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The CycleGAN iteration may run its independent ops concurrently: its two session runs are free of
 * variable races ({@link WriteOrder}), the checker does find a race when one is built, and several
 * iterations give the same bits with one and with four inter-op threads.
 */
class CycleGanConcurrencyTest {

  private static final int H = 16;

  private static CycleGanModel.Config config(boolean taskAware) {
    return new CycleGanModel.Config(
        new ResnetGenerator.Config(4, 2, 3, 3),
        new PatchDiscriminator.Config(4, 2, 3),
        1,
        H,
        H,
        10f,
        0.5f,
        Adam.Config.cycleGan(),
        taskAware);
  }

  private static ExpertNetwork expert(VarStore vars) {
    return ExpertNetwork.classifier(
        new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, vars), Normalization.IMAGENET);
  }

  @Test
  void stageBAndStageCIterationsAreRaceFree() {
    for (boolean taskAware : new boolean[] {false, true}) {
      try (Graph g = new Graph()) {
        VarStore vars = new VarStore(g, 1);
        CycleGanModel m =
            CycleGanModel.build(vars, config(taskAware), taskAware ? expert(vars) : null);
        List<WriteOrder.Check> checks = new CycleGanStep(m).writeOrder(g);
        // G step: both generators' weights, their Adam slots m and v, adam_g's two β powers.
        int gWeights = vars.trainable(Names.G_RS).size() + vars.trainable(Names.G_SR).size();
        assertEquals(3 * gWeights + 2, checks.get(0).written().size(), "G step writes");
        int dWeights = vars.trainable(Names.D_S).size() + vars.trainable(Names.D_R).size();
        assertEquals(3 * dWeights + 2, checks.get(1).written().size(), "D step writes");
        assertEquals(List.of(), checks.get(0).races(), "G step, task-aware " + taskAware);
        assertEquals(List.of(), checks.get(1).races(), "D step, task-aware " + taskAware);
      }
    }
  }

  @Test
  void anUnorderedReadOfAnUpdatedVariableIsARace() {
    for (boolean ordered : new boolean[] {false, true}) {
      try (Graph g = new Graph()) {
        VarStore vars = new VarStore(g, 1);
        Ops tf = Ops.create(g);
        vars.variable("v", new long[] {2}, Init.ZEROS, true);
        VarStore.Var v = vars.get("v");
        var y = tf.withName("y").math.square(v.read());
        Ops assignOps = ordered ? tf.withControlDependencies(List.<Op>of(y)) : tf;
        Op write = assignOps.withName("write").assign(v.ref(), tf.constant(new float[] {1f, 2f}));
        List<WriteOrder.Race> races =
            WriteOrder.races(g.toGraphDef(), List.of(y.op().name(), write.op().name()));
        if (ordered) {
          assertEquals(List.of(), races);
        } else {
          assertEquals(List.of(new WriteOrder.Race("v", "write", "y")), races);
        }
      }
    }
  }

  @Test
  void readsThroughAliasesAndTwoUnorderedWritesAreRacesEachCountedOnce() {
    try (Graph g = new Graph()) {
      VarStore vars = new VarStore(g, 1);
      Ops tf = Ops.create(g);
      vars.variable("w", new long[] {2}, Init.ZEROS, true);
      VarStore.Var w = vars.get("w");
      var alias = tf.withName("alias").reshape(w.read(), tf.constant(new int[] {1, 2}));
      var y = tf.withName("y").math.square(alias);
      var sgd =
          tf.withName("sgd")
              .train
              .applyGradientDescent(w.ref(), tf.constant(0.1f), tf.constant(new float[] {1f, 1f}));
      var other = tf.withName("other").assign(w.ref(), tf.constant(new float[] {3f, 4f}));
      WriteOrder.Check c =
          WriteOrder.check(
              g.toGraphDef(), List.of(y.op().name(), sgd.op().name(), other.op().name()));
      assertEquals(List.of("w"), c.written());
      assertEquals(
          List.of(
              new WriteOrder.Race("w", "sgd", "y"),
              new WriteOrder.Race("w", "sgd", "other"),
              new WriteOrder.Race("w", "other", "y")),
          c.races());
    }
  }

  @Test
  void oneAndFourInterOpThreadsGiveTheSameBits() {
    List<Object> one = train(1);
    List<Object> four = train(4);
    assertEquals(one.get(0), four.get(0), "weights after 4 iterations");
    assertArrayEquals((float[]) one.get(1), (float[]) four.get(1), "losses of the last iteration");
  }

  /**
   * Four stage-c iterations on seeded images; returns every variable's bits and the last losses.
   */
  private static List<Object> train(int interOp) {
    try (Graph g = new Graph()) {
      VarStore vars = new VarStore(g, 7);
      CycleGanModel m = CycleGanModel.build(vars, config(true), expert(vars));
      CycleGanStep step = new CycleGanStep(m);
      try (Session s = new Session(g, ThreadPlan.explicit(1, interOp).config())) {
        vars.initialize(s);
        float[] losses = null;
        for (int i = 0; i < 4; i++) {
          try (TFloat32 real = image(2 * i);
              TFloat32 synth = image(2 * i + 1)) {
            losses =
                step.run(
                    s,
                    real,
                    synth,
                    2e-3f,
                    new CycleGanStep.TaskFeeds(new int[] {i % 5}, new long[] {1}, 0.5f, 1f),
                    x -> x,
                    x -> x,
                    null);
          }
        }
        Map<String, Weights> w = vars.read(s, names(vars));
        return List.of(w, losses);
      }
    }
  }

  private static List<String> names(VarStore vars) {
    List<String> n = new ArrayList<>();
    for (VarStore.Var v : vars.all()) {
      n.add(v.name());
    }
    return n;
  }

  private static TFloat32 image(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[H * H * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return TFloat32.tensorOf(Shape.of(1, H, H, 3), DataBuffers.of(x));
  }
}

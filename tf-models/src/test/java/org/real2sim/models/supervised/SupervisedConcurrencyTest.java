package org.real2sim.models.supervised;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.nn.WriteOrder;
import org.real2sim.models.resnet.ResNet;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The supervised step (stage a, M3, the oracle) may run independent ops concurrently: its session
 * run is race-free (the batch-norm updates included) and three steps give the same bits with one
 * and with four inter-op threads.
 */
class SupervisedConcurrencyTest {

  private static final int H = 16;
  private static final int BATCH = 4;

  private static SupervisedModel model(VarStore vars) {
    ExpertNetwork net =
        ExpertNetwork.classifier(
            new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, vars), Normalization.IMAGENET);
    return SupervisedModel.build(
        vars, net, new SupervisedModel.Config(H, H, new float[] {1, 1, 1, 1, 1}));
  }

  @Test
  void theStepIsRaceFreeAndWritesTheWeightsTheirSlotsAndTheBatchNormStatistics() {
    try (Graph g = new Graph()) {
      VarStore vars = new VarStore(g, 1);
      SupervisedModel m = model(vars);
      WriteOrder.Check check = new SupervisedStep(m).writeOrder(g);
      assertEquals(List.of(), check.races());
      int trainable = vars.trainable(Names.EXPERT).size();
      // every weight with its two Adam slots, the two β powers, and the moving statistics
      assertTrue(check.written().size() > 3 * trainable + 2, check.written().toString());
      assertTrue(
          check.written().stream().anyMatch(n -> n.contains("moving")), check.written().toString());
    }
  }

  @Test
  void oneAndFourInterOpThreadsGiveTheSameBits() {
    assertEquals(train(1), train(4));
  }

  private static List<Object> train(int interOp) {
    try (Graph g = new Graph()) {
      VarStore vars = new VarStore(g, 3);
      SupervisedModel m = model(vars);
      SupervisedStep step = new SupervisedStep(m);
      try (Session s = new Session(g, ThreadPlan.explicit(1, interOp).config())) {
        vars.initialize(s);
        List<Float> losses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          try (TFloat32 x = images(i);
              TInt32 y = TInt32.vectorOf(i % 5, (i + 1) % 5, (i + 2) % 5, (i + 3) % 5)) {
            losses.add(step.run(s, x, y, 1e-2f));
          }
        }
        List<String> names = new ArrayList<>();
        vars.all().forEach(v -> names.add(v.name()));
        Map<String, Weights> w = vars.read(s, names);
        return List.of(w, losses);
      }
    }
  }

  private static TFloat32 images(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[BATCH * H * H * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return TFloat32.tensorOf(Shape.of(BATCH, H, H, 3), DataBuffers.of(x));
  }
}

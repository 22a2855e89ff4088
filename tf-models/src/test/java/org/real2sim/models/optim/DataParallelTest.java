package org.real2sim.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.BatchNorm;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.Layers;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Two virtual CPU devices ({@code device_count {CPU: 2}}) against one device with the whole batch.
 * The batch has 5 rows, so the shards are uneven (3 and 2), and the loss is class-weighted, so the
 * shards' weights differ: both must be accounted for to match.
 */
class DataParallelTest {

  private static final int BATCH = 5;
  private static final int STEPS = 4;
  private static final float[] CLASS_WEIGHTS = {1f, 2f, 0.5f};

  /**
   * The tolerance: the replicas sum the batch's gradient in another order than one device (3 + 2
   * rows, then a weighted sum of two shards), a relative difference of a few float32 ulps per
   * gradient; Adam's m̂/√v̂ keeps it relative, and after 4 steps of lr 0.01 the weights (|w| ≤ 2)
   * differ by 6e-8 (measured: 1 ulp at 0.5 to 1). 1e-6 leaves room for other summation orders; a
   * wrong average (plain mean of uneven shards, or one shard missing) differs by more than 1e-3.
   */
  private static final float TOLERANCE = 1e-6f;

  private static ConfigProto twoCpus() {
    return TfSessions.config(1).toBuilder()
        .putDeviceCount("CPU", 2)
        .setAllowSoftPlacement(false) // a request for /device:CPU:1 fails unless it exists
        .build();
  }

  private static Operand<TFloat32> mlp(Ops tf, VarStore vs, Operand<TFloat32> x, boolean bn) {
    Block root = Block.root(tf, vs, "net");
    Operand<TFloat32> h;
    if (!bn) {
      h = Layers.dense(root.child("fc1"), x, 5, new Init.Normal(0, 0.5), Init.ZEROS);
    } else {
      // No bias before batch norm: its gradient is zero up to float noise, which Adam's
      // normalisation would blow up to about ±lr per step, in any implementation.
      Block fc1 = root.child("fc1");
      h =
          fc1.tf()
              .linalg
              .matMul(x, fc1.variable("kernel", new long[] {4, 5}, new Init.Normal(0, 0.5), true));
      Operand<TFloat32> h4 = tf.reshape(h, tf.constant(new int[] {-1, 1, 1, 5}));
      h4 = BatchNorm.apply(root.child("bn"), h4, true);
      h = tf.reshape(h4, tf.constant(new int[] {-1, 5}));
    }
    h = tf.math.tanh(h);
    return Layers.dense(root.child("fc2"), h, 3, new Init.Normal(0, 0.5), Init.ZEROS);
  }

  private static DataParallel.ReplicaLoss loss(
      Ops tf, VarStore vs, Operand<TFloat32> x, Operand<TInt32> y, boolean bn) {
    Operand<TFloat32> w = tf.constant(CLASS_WEIGHTS);
    return new DataParallel.ReplicaLoss(
        Losses.crossEntropy(tf, mlp(tf, vs, x, bn), y, w), Losses.weightTotal(tf, y, w, false));
  }

  /** Trains STEPS steps and returns every variable under net/. */
  private static Map<String, Weights> train(List<String> devices, boolean bn, boolean ghostRef) {
    SplittableRandom data = new SplittableRandom(7);
    try (Graph g = new Graph()) {
      VarStore vs = new VarStore(g, 42);
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
      Placeholder<TInt32> y =
          tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> lossOp;
      Op train;
      Placeholder<TFloat32> lr;
      if (ghostRef) {
        // One device, per-shard batch norm by hand: the reference for per-replica statistics.
        Operand<TFloat32> x0 =
            tf.slice(x, tf.constant(new int[] {0, 0}), tf.constant(new int[] {3, -1}));
        Operand<TInt32> y0 = tf.slice(y, tf.constant(new int[] {0}), tf.constant(new int[] {3}));
        Operand<TFloat32> x1 =
            tf.slice(x, tf.constant(new int[] {3, 0}), tf.constant(new int[] {2, -1}));
        Operand<TInt32> y1 = tf.slice(y, tf.constant(new int[] {3}), tf.constant(new int[] {2}));
        DataParallel.ReplicaLoss l0 = loss(tf.withSubScope("a"), vs, x0, y0, bn);
        List<Op> firstUpdates = List.copyOf(vs.updates("net"));
        DataParallel.ReplicaLoss l1 = loss(tf.withSubScope("b"), vs, x1, y1, bn);
        Operand<TFloat32> total = tf.math.add(l0.weight(), l1.weight());
        lossOp =
            tf.math.div(
                tf.math.add(
                    tf.math.mul(l0.weight(), l0.loss()), tf.math.mul(l1.weight(), l1.loss())),
                total);
        Adam adam =
            Adam.minimize(
                vs, "adam", Adam.Config.standard(), lossOp, vs.trainable("net"), firstUpdates);
        train = adam.trainOp();
        lr = adam.learningRate();
      } else {
        DataParallel dp =
            DataParallel.minimize(
                vs,
                "adam",
                Adam.Config.standard(),
                devices,
                List.of(x, y),
                (rtf, shard) -> {
                  @SuppressWarnings("unchecked")
                  Operand<TFloat32> xs = (Operand<TFloat32>) shard.get(0);
                  @SuppressWarnings("unchecked")
                  Operand<TInt32> ys = (Operand<TInt32>) shard.get(1);
                  return loss(rtf, vs, xs, ys, bn);
                },
                "net");
        assertEquals(Math.max(1, devices.size()), dp.replicas());
        lossOp = dp.loss();
        train = dp.trainOp();
        lr = dp.learningRate();
        if (devices.size() == 2) {
          boolean onSecond = false;
          var it = g.operations();
          while (it.hasNext()) {
            GraphOperation op = (GraphOperation) it.next();
            if (op.name().startsWith("replica_1/") && op.device().contains("CPU:1")) {
              onSecond = true;
            }
          }
          assertTrue(onSecond, "replica 1's ops are requested on /device:CPU:1");
        }
      }
      ConfigProto config = devices.size() == 2 ? twoCpus() : TfSessions.config(1);
      try (Session s = new Session(g, false, config)) {
        vs.initialize(s);
        for (int step = 0; step < STEPS; step++) {
          float[] xv = new float[BATCH * 4];
          int[] yv = new int[BATCH];
          for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) data.nextGaussian();
          }
          for (int i = 0; i < BATCH; i++) {
            yv[i] = data.nextInt(3);
          }
          try (TFloat32 xt =
                  TFloat32.tensorOf(Shape.of(BATCH, 4), DataBuffers.of(xv, true, false));
              TInt32 yt = TInt32.tensorOf(Shape.of(BATCH), DataBuffers.of(yv, true, false));
              TFloat32 lrt = TFloat32.scalarOf(0.01f);
              var r =
                  s.runner()
                      .feed(x, xt)
                      .feed(y, yt)
                      .feed(lr, lrt)
                      .addTarget(train)
                      .fetch(lossOp)
                      .run()) {
            assertTrue(Float.isFinite(((TFloat32) r.get(0)).getFloat()));
          }
        }
        return vs.readUnder(s, "net");
      }
    }
  }

  private static float maxDiff(Map<String, Weights> a, Map<String, Weights> b) {
    assertEquals(a.keySet(), b.keySet());
    float max = 0;
    for (String k : a.keySet()) {
      float[] u = a.get(k).values();
      float[] v = b.get(k).values();
      for (int i = 0; i < u.length; i++) {
        max = Math.max(max, Math.abs(u[i] - v[i]));
      }
    }
    return max;
  }

  @Test
  void twoCpuReplicasTrainTheSameWeightsAsOneDeviceWithTheWholeBatch() {
    Map<String, Weights> one = train(List.of(), false, false);
    Map<String, Weights> two = train(List.of("/device:CPU:0", "/device:CPU:1"), false, false);
    float d = maxDiff(one, two);
    System.out.println("DataParallelTest: two replicas vs one device, max |Δw| = " + d);
    assertTrue(d <= TOLERANCE, "max |Δw| " + d);
    Map<String, Weights> init = initial(false);
    assertTrue(maxDiff(one, init) > 1e-3, "training moved the weights");
  }

  @Test
  void batchNormStatisticsArePerReplicaAndTheRunningAveragesComeFromTheFirstReplica() {
    Map<String, Weights> two = train(List.of("/device:CPU:0", "/device:CPU:1"), true, false);
    Map<String, Weights> ghost = train(List.of(), true, true);
    float d = maxDiff(two, ghost);
    System.out.println(
        "DataParallelTest: per-replica batch norm vs per-shard reference, max |Δw| = " + d);
    assertTrue(d <= TOLERANCE, "max |Δw| against per-shard batch norm on one device: " + d);
    // Whole-batch statistics are a different computation: the difference is far above float noise.
    Map<String, Weights> whole = train(List.of(), true, false);
    assertTrue(maxDiff(two, whole) > 1e-4, "per-replica statistics differ from the whole batch's");
    assertFalse(
        two.get("net/bn/moving_mean").equals(whole.get("net/bn/moving_mean")),
        "running mean from shard 0, not the whole batch");
  }

  private static Map<String, Weights> initial(boolean bn) {
    try (Graph g = new Graph()) {
      VarStore vs = new VarStore(g, 42);
      Ops tf = Ops.create(g);
      mlp(tf, vs, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4))), bn);
      try (Session s = new Session(g)) {
        vs.initialize(s);
        return vs.readUnder(s, "net");
      }
    }
  }

  @Test
  void oneDeviceIsPlainAdamMinimize() {
    List<String> names = new ArrayList<>();
    try (Graph g = new Graph()) {
      VarStore vs = new VarStore(g, 1);
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
      Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      DataParallel.minimize(
          vs,
          "adam",
          Adam.Config.standard(),
          List.of("/device:CPU:0"),
          List.of(x, y),
          (rtf, shard) -> {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> xs = (Operand<TFloat32>) shard.get(0);
            @SuppressWarnings("unchecked")
            Operand<TInt32> ys = (Operand<TInt32>) shard.get(1);
            assertTrue(xs == x && ys == y, "one replica sees the whole batch");
            return loss(rtf, vs, xs, ys, false);
          },
          "net");
      g.operations().forEachRemaining(o -> names.add(o.name()));
    }
    assertTrue(
        names.contains("adam/gradients/AddN")
            || names.stream().anyMatch(n -> n.startsWith("adam/gradients/")));
    assertFalse(
        names.stream().anyMatch(n -> n.startsWith("replica_") || n.startsWith("adam_parallel")));
  }
}

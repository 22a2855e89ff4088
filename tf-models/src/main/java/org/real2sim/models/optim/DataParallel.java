package org.real2sim.models.optim;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.SplitV;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Synchronous data-parallel training in one graph (TensorFlow Java has no distribution strategies):
 * the batch is split along its first axis into one shard per device, the loss and its gradients are
 * built once per device, the gradients are averaged, and one {@link Adam} applies them once. With
 * one device this is exactly {@link Adam#minimize(VarStore, String, Adam.Config, Operand, List,
 * List)} on the whole batch: no split, no device pinned, the same graph as before.
 *
 * <p><b>Equal to one device with the whole batch.</b> Shard {@code r} gets {@code ⌊B/n⌋} rows, one
 * more for the first {@code B mod n} shards (so any batch of at least {@code n} rows splits). Its
 * loss builder returns its loss {@code L_r = S_r / W_r} (a weighted mean) and the weight {@code
 * W_r} (for the class-weighted cross entropies, {@link
 * org.real2sim.models.loss.Losses#weightTotal}; the number of rows for a plain mean); the averaged
 * gradient is {@code Σ W_r·∇L_r / Σ W_r = ∇(Σ S_r / Σ W_r)}, the gradient of the whole batch's
 * loss. It differs from one device's only by float reassociation (sums taken in another order), so
 * weights after a few steps agree to about 1e-6 relative, not bit for bit.
 *
 * <p><b>Batch norm: per-replica statistics.</b> Every replica normalises with its own shard's mean
 * and variance (as PyTorch's {@code DistributedDataParallel} without {@code SyncBatchNorm}, and
 * TensorFlow's {@code MirroredStrategy} with the ordinary batch-norm layer), so a network with
 * batch norm trained on {@code n} devices equals one device trained on the same shards with the
 * shards' losses averaged ("ghost" batches), not one device on the whole batch. The running
 * averages ({@link VarStore#updates}) are moved once per step, by the first replica's update ops
 * only (as TensorFlow's multi-GPU CIFAR-10 example keeps one tower's update ops): running both
 * replicas' {@code AssignSub}s on one variable would race. Synchronised statistics would need a
 * cross-replica mean inside every batch-norm layer; they are not implemented.
 *
 * <p><b>Placement.</b> Each replica's forward ops are requested on its device ({@link
 * Ops#withDevice}). The variables carry no device request. The gradient ops are made by
 * TensorFlow's C gradient API ({@link Graph#addGradients(String, Output[], Output[], Output[])}),
 * which takes no device: TensorFlow's placer places them. The split, the average and the applies
 * are requested on the first device, under {@code <name>_parallel}; gradients under {@code
 * <name>_gradients_<r>}.
 */
public final class DataParallel {

  /** Builds one replica's loss from its shard of the inputs. */
  @FunctionalInterface
  public interface LossBuilder {
    /**
     * Builds the loss of one replica.
     *
     * @param tf ops on the replica's device, in its own name scope ({@code replica_<r>}; the root
     *     scope with one device)
     * @param shard this replica's rows of every input, in the order given to {@link #minimize}
     * @return the replica's loss and its weight
     */
    ReplicaLoss build(Ops tf, List<Operand<?>> shard);
  }

  /**
   * A replica's loss.
   *
   * @param loss a float32 scalar, the weighted mean {@code S / W} over the shard
   * @param weight a float32 scalar {@code W} that does not depend on any variable (the sum of the
   *     entries' weights, or the number of rows); with one device it is not used
   */
  public record ReplicaLoss(Operand<TFloat32> loss, Operand<TFloat32> weight) {}

  private final Adam adam;
  private final Operand<TFloat32> loss;
  private final int replicas;

  private DataParallel(Adam adam, Operand<TFloat32> loss, int replicas) {
    this.adam = adam;
    this.loss = loss;
    this.replicas = replicas;
  }

  /**
   * Builds the replicas, the averaged gradients and one Adam.
   *
   * @param store the variables' store
   * @param name the optimiser's name (see {@link Adam})
   * @param config Adam's hyper-parameters
   * @param devices one TensorFlow device per replica, e.g. {@code /device:CPU:1} or {@code
   *     /device:GPU:0} (GPU indices as the session sees them, after {@code visible_device_list});
   *     empty or one entry for one replica, without a device request
   * @param inputs the batch's inputs (images, labels...), each with the batch on axis 0; every feed
   *     must have at least as many rows as there are replicas
   * @param lossBuilder builds one replica's loss; with several replicas it is called once per
   *     replica, and must build its network in training mode on the given ops
   * @param network the network to train: its {@link VarStore#trainable} variables (as they stand
   *     after the first replica is built, so the builder may create them) and its {@link
   *     VarStore#updates} (batch-norm running averages) registered while the first replica was
   *     built
   */
  public static DataParallel minimize(
      VarStore store,
      String name,
      Adam.Config config,
      List<String> devices,
      List<? extends Operand<?>> inputs,
      LossBuilder lossBuilder,
      String network) {
    Graph graph = store.graph();
    int n = Math.max(1, devices.size());
    int before = store.updates(network).size();
    if (n == 1) {
      Ops tf = Ops.create(graph);
      List<Operand<?>> whole = new ArrayList<>(inputs);
      ReplicaLoss l = lossBuilder.build(tf, whole);
      List<Op> updates = store.updates(network);
      Adam adam =
          Adam.minimize(
              store,
              name,
              config,
              l.loss(),
              store.trainable(network),
              updates.subList(before, updates.size()));
      return new DataParallel(adam, l.loss(), 1);
    }
    Ops first =
        Ops.create(graph).withSubScope(name + "_parallel").withDevice(device(devices.get(0)));
    Ops split = first.withSubScope("split");
    List<List<Operand<?>>> shards = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      shards.add(new ArrayList<>());
    }
    for (Operand<?> input : inputs) {
      List<? extends Operand<?>> parts = splitRows(split, input, n);
      for (int r = 0; r < n; r++) {
        shards.get(r).add(parts.get(r));
      }
    }
    List<VarStore.Var> variables = List.of();
    Output<?>[] xs = null;
    List<Op> controls = List.of();
    List<ReplicaLoss> losses = new ArrayList<>();
    List<Output<?>[]> grads = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      Ops tf = Ops.create(graph).withSubScope("replica_" + r).withDevice(device(devices.get(r)));
      ReplicaLoss l = lossBuilder.build(tf, shards.get(r));
      if (r == 0) {
        List<Op> updates = store.updates(network);
        controls = List.copyOf(updates.subList(before, updates.size()));
        variables = store.trainable(network);
        xs = new Output<?>[variables.size()];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = variables.get(i).ref();
        }
      }
      losses.add(l);
      try {
        grads.add(
            graph.addGradients(
                name + "_gradients_" + r, new Output<?>[] {l.loss().asOutput()}, xs, null));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Optimizer "
                + name
                + ", replica "
                + r
                + ": cannot differentiate the loss with respect to its variables: "
                + e.getMessage(),
            e);
      }
    }
    Ops avg = first.withSubScope("average");
    Operand<TFloat32> total = losses.get(0).weight();
    for (int r = 1; r < n; r++) {
      total = avg.math.add(total, losses.get(r).weight());
    }
    List<Operand<TFloat32>> share = new ArrayList<>();
    Operand<TFloat32> meanLoss = null;
    for (int r = 0; r < n; r++) {
      Operand<TFloat32> s = avg.math.divNoNan(losses.get(r).weight(), total);
      share.add(s);
      Operand<TFloat32> term = avg.math.mul(s, losses.get(r).loss());
      meanLoss = meanLoss == null ? term : avg.math.add(meanLoss, term);
    }
    List<Operand<TFloat32>> averaged = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      Operand<TFloat32> sum = null;
      for (int r = 0; r < n; r++) {
        @SuppressWarnings("unchecked")
        Output<TFloat32> g = (Output<TFloat32>) grads.get(r)[i];
        Operand<TFloat32> term = avg.math.mul(share.get(r), g);
        sum = sum == null ? term : avg.math.add(sum, term);
      }
      averaged.add(sum);
    }
    Adam adam = Adam.apply(store, name, config, averaged, variables, controls);
    return new DataParallel(adam, avg.withName("loss").identity(meanLoss), n);
  }

  /**
   * Splits {@code x} along axis 0 into {@code n} parts, the first {@code B mod n} one row longer.
   */
  private static <T extends TType> List<Output<T>> splitRows(Ops tf, Operand<T> x, int n) {
    Operand<TInt32> rows =
        tf.reshape(
            tf.stridedSlice(
                tf.shape(x),
                tf.constant(new int[] {0}),
                tf.constant(new int[] {1}),
                tf.constant(new int[] {1})),
            tf.constant(new int[0]));
    Operand<TInt32> q = tf.math.floorDiv(rows, tf.constant(n));
    Operand<TInt32> rem = tf.math.floorMod(rows, tf.constant(n));
    Operand<TInt32> extra =
        tf.dtypes.cast(
            tf.math.less(tf.range(tf.constant(0), tf.constant(n), tf.constant(1)), rem),
            TInt32.class);
    Operand<TInt32> sizes = tf.math.add(extra, q);
    SplitV<T> parts = tf.splitV(x, sizes, tf.constant(0), (long) n);
    return parts.output();
  }

  private static DeviceSpec device(String spec) {
    String s = spec.trim();
    String[] p = s.replaceFirst("^/", "").replaceFirst("^device:", "").split(":");
    if (p.length != 2 || !p[1].chars().allMatch(Character::isDigit) || p[1].isEmpty()) {
      throw new IllegalArgumentException(
          "device must look like /device:CPU:0 or /device:GPU:1, found '" + spec + "'");
    }
    DeviceSpec.DeviceType type =
        switch (p[0].toUpperCase(java.util.Locale.ROOT)) {
          case "CPU" -> DeviceSpec.DeviceType.CPU;
          case "GPU" -> DeviceSpec.DeviceType.GPU;
          default ->
              throw new IllegalArgumentException(
                  "device must look like /device:CPU:0 or /device:GPU:1, found '" + spec + "'");
        };
    return DeviceSpec.newBuilder().deviceType(type).deviceIndex(Integer.parseInt(p[1])).build();
  }

  /** The one step's train op: run it with {@link #learningRate()} fed. */
  public Op trainOp() {
    return adam.trainOp();
  }

  /** The optimiser (its slots go into checkpoints). */
  public Adam adam() {
    return adam;
  }

  /** The whole batch's loss, {@code Σ W_r·L_r / Σ W_r} (one replica: its loss). */
  public Operand<TFloat32> loss() {
    return loss;
  }

  /** The learning-rate placeholder of {@link #adam()}. */
  public org.tensorflow.op.core.Placeholder<TFloat32> learningRate() {
    return adam.learningRate();
  }

  /** The number of replicas. */
  public int replicas() {
    return replicas;
  }
}

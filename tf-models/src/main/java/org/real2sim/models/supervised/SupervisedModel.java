package org.real2sim.models.supervised;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.EvalGraph;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Task;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.optim.DataParallel;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The supervised training graph of one expert-architecture network: class-weighted cross entropy on
 * a fed batch (per pixel for segmentation), one Adam optimiser over the network's trainable
 * variables (with its batch-norm updates as controls), and an evaluation path that takes images of
 * any size and returns the arg-max class (per pixel for segmentation).
 *
 * <p>Endpoints: {@link #INPUT} {@code [batch, H, W, 3]} float in [−1, 1], {@link #LABELS} {@code
 * [batch]} or {@code [batch, H, W]} int32, {@link #EVAL_INPUT} {@code [batch, h, w, 3]}. The
 * optimiser is named {@code adam_<network>}; its slots are saved with the network so a resumed run
 * continues the same optimisation.
 */
public final class SupervisedModel implements EvalGraph {

  /** The training images' placeholder. */
  public static final String INPUT = "input";

  /** The training labels' placeholder. */
  public static final String LABELS = "labels";

  /** The evaluation images' placeholder. */
  public static final String EVAL_INPUT = "eval_input";

  /** The subscope of the evaluation path. */
  public static final String EVAL_SCOPE = "eval";

  /**
   * What to build.
   *
   * @param height training crop height
   * @param width training crop width
   * @param classWeights the cross entropy's weight of each class
   * @param devices one TensorFlow device per data-parallel replica (see {@link DataParallel});
   *     empty for the plain one-device graph
   */
  public record Config(int height, int width, float[] classWeights, List<String> devices) {

    /** The plain one-device graph. */
    public Config(int height, int width, float[] classWeights) {
      this(height, width, classWeights, List.of());
    }

    /** Validates sizes. */
    public Config {
      if (height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "height and width must be positive, found " + height + ", " + width);
      }
      if (classWeights == null || classWeights.length == 0) {
        throw new IllegalArgumentException("classWeights must name at least one class");
      }
      devices = List.copyOf(devices);
    }
  }

  private final ExpertNetwork network;
  private final Placeholder<TFloat32> input;
  private final Placeholder<TInt32> labels;
  private final DataParallel parallel;
  private final Placeholder<TFloat32> evalInput;
  private final Operand<TInt32> evalPredictions;
  private final List<VarStore.Var> saved;

  private SupervisedModel(VarStore vars, ExpertNetwork net, Config config) {
    Ops tf = Ops.create(vars.graph());
    this.network = net;
    boolean seg = net.task() == Task.SEGMENTATION;
    int h = config.height();
    int w = config.width();
    input =
        tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, 3)));
    labels =
        tf.withName(LABELS)
            .placeholder(TInt32.class, Placeholder.shape(seg ? Shape.of(-1, h, w) : Shape.of(-1)));
    Operand<TFloat32> weights = tf.constant(config.classWeights());
    String name = optimiserName(net.name());
    // One replica per device (one device: the plain graph, loss then Adam.minimize).
    parallel =
        DataParallel.minimize(
            vars,
            name,
            Adam.Config.standard(),
            config.devices(),
            List.of(input, labels),
            (rtf, shard) -> {
              @SuppressWarnings("unchecked")
              Operand<TFloat32> xs = (Operand<TFloat32>) shard.get(0);
              @SuppressWarnings("unchecked")
              Operand<TInt32> ys = (Operand<TInt32>) shard.get(1);
              Operand<TFloat32> logits = net.callOnGenerated(rtf, xs, true);
              return new DataParallel.ReplicaLoss(
                  seg
                      ? Losses.pixelCrossEntropy(rtf, logits, ys, weights)
                      : Losses.crossEntropy(rtf, logits, ys, weights),
                  Losses.weightTotal(rtf, ys, weights, seg));
            },
            net.name());
    evalInput =
        tf.withName(EVAL_INPUT)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    Operand<TFloat32> evalLogits =
        net.callOnGenerated(tf.withSubScope(EVAL_SCOPE), evalInput, false);
    evalPredictions = tf.math.argMax(evalLogits, tf.constant(seg ? 3 : 1), TInt32.class);
    List<VarStore.Var> s = new ArrayList<>(vars.under(net.name()));
    s.addAll(vars.under(name));
    saved = List.copyOf(s);
  }

  /**
   * Builds the graph of {@code network} (whose variables live in {@code vars}) into {@code vars}'
   * graph.
   */
  public static SupervisedModel build(VarStore vars, ExpertNetwork network, Config config) {
    return new SupervisedModel(vars, network, config);
  }

  /** The optimiser's name for the network {@code network}: {@code adam_<network>}. */
  public static String optimiserName(String network) {
    return "adam_" + network;
  }

  /** The network trained. */
  public ExpertNetwork network() {
    return network;
  }

  /** The training images, {@code [batch, H, W, 3]} in [−1, 1]. */
  public Placeholder<TFloat32> input() {
    return input;
  }

  /** The training labels, {@code [batch]} or {@code [batch, H, W]}. */
  public Placeholder<TInt32> labels() {
    return labels;
  }

  /** The mean class-weighted cross entropy of the fed batch. */
  public Operand<TFloat32> loss() {
    return parallel.loss();
  }

  /** The optimiser: its train op and fed learning rate. */
  public Adam optimiser() {
    return parallel.adam();
  }

  /** The number of data-parallel replicas (1: the plain graph). */
  public int replicas() {
    return parallel.replicas();
  }

  /** The evaluation images, any batch and size. */
  @Override
  public Placeholder<TFloat32> evalInput() {
    return evalInput;
  }

  /** The arg-max class of each evaluation image (or pixel). */
  @Override
  public Operand<TInt32> evalPredictions() {
    return evalPredictions;
  }

  /** The variables a checkpoint holds: the network's and its optimiser's. */
  public List<VarStore.Var> savedVariables() {
    return saved;
  }
}

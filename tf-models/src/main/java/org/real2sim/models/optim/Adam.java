package org.real2sim.models.optim;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Adam for an explicit list of variables, with the learning rate fed per step and the optimiser
 * state kept in the {@link VarStore} so that checkpoints carry it.
 *
 * <p>Why not the framework's Adam: it has a fixed learning rate, trains every variable in the graph
 * (the discriminators and the frozen expert included) and races its β-power updates against the
 * applies, so two runs differ. This one:
 *
 * <ul>
 *   <li>differentiates the loss with {@link Graph#addGradients(String, Output[], Output[],
 *       Output[])} with respect to exactly the listed variables, under the prefix {@code
 *       <name>/gradients}, so several optimisers can share one graph;
 *   <li>creates, per variable, the non-trainable slots {@code <name>/<variable>/m} and {@code
 *       <name>/<variable>/v} (zeros), plus {@code <name>/beta1_power} and {@code
 *       <name>/beta2_power} (initialised to β1 and β2), all {@code VariableV2} in the store;
 *   <li>builds one {@code ApplyAdam} per variable, each gated on every gradient (and on the
 *       optional extra control ops, e.g. batch-norm updates), so no weight changes before all
 *       gradients have been computed; then multiplies the β powers by β1, β2 strictly after every
 *       apply. The step is therefore deterministic: the same seed and data give bit-identical
 *       weights.
 * </ul>
 *
 * <p>The update is PyTorch's (the reference CycleGAN's): with step t, {@code m ← β1·m + (1−β1)·g},
 * {@code v ← β2·v + (1−β2)·g²}, {@code θ ← θ − lr·m̂ / (√v̂ + ε)}, {@code m̂ = m/(1−β1^t)}, {@code
 * v̂ = v/(1−β2^t)}. TensorFlow's {@code ApplyAdam} adds ε to {@code √v} instead of {@code √v̂}; it
 * is fed {@code ε·√(1−β2^t)}, which makes the two formulas identical.
 *
 * <p>Gradients are taken with respect to the variables' {@code VariableV2} ref outputs. TensorFlow
 * 2.18's gradient builder crashes the JVM (SIGSEGV in {@code Node::output_type}) when some ops
 * whose gradient function reads the input's dtype, {@code Square} for one, consume such a ref
 * output directly; read the variable through {@code Identity} first in that case (Conv2D, BiasAdd,
 * Mul, Sub, Div, SquaredDifference, FusedBatchNorm and Conv2DBackpropInput consuming the ref were
 * probed and are fine).
 *
 * <p>Tensors fetched in the same run as {@link #trainOp()} that the loss does not depend on may be
 * computed before or after the weights change; fetch them in a separate run if that matters. For
 * the same reason, run two optimisers whose losses share variables (the generators' and the
 * discriminators') in separate runs, as the reference CycleGAN steps G before D.
 *
 * <p>This class takes the gradients (or receives them, {@link #apply}) and is the handle on the
 * result; the package's {@code AdamGraph} checks the request and builds the slots and the ordered
 * update.
 *
 * @see <a href="https://arxiv.org/abs/1412.6980">Kingma and Ba, Adam: A Method for Stochastic
 *     Optimization</a>
 */
public final class Adam {

  /** The generators' optimiser name (one optimiser for G_RS and G_SR). */
  public static final String NAME_G = "adam_g";

  /** The discriminators' optimiser name (one optimiser for D_S and D_R). */
  public static final String NAME_D = "adam_d";

  /** The expert's optimiser name (stage a, and M3's supervised network). */
  public static final String NAME_EXPERT = "adam_expert";

  /** Leaf name of the first-moment slot of a variable. */
  public static final String SLOT_M = "m";

  /** Leaf name of the second-moment slot of a variable. */
  public static final String SLOT_V = "v";

  /** Leaf name of the β1-power variable ({@code β1^t} before step t is applied). */
  public static final String BETA1_POWER = "beta1_power";

  /** Leaf name of the β2-power variable ({@code β2^t} before step t is applied). */
  public static final String BETA2_POWER = "beta2_power";

  /** Leaf name of the learning-rate placeholder, {@code <name>/learning_rate}. */
  public static final String LEARNING_RATE = "learning_rate";

  /** Leaf name of the train op, {@code <name>/train}. */
  public static final String TRAIN = "train";

  /**
   * Adam's hyper-parameters.
   *
   * @param beta1 decay of the first moment, in [0, 1) (CycleGAN: 0.5)
   * @param beta2 decay of the second moment, in [0, 1) (0.999)
   * @param epsilon added to {@code √v̂}, positive (1e-8)
   */
  public record Config(float beta1, float beta2, float epsilon) {

    /** Validates the ranges. */
    public Config {
      if (!(beta1 >= 0 && beta1 < 1)) {
        throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
      }
      if (!(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("beta2 must be in [0, 1), found " + beta2);
      }
      if (!(epsilon > 0 && Float.isFinite(epsilon))) {
        throw new IllegalArgumentException("epsilon must be positive and finite, found " + epsilon);
      }
    }

    /** The reference CycleGAN's setting: β1 0.5, β2 0.999, ε 1e-8. */
    public static Config cycleGan() {
      return new Config(0.5f, 0.999f, 1e-8f);
    }

    /** Adam's usual defaults (PyTorch, Kingma and Ba): β1 0.9, β2 0.999, ε 1e-8. */
    public static Config standard() {
      return new Config(0.9f, 0.999f, 1e-8f);
    }
  }

  private final String name;
  private final Config config;
  private final List<VarStore.Var> variables;
  private final List<VarStore.Var> slots;
  private final List<Output<TFloat32>> gradients;
  private final Placeholder<TFloat32> learningRate;
  private final NoOp trainOp;

  /** Called by {@code AdamGraph} once the update is built. */
  Adam(
      String name,
      Config config,
      List<VarStore.Var> variables,
      List<VarStore.Var> slots,
      List<Output<TFloat32>> gradients,
      Placeholder<TFloat32> learningRate,
      NoOp trainOp) {
    this.name = name;
    this.config = config;
    this.variables = variables;
    this.slots = slots;
    this.gradients = gradients;
    this.learningRate = learningRate;
    this.trainOp = trainOp;
  }

  /**
   * Builds Adam on {@code loss} for {@code variables}, without extra control dependencies.
   *
   * @see #minimize(VarStore, String, Config, Operand, List, List)
   */
  public static Adam minimize(
      VarStore store,
      String name,
      Config config,
      Operand<TFloat32> loss,
      List<VarStore.Var> variables) {
    return minimize(store, name, config, loss, variables, List.of());
  }

  /**
   * Builds Adam on {@code loss} for exactly {@code variables}: gradients, slots, applies and the
   * train op {@code <name>/train}.
   *
   * @param store the store the variables live in; the slots are created in it
   * @param name the optimiser's name, a single name component such as {@value #NAME_G}; unique in
   *     the graph
   * @param config β1, β2, ε
   * @param loss a float32 scalar
   * @param variables the trainable variables to update, at least one, no duplicates
   * @param controls ops that must run before any variable changes, such as {@link
   *     VarStore#updates(String)} of a network with batch norm
   * @throws IllegalArgumentException naming the problem if the name is invalid or taken, a variable
   *     is unknown, not trainable or listed twice, the loss is not a scalar, or a variable does not
   *     influence the loss
   */
  public static Adam minimize(
      VarStore store,
      String name,
      Config config,
      Operand<TFloat32> loss,
      List<VarStore.Var> variables,
      List<? extends Op> controls) {
    AdamGraph.validate(store, name, loss, variables);
    Graph graph = store.graph();
    Shape shape = loss.shape();
    if (!shape.isUnknown() && shape.numDimensions() != 0) {
      throw new IllegalArgumentException(
          "Optimizer " + name + ": the loss must be a scalar, found shape " + shape);
    }

    Output<?>[] xs = new Output<?>[variables.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = variables.get(i).ref();
    }
    Output<?>[] dys;
    try {
      dys = graph.addGradients(name + "/gradients", new Output<?>[] {loss.asOutput()}, xs, null);
    } catch (IllegalArgumentException e) {
      // TFInvalidArgumentException, e.g. a variable the loss does not depend on.
      throw new IllegalArgumentException(
          "Optimizer "
              + name
              + ": cannot differentiate the loss with respect to its variables: "
              + e.getMessage(),
          e);
    }
    List<Output<TFloat32>> grads = new ArrayList<>();
    for (Output<?> dy : dys) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> g = (Output<TFloat32>) dy;
      grads.add(g);
    }
    return AdamGraph.build(store, name, config, grads, variables, controls);
  }

  /**
   * Builds Adam for exactly {@code variables} from gradients computed elsewhere (for example
   * averaged over data-parallel replicas by {@link DataParallel}): slots, applies and the train op
   * {@code <name>/train}, gated and ordered as {@link #minimize(VarStore, String, Config, Operand,
   * List, List) minimize} does.
   *
   * @param gradients one float32 gradient per variable, in the same order and of the same shape
   * @throws IllegalArgumentException as {@code minimize} does, or if the lists differ in length
   */
  public static Adam apply(
      VarStore store,
      String name,
      Config config,
      List<? extends Operand<TFloat32>> gradients,
      List<VarStore.Var> variables,
      List<? extends Op> controls) {
    AdamGraph.validate(store, name, null, variables);
    if (gradients.size() != variables.size()) {
      throw new IllegalArgumentException(
          "Optimizer "
              + name
              + ": "
              + gradients.size()
              + " gradients for "
              + variables.size()
              + " variables");
    }
    List<Output<TFloat32>> grads = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      grads.add(g.asOutput());
    }
    return AdamGraph.build(store, name, config, grads, variables, controls);
  }

  /** The name of a slot: {@code <optimizer>/<variable>/<slot>}, e.g. {@code adam_g/g_rs/.../m}. */
  public static String slotName(String optimizer, String variable, String slot) {
    return optimizer + "/" + variable + "/" + slot;
  }

  /** The optimiser's name. */
  public String name() {
    return name;
  }

  /** β1, β2, ε. */
  public Config config() {
    return config;
  }

  /** The float32 scalar placeholder {@code <name>/learning_rate}; feed it with every train run. */
  public Placeholder<TFloat32> learningRate() {
    return learningRate;
  }

  /** The op that performs one step: run it as a target with the learning rate fed. */
  public Op trainOp() {
    return trainOp;
  }

  /** The variables this optimiser trains, in the order given. */
  public List<VarStore.Var> variables() {
    return variables;
  }

  /**
   * The optimiser's state variables, for checkpoints: {@code m} and {@code v} of every trained
   * variable in order, then {@code beta1_power} and {@code beta2_power}.
   */
  public List<VarStore.Var> slots() {
    return slots;
  }

  /** The gradients of the loss with respect to {@link #variables()}, in the same order. */
  public List<Output<TFloat32>> gradients() {
    return gradients;
  }
}

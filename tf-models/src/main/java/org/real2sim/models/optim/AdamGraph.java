package org.real2sim.models.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Builds one {@link Adam}'s part of the graph once its gradients exist: checks the request (the
 * name, the variable list), creates the slots and the β powers in the store, and wires the update
 * so that a step is deterministic: every {@code ApplyAdam} gated on every gradient and the extra
 * control ops, the β powers multiplied strictly after every apply, one train op at the end.
 */
final class AdamGraph {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private AdamGraph() {}

  /** Checks the name (valid, not yet taken) and the variables (known, trainable, distinct). */
  static void validate(
      VarStore store, String name, Operand<TFloat32> loss, List<VarStore.Var> variables) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Optimizer name must be a single name component matching "
              + NAME
              + ", found '"
              + name
              + "'");
    }
    if (store.get(name + "/" + Adam.BETA1_POWER) != null) {
      throw new IllegalArgumentException(
          "An optimizer named " + name + " already exists in this graph");
    }
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("Optimizer " + name + ": the variable list is empty");
    }
    Set<String> seen = new HashSet<>();
    for (VarStore.Var v : variables) {
      if (store.get(v.name()) != v) {
        throw new IllegalArgumentException(
            "Optimizer " + name + ": variable " + v.name() + " does not belong to this store");
      }
      if (!v.trainable()) {
        throw new IllegalArgumentException(
            "Optimizer " + name + ": variable " + v.name() + " is not trainable");
      }
      if (!seen.add(v.name())) {
        throw new IllegalArgumentException(
            "Optimizer " + name + ": variable " + v.name() + " is listed twice");
      }
    }
  }

  /** Slots, learning-rate placeholder, gated applies, β-power updates and the train op. */
  static Adam build(
      VarStore store,
      String name,
      Adam.Config config,
      List<Output<TFloat32>> dys,
      List<VarStore.Var> variables,
      List<? extends Op> controls) {
    Graph graph = store.graph();
    List<VarStore.Var> slots = new ArrayList<>();
    List<Output<TFloat32>> ms = new ArrayList<>();
    List<Output<TFloat32>> vs = new ArrayList<>();
    for (VarStore.Var v : variables) {
      store.variable(Adam.slotName(name, v.name(), Adam.SLOT_M), v.shape(), Init.ZEROS, false);
      slots.add(store.get(Adam.slotName(name, v.name(), Adam.SLOT_M)));
      ms.add(store.get(Adam.slotName(name, v.name(), Adam.SLOT_M)).ref());
      store.variable(Adam.slotName(name, v.name(), Adam.SLOT_V), v.shape(), Init.ZEROS, false);
      slots.add(store.get(Adam.slotName(name, v.name(), Adam.SLOT_V)));
      vs.add(store.get(Adam.slotName(name, v.name(), Adam.SLOT_V)).ref());
    }
    store.variable(
        name + "/" + Adam.BETA1_POWER, new long[0], new Init.Constant(config.beta1()), false);
    store.variable(
        name + "/" + Adam.BETA2_POWER, new long[0], new Init.Constant(config.beta2()), false);
    Output<TFloat32> beta1Power = store.get(name + "/" + Adam.BETA1_POWER).ref();
    Output<TFloat32> beta2Power = store.get(name + "/" + Adam.BETA2_POWER).ref();
    slots.add(store.get(name + "/" + Adam.BETA1_POWER));
    slots.add(store.get(name + "/" + Adam.BETA2_POWER));

    // A scope created after the slots, so its unique names account for them.
    Ops tf = Ops.create(graph).withSubScope(name);
    Placeholder<TFloat32> lr =
        tf.withName(Adam.LEARNING_RATE)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

    List<Output<TFloat32>> grads = dys;
    List<Op> ready = new ArrayList<>(controls);
    for (Output<TFloat32> g : dys) {
      ready.add(tf.identity(g));
    }
    NoOp gradientsReady = tf.withControlDependencies(ready).withName("gradients_ready").noOp();

    Ops gated = tf.withControlDependencies(List.<Op>of(gradientsReady));
    Operand<TFloat32> beta1 = gated.constant(config.beta1());
    Operand<TFloat32> beta2 = gated.constant(config.beta2());
    // PyTorch's ε on √v̂ equals TensorFlow's ε on √v scaled by √(1 − β2^t).
    Operand<TFloat32> epsilonHat =
        gated.math.mul(
            gated.constant(config.epsilon()),
            gated.math.sqrt(gated.math.sub(gated.constant(1f), beta2Power)));
    List<Op> applies = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      applies.add(
          gated.train.applyAdam(
              variables.get(i).ref(),
              ms.get(i),
              vs.get(i),
              beta1Power,
              beta2Power,
              lr,
              beta1,
              beta2,
              epsilonHat,
              grads.get(i)));
    }
    Ops after = tf.withControlDependencies(applies);
    Op update1 =
        after.assign(beta1Power, after.math.mul(beta1Power, after.constant(config.beta1())));
    Op update2 =
        after.assign(beta2Power, after.math.mul(beta2Power, after.constant(config.beta2())));
    NoOp train = tf.withControlDependencies(List.of(update1, update2)).withName(Adam.TRAIN).noOp();

    return new Adam(
        name,
        config,
        List.copyOf(variables),
        Collections.unmodifiableList(slots),
        Collections.unmodifiableList(grads),
        lr,
        train);
  }
}

package org.real2sim.models.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.op.train.Save;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The graph side of a checkpoint: one {@code SaveV2} and one {@code RestoreV2} (+ assigns) op for a
 * fixed list of variables, built once and reused for every save and restore, so saving never grows
 * the graph.
 *
 * <p>The list need not be every variable of the graph: stage c's graph holds the frozen expert and
 * the GAN; a saver over the GAN's variables (and their optimiser slots) restores stage b's
 * checkpoint into it, and another over {@code expert} restores stage a's. A checkpoint may hold
 * more tensors than a saver restores.
 *
 * <p>The file prefix is a fed string, so the same ops write anywhere. {@link Checkpoints} adds the
 * directory layout, the manifest and the atomic publication on top of this class.
 */
public final class Saver {

  private final List<VarStore.Var> variables;
  private final Placeholder<TString> prefix;
  private final Save save;
  private final NoOp restore;

  /**
   * Builds the save and restore ops for {@code variables} in the store's graph (sub scope {@code
   * saver}, made unique by TensorFlow if several savers exist).
   *
   * @param store the store the variables belong to
   * @param variables the variables to save and restore, at least one, no duplicates; their order is
   *     the save order
   * @throws IllegalArgumentException naming the variable if one is listed twice or not in the store
   */
  public Saver(VarStore store, Collection<VarStore.Var> variables) {
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("A saver needs at least one variable");
    }
    Set<String> seen = new HashSet<>();
    for (VarStore.Var v : variables) {
      if (store.get(v.name()) != v) {
        throw new IllegalArgumentException(
            "Variable " + v.name() + " does not belong to this variable store");
      }
      if (!seen.add(v.name())) {
        throw new IllegalArgumentException("Variable " + v.name() + " is listed twice");
      }
    }
    this.variables = List.copyOf(variables);
    int n = this.variables.size();
    String[] names = new String[n];
    String[] slices = new String[n];
    List<Operand<?>> refs = new ArrayList<>();
    List<Class<? extends TType>> dtypes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names[i] = this.variables.get(i).name();
      slices[i] = "";
      refs.add(this.variables.get(i).ref());
      dtypes.add(TFloat32.class);
    }
    Ops tf = Ops.create(store.graph()).withSubScope("saver");
    prefix = tf.withName("prefix").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TString> tensorNames = tf.constant(StandardCharsets.UTF_8, names);
    Operand<TString> shapesAndSlices = tf.constant(StandardCharsets.UTF_8, slices);
    save = tf.withName("save").train.save(prefix, tensorNames, shapesAndSlices, refs);
    Restore restored = tf.train.restore(prefix, tensorNames, shapesAndSlices, dtypes);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> value = (Output<TFloat32>) restored.tensors().get(i);
      assigns.add(tf.assign(this.variables.get(i).ref(), value));
    }
    restore = tf.withControlDependencies(assigns).withName("restore").noOp();
  }

  /** The variables this saver writes and restores, in save order. */
  public List<VarStore.Var> variables() {
    return Collections.unmodifiableList(variables);
  }

  /**
   * Writes the variables' current values as a TensorFlow V2 bundle: {@code <prefix>.index} and
   * {@code <prefix>.data-00000-of-00001}.
   *
   * @throws CheckpointException wrapping the native error, naming the prefix
   */
  public void save(Session session, Path prefixPath) throws CheckpointException {
    try (TString p = TString.scalarOf(prefixPath.toString());
        Result unused = session.runner().feed(prefix, p).addTarget(save).run()) {
      // Nothing is fetched: running the target does the work.
    } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
      // TensorFlow's status exceptions: TFInvalidArgumentException is an IllegalArgumentException,
      // TFUnimplementedException an UnsupportedOperationException, the others TensorFlowExceptions.
      throw new CheckpointException(
          prefixPath,
          "Could not save "
              + variables.size()
              + " variables to "
              + prefixPath
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Assigns every variable its value from the V2 bundle at {@code prefixPath}, in one session run.
   * Callers that want clear messages check names and shapes first ({@link Checkpoints#restore}
   * does, against the manifest).
   *
   * @throws CheckpointException wrapping the native error (a tensor missing from the bundle, a
   *     shape mismatch, a corrupted file), naming the prefix
   */
  public void restore(Session session, Path prefixPath) throws CheckpointException {
    try (TString p = TString.scalarOf(prefixPath.toString());
        Result unused = session.runner().feed(prefix, p).addTarget(restore).run()) {
      // Nothing is fetched: running the target does the work.
    } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
      // TensorFlow's status exceptions: TFInvalidArgumentException is an IllegalArgumentException,
      // TFUnimplementedException an UnsupportedOperationException, the others TensorFlowExceptions.
      throw new CheckpointException(
          prefixPath,
          "Could not restore "
              + variables.size()
              + " variables from "
              + prefixPath
              + ": "
              + e.getMessage(),
          e);
    }
  }
}

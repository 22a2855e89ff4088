package org.real2sim.models.nn;

import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where a piece of a network is being built: the {@link Ops} (already in the block's name scope),
 * the {@link VarStore}, and the block's variable path such as {@code g_rs/res_3}.
 *
 * <p>Compute ops get TensorFlow's (possibly uniquified) scope names; variables get the stable path,
 * so a network called twice shares its weights and the exporter finds them by name.
 *
 * @param tf ops whose name scope is this block
 * @param vars the variable store of the graph
 * @param path the variable path of this block, without a trailing slash
 */
public record Block(Ops tf, VarStore vars, String path) {

  /** The root block of a network named {@code name}. */
  public static Block root(Ops tf, VarStore vars, String name) {
    return new Block(tf.withSubScope(name), vars, name);
  }

  /** A sub-block {@code name}: variables under {@code path/name}, ops in a sub scope. */
  public Block child(String name) {
    return new Block(tf.withSubScope(name), vars, path + "/" + name);
  }

  /** The variable {@code path/leaf}, created on first use. */
  public Output<TFloat32> variable(String leaf, long[] shape, Init init, boolean trainable) {
    return vars.variable(path + "/" + leaf, shape, init, trainable);
  }
}

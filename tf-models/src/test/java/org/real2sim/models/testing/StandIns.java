package org.real2sim.models.testing;

import java.util.List;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Tiny stand-ins for the project's networks, built from raw ops with the project's variable names,
 * so that loss, optimiser and checkpoint tests do not depend on the real architectures.
 */
public final class StandIns {

  private StandIns() {}

  /**
   * A one-convolution "generator": 3×3 SAME conv, 3 → 3 channels, bias, tanh. Variables {@code
   * <name>/conv/kernel} [3, 3, 3, 3] and {@code <name>/conv/bias} [3].
   */
  public static Operand<TFloat32> generator(
      Ops tf, VarStore vars, String name, Operand<TFloat32> x) {
    Block b = Block.root(tf, vars, name).child("conv");
    Operand<TFloat32> k =
        b.variable("kernel", new long[] {3, 3, 3, 3}, new Init.Normal(0, 0.3), true);
    Operand<TFloat32> bias = b.variable("bias", new long[] {3}, new Init.Normal(0, 0.1), true);
    Ops o = b.tf();
    Operand<TFloat32> y = o.nn.biasAdd(o.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
    return o.math.tanh(y);
  }

  /**
   * A one-convolution "discriminator": 4×4 stride-2 SAME conv to one channel, the patch map.
   * Variables {@code <name>/conv/kernel} [4, 4, 3, 1] and {@code <name>/conv/bias} [1].
   */
  public static Operand<TFloat32> discriminator(
      Ops tf, VarStore vars, String name, Operand<TFloat32> x) {
    Block b = Block.root(tf, vars, name).child("conv");
    Operand<TFloat32> k =
        b.variable("kernel", new long[] {4, 4, 3, 1}, new Init.Normal(0, 0.2), true);
    Operand<TFloat32> bias = b.variable("bias", new long[] {1}, Init.ZEROS, true);
    Ops o = b.tf();
    return o.nn.biasAdd(o.nn.conv2d(x, k, List.of(1L, 2L, 2L, 1L), "SAME"), bias);
  }

  /**
   * A conv + dense "expert" for classification: maps a [-1, 1] image to [0, 1], 3×3 conv 3 → 4,
   * ReLU, global average pooling, dense 4 → {@code classes}. Variables {@code
   * expert/conv_1/{kernel,bias}} and {@code expert/fc/{kernel,bias}}.
   */
  public static Operand<TFloat32> expert(Ops tf, VarStore vars, Operand<TFloat32> x, int classes) {
    Block root = Block.root(tf, vars, "expert");
    Block conv = root.child("conv_1");
    Operand<TFloat32> k =
        conv.variable("kernel", new long[] {3, 3, 3, 4}, new Init.Normal(0, 0.5), true);
    Operand<TFloat32> b = conv.variable("bias", new long[] {4}, new Init.Normal(0, 0.1), true);
    Ops o = conv.tf();
    Operand<TFloat32> unit = o.math.mul(o.math.add(x, o.constant(1f)), o.constant(0.5f));
    Operand<TFloat32> h =
        o.nn.relu(o.nn.biasAdd(o.nn.conv2d(unit, k, List.of(1L, 1L, 1L, 1L), "SAME"), b));
    Operand<TFloat32> pooled = o.math.mean(h, o.constant(new int[] {1, 2}));
    Block fc = root.child("fc");
    Operand<TFloat32> w =
        fc.variable("kernel", new long[] {4, classes}, new Init.Normal(0, 0.5), true);
    Operand<TFloat32> c = fc.variable("bias", new long[] {classes}, Init.ZEROS, true);
    return fc.tf().nn.biasAdd(fc.tf().linalg.matMul(pooled, w), c);
  }
}

package org.real2sim.models.spec;

import java.util.List;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Convolutions;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.Layers;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds a {@link Net} as TensorFlow ops on NHWC float32 tensors, creating its variables in a
 * {@link VarStore} under the network's name (the only class of this package that sees TensorFlow).
 *
 * <p>Each layer is one {@link Layers} function applied in the current {@link Block}: a {@link
 * Layer.Scope} opens a child block (variables under {@code path/name}, ops in a sub scope), a
 * {@link Layer.Residual} adds its body's output to its input in the current block. Calling {@link
 * #call} twice with the same store shares the variables.
 */
public final class TfBuilder {

  private TfBuilder() {}

  /**
   * Applies {@code net} to {@code x}, its variables under {@code name} in {@code vars}.
   *
   * @param x {@code [N, H, W, net.inChannels()]}; the channel dimension must be known
   */
  public static Operand<TFloat32> call(
      Net net, String name, VarStore vars, Ops tf, Operand<TFloat32> x) {
    return layers(Block.root(tf, vars, name), net.kernelInit(), net.layers(), x);
  }

  private static Operand<TFloat32> layers(
      Block b, Init init, List<Layer> layers, Operand<TFloat32> x) {
    Operand<TFloat32> h = x;
    for (Layer l : layers) {
      h = layer(b, init, l, h);
    }
    return h;
  }

  /**
   * Applies one layer in block {@code b} (its variables under {@code b}'s path); for tests and for
   * networks that embed a spec'd layer.
   */
  public static Operand<TFloat32> layer(Block b, Init init, Layer l, Operand<TFloat32> x) {
    Ops tf = b.tf();
    if (l instanceof Layer.Conv c) {
      return Layers.conv2d(b, x, c.out(), c.kernel(), c.stride(), c.padding(), c.bias(), init);
    } else if (l instanceof Layer.ConvTranspose t) {
      return convTranspose(b, x, t, init);
    } else if (l instanceof Layer.ReflectPad p) {
      return Layers.reflectPad(tf, x, p.pad());
    } else if (l instanceof Layer.InstanceNorm) {
      return Layers.instanceNorm(tf, x);
    } else if (l instanceof Layer.Relu) {
      return Layers.relu(tf, x);
    } else if (l instanceof Layer.LeakyRelu r) {
      return Layers.leakyRelu(tf, x, r.alpha());
    } else if (l instanceof Layer.Tanh) {
      return tf.math.tanh(x);
    } else if (l instanceof Layer.Residual r) {
      return tf.math.add(x, layers(b, init, r.body(), x));
    } else if (l instanceof Layer.Scope s) {
      return layers(b.child(s.name()), init, s.layers(), x);
    }
    throw new IllegalStateException("unhandled layer " + l);
  }

  /** Kernel {@code [k, k, out, in]}, {@link Convolutions#convTranspose}, then the optional bias. */
  private static Operand<TFloat32> convTranspose(
      Block b, Operand<TFloat32> x, Layer.ConvTranspose t, Init init) {
    if (x.shape().numDimensions() != 4 || x.shape().size(3) < 0) {
      throw new IllegalArgumentException(
          "Input of "
              + b.path()
              + " must be NHWC [N, H, W, C] with known C, found shape "
              + x.shape());
    }
    long in = x.shape().size(3);
    Operand<TFloat32> w =
        b.variable("kernel", new long[] {t.kernel(), t.kernel(), t.out(), in}, init, true);
    Operand<TFloat32> y =
        Convolutions.convTranspose(b.tf(), x, w, t.stride(), t.padding(), t.outputPadding());
    if (!t.bias()) {
      return y;
    }
    Operand<TFloat32> bias = b.variable("bias", new long[] {t.out()}, Init.ZEROS, true);
    return b.tf().nn.biasAdd(y, bias);
  }
}

package org.real2sim.models.spec;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.BatchNorm;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Convolutions;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.InstanceNorm;
import org.real2sim.models.nn.Layers;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds a {@link Net} as TensorFlow ops on NHWC float32 tensors, creating its variables in a
 * {@link VarStore} under the network's name (the only class of this package that sees TensorFlow).
 *
 * <p>Each layer is one {@link Layers} (or {@link BatchNorm}) function applied in the current {@link
 * Block}: a {@link Layer.Scope} opens a child block (variables under {@code path/name}, ops in a
 * sub scope), a {@link Layer.Residual} adds its body's output to its input, a {@link
 * Layer.ResidualBlock} its body's output and its shortcut's, a {@link Layer.Parallel} concatenates
 * its branches on the channel axis, all in the current block. Built for training, batch norms use
 * the batch statistics and register their moving-average updates, and dropout is applied; for
 * inference, the running statistics and no dropout. Calling {@link #call} twice with the same store
 * shares the variables.
 */
public final class TfBuilder {

  private final Init init;
  private final boolean training;
  private final Operand<TFloat32> netInput;
  private final List<Operand<TFloat32>> branchInputs = new ArrayList<>();

  private TfBuilder(Init init, boolean training, Operand<TFloat32> netInput) {
    this.init = init;
    this.training = training;
    this.netInput = netInput;
  }

  /**
   * Applies {@code net} to {@code x} for inference, its variables under {@code name} in {@code
   * vars}.
   *
   * @param x {@code [N, H, W, net.inChannels()]}
   */
  public static Operand<TFloat32> call(
      Net net, String name, VarStore vars, Ops tf, Operand<TFloat32> x) {
    return call(net, name, vars, tf, x, false);
  }

  /**
   * Applies {@code net} to {@code x}, its variables under {@code name} in {@code vars}.
   *
   * @param x {@code [N, H, W, net.inChannels()]}
   * @param training batch statistics, moving-average updates (registered in {@code vars} under the
   *     network's paths) and dropout; or running statistics without dropout (gradients still flow
   *     to {@code x})
   * @throws IllegalArgumentException when {@code x} is not NHWC with {@code net.inChannels()}
   *     channels
   */
  public static Operand<TFloat32> call(
      Net net, String name, VarStore vars, Ops tf, Operand<TFloat32> x, boolean training) {
    if (x.shape().numDimensions() != 4 || x.shape().size(3) != net.inChannels()) {
      throw new IllegalArgumentException(
          "Input of " + name + " must be [N, H, W, " + net.inChannels() + "], found " + x.shape());
    }
    return layers(Block.root(tf, vars, name), net.kernelInit(), net.layers(), x, training);
  }

  /**
   * Applies {@code layers} to {@code x} in block {@code b} (their variables under {@code b}'s
   * path), {@code x} being the input for {@link Layer.ResizeBilinear.Target#NET_INPUT}; for
   * networks that embed spec'd layers, as {@code ResNetBackbone}.
   */
  public static Operand<TFloat32> layers(
      Block b, Init init, List<Layer> layers, Operand<TFloat32> x, boolean training) {
    return new TfBuilder(init, training, x).apply(b, layers, x);
  }

  /**
   * Applies one layer for inference in block {@code b} (its variables under {@code b}'s path); for
   * tests.
   */
  public static Operand<TFloat32> layer(Block b, Init init, Layer l, Operand<TFloat32> x) {
    return new TfBuilder(init, false, x).layer(b, l, x);
  }

  private Operand<TFloat32> apply(Block b, List<Layer> layers, Operand<TFloat32> x) {
    Operand<TFloat32> h = x;
    for (Layer l : layers) {
      h = layer(b, l, h);
    }
    return h;
  }

  private Operand<TFloat32> layer(Block b, Layer l, Operand<TFloat32> x) {
    Ops tf = b.tf();
    if (l instanceof Layer.Conv c) {
      Init i = c.init() == null ? init : c.init();
      return Layers.conv2d(
          b, x, c.out(), c.kernel(), c.stride(), c.padding(), c.dilation(), c.bias(), i);
    } else if (l instanceof Layer.ConvTranspose t) {
      return convTranspose(b, x, t);
    } else if (l instanceof Layer.ReflectPad p) {
      return Layers.reflectPad(tf, x, p.pad());
    } else if (l instanceof Layer.InstanceNorm) {
      return InstanceNorm.apply(tf, x);
    } else if (l instanceof Layer.BatchNorm n) {
      return BatchNorm.apply(b, x, training, n.momentum(), n.epsilon());
    } else if (l instanceof Layer.Relu) {
      return Layers.relu(tf, x);
    } else if (l instanceof Layer.LeakyRelu r) {
      return Layers.leakyRelu(tf, x, r.alpha());
    } else if (l instanceof Layer.Tanh) {
      return tf.math.tanh(x);
    } else if (l instanceof Layer.MaxPool p) {
      return Layers.maxPool(tf, x, p.kernel(), p.stride(), p.padding());
    } else if (l instanceof Layer.GlobalAvgPool p) {
      return Layers.globalAvgPool(tf, x, !p.flatten());
    } else if (l instanceof Layer.Dense d) {
      // PyTorch's Linear: kernel and bias from U(±1/√in); Layers.dense checks x is [N, in].
      long in = x.shape().numDimensions() == 2 ? x.shape().size(1) : 1;
      Init fc = new Init.Uniform(1 / Math.sqrt(in));
      return Layers.dense(b, x, d.units(), fc, fc);
    } else if (l instanceof Layer.Dropout d) {
      return training && d.rate() > 0 ? Layers.dropout(b, x, d.rate()) : x;
    } else if (l instanceof Layer.ResizeBilinear r) {
      Operand<TFloat32> to =
          r.target() == Layer.ResizeBilinear.Target.NET_INPUT ? netInput : branchInput(b);
      return Layers.resizeBilinearLike(tf, x, to);
    } else if (l instanceof Layer.Residual r) {
      return tf.math.add(x, apply(b, r.body(), x));
    } else if (l instanceof Layer.ResidualBlock r) {
      Operand<TFloat32> h = apply(b, r.body(), x);
      return tf.math.add(h, apply(b, r.shortcut(), x));
    } else if (l instanceof Layer.Parallel p) {
      branchInputs.add(x);
      List<Operand<TFloat32>> outs = new ArrayList<>();
      for (Layer branch : p.branches()) {
        outs.add(layer(b, branch, x));
      }
      branchInputs.remove(branchInputs.size() - 1);
      return tf.concat(outs, tf.constant(3));
    } else if (l instanceof Layer.Scope s) {
      return apply(b.child(s.name()), s.layers(), x);
    }
    throw new IllegalStateException("unhandled layer " + l);
  }

  private Operand<TFloat32> branchInput(Block b) {
    if (branchInputs.isEmpty()) {
      throw new IllegalArgumentException(
          "a resize to the branch input must be inside a parallel layer, at " + b.path());
    }
    return branchInputs.get(branchInputs.size() - 1);
  }

  /** Kernel {@code [k, k, out, in]}, {@link Convolutions#convTranspose}, then the optional bias. */
  private Operand<TFloat32> convTranspose(Block b, Operand<TFloat32> x, Layer.ConvTranspose t) {
    long in = Layers.channels(b.path(), x);
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

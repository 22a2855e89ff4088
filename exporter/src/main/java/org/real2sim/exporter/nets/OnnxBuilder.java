package org.real2sim.exporter.nets;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxConvolutions;
import org.real2sim.exporter.onnx.OnnxLayers;
import org.real2sim.exporter.onnx.Padding;
import org.real2sim.exporter.onnx.TransposeGeometry;
import org.real2sim.models.nn.Layers;
import org.real2sim.models.spec.Layer;
import org.real2sim.models.spec.Net;

/**
 * Writes a {@link Net} spec as ONNX operators on NCHW float32 values, reading every weight by the
 * variable name tf-models' {@code TfBuilder} gives it, and checking its shape against the spec (the
 * input channels are followed through the layers). The ONNX is the inference form: batch norms use
 * the running statistics and dropout is absent.
 *
 * <p>Each layer is one {@link OnnxLayers} or {@link OnnxConvolutions} writer: {@code Conv} (zero
 * padding as {@code pads}, {@code dilations}), {@code ConvTranspose} (PyTorch geometry), {@code
 * Pad(mode=reflect)}, {@code InstanceNormalization} (scale 1, bias 0, epsilon {@link
 * Layers#INSTANCE_NORM_EPSILON}), {@code BatchNormalization}, {@code MaxPool} (padded positions
 * never win, as TensorFlow's −∞ padding), {@code GlobalAveragePool} (and {@code Flatten}), {@code
 * Gemm}, {@code Resize} (sizes read at run time), {@code Concat}, {@code Relu}, {@code LeakyRelu},
 * {@code Tanh}, {@code Add}. Two rewrites:
 *
 * <ul>
 *   <li>a convolution directly followed by a batch norm (in the same list, each possibly the only
 *       layer of its scope, as a ResNet's {@code conv_1}, {@code bn_1}) is one {@code Conv} with
 *       the batch norm folded into its weights and bias ({@link OnnxConvolutions#conv2dBatchNorm},
 *       double precision), named by the convolution's scope;
 *   <li>for speed, when the network's last weighted layer is a stride-1 unpadded convolution with
 *       an odd kernel of at least 5 to at most 4 channels (the generator's 7×7 to RGB), it is
 *       written on a space-to-depth view ({@link OnnxConvolutions#conv2dSpaceToDepth}), the same
 *       sums that ONNX Runtime runs about twice as fast (docs/perf.md); its output height and width
 *       must be even, as they are in the generator.
 * </ul>
 *
 * <p>Node names follow the variable paths: a convolution (or a dense layer) is named by its scope
 * ({@code g_rs/in}), an instance norm after the convolution before it ({@code g_rs/in/norm}),
 * activations and sums by their scope ({@code g_rs/res_1/relu}, {@code g_rs/res_1/add}; a ReLU in a
 * {@link Layer.ResidualBlock}'s body {@code relu_1}, {@code relu_2}), a max pool {@code pool}, a
 * global average pool {@code mean} (or {@code pool} and {@code flatten}), a concatenation {@code
 * concat}, a resize {@code upsample} or {@code resize}, reflect pads {@code pad} (or {@code pad_1},
 * {@code pad_2} when a scope has several; a pad at the network's root is named after the scope that
 * follows it).
 */
public final class OnnxBuilder {

  private final OnnxContext ctx;
  private final WeightSet w;
  private final String what;
  private final Layer.Conv lastConv;
  private final String netInput;
  private final List<String> branchInputs = new ArrayList<>();
  private int channels;
  private String lastWeighted;

  private OnnxBuilder(OnnxContext ctx, WeightSet w, String what, Net net, String x) {
    this.ctx = ctx;
    this.w = w;
    this.what = what;
    this.netInput = x;
    this.channels = net.inChannels();
    this.lastConv = LayerQueries.lastConv(net.layers(), null);
  }

  /**
   * Writes {@code net} with its weights under {@code name}.
   *
   * @param x NCHW float32 with {@code net.inChannels()} channels
   * @return the NCHW output ({@code [N, C]} after a dense layer)
   * @throws org.real2sim.exporter.ExportException when a weight is missing or misshapen
   */
  public static String write(OnnxContext ctx, String x, WeightSet w, String name, Net net) {
    OnnxBuilder b = new OnnxBuilder(ctx, w, net.what() + " " + name, net, x);
    return b.layers(name, net.layers(), x, true);
  }

  /** The naming state of one scope: its path and its reflect pads. */
  private static final class Names {
    final String scope;
    final boolean root;
    final int pads;
    int pad;

    Names(String scope, boolean root, int pads) {
      this.scope = scope;
      this.root = root;
      this.pads = pads;
    }

    String nextPad() {
      return scope + (pads == 1 ? "/pad" : "/pad_" + (pad + 1));
    }
  }

  /** Where a list of layers is, for the names of its pads and ReLUs. */
  private enum Part {
    /** The scope's own list (or a parallel branch, or a shortcut). */
    SCOPE,
    /** The body of a {@link Layer.Residual}: pads numbered in the scope's count. */
    RESIDUAL,
    /** The body of a {@link Layer.ResidualBlock}: ReLUs numbered {@code relu_1}, {@code relu_2}. */
    BLOCK_BODY
  }

  private String layers(String scope, List<Layer> layers, String x, boolean root) {
    return sequence(new Names(scope, root, LayerQueries.countPads(layers)), layers, x, Part.SCOPE);
  }

  /** Applies {@code layers}, a part of scope {@code n}. */
  private String sequence(Names n, List<Layer> layers, String x, Part part) {
    String h = x;
    int relus = 0;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      if (i + 1 < layers.size()) {
        String convPath = LayerQueries.pathOf(n.scope, l, Layer.Conv.class);
        String bnPath = LayerQueries.pathOf(n.scope, layers.get(i + 1), Layer.BatchNorm.class);
        if (convPath != null && bnPath != null) {
          h =
              convBatchNorm(
                  convPath,
                  LayerQueries.only(l, Layer.Conv.class),
                  bnPath,
                  LayerQueries.only(layers.get(i + 1), Layer.BatchNorm.class),
                  h);
          i++;
          continue;
        }
      }
      if (l instanceof Layer.ReflectPad p) {
        String name =
            n.root && part == Part.SCOPE
                ? n.scope + "/" + LayerQueries.nextScope(layers, i) + "/pad"
                : n.nextPad();
        n.pad++;
        h = OnnxLayers.reflectPad(ctx, h, p.pad(), name);
      } else if (l instanceof Layer.Relu) {
        relus++;
        h =
            OnnxLayers.relu(
                ctx, h, n.scope + (part == Part.BLOCK_BODY ? "/relu_" + relus : "/relu"));
      } else {
        h = layer(n, l, h);
      }
    }
    return h;
  }

  private String layer(Names n, Layer l, String x) {
    String scope = n.scope;
    if (l instanceof Layer.Conv c) {
      return conv(scope, c, x);
    } else if (l instanceof Layer.ConvTranspose t) {
      w.require(scope + "/kernel", new long[] {t.kernel(), t.kernel(), t.out(), channels}, what);
      bias(scope, t.bias(), t.out());
      lastWeighted = scope;
      channels = t.out();
      return OnnxConvolutions.convTranspose(
          ctx, x, w, scope, t.stride(), TransposeGeometry.pytorch(t.padding(), t.outputPadding()));
    } else if (l instanceof Layer.InstanceNorm) {
      return OnnxLayers.instanceNorm(
          ctx, x, channels, Layers.INSTANCE_NORM_EPSILON, lastWeighted + "/norm");
    } else if (l instanceof Layer.BatchNorm bn) {
      requireBatchNorm(scope);
      return OnnxLayers.batchNorm(ctx, x, w, scope, bn.epsilon());
    } else if (l instanceof Layer.LeakyRelu r) {
      return OnnxLayers.leakyRelu(ctx, x, r.alpha(), scope + "/leaky_relu");
    } else if (l instanceof Layer.Tanh) {
      return OnnxLayers.tanh(ctx, x, scope + "/tanh");
    } else if (l instanceof Layer.MaxPool p) {
      return OnnxLayers.maxPool(
          ctx, x, p.kernel(), p.stride(), padding(p.padding()), scope + "/pool");
    } else if (l instanceof Layer.GlobalAvgPool p) {
      if (!p.flatten()) {
        return OnnxLayers.globalAveragePool(ctx, x, scope + "/mean");
      }
      String pooled = OnnxLayers.globalAveragePool(ctx, x, scope + "/pool");
      return OnnxLayers.flatten(ctx, pooled, scope + "/flatten");
    } else if (l instanceof Layer.Dense d) {
      w.require(scope + "/kernel", new long[] {channels, d.units()}, what);
      w.require(scope + "/bias", new long[] {d.units()}, what);
      channels = d.units();
      return OnnxLayers.dense(ctx, x, w, scope);
    } else if (l instanceof Layer.Dropout) {
      // Training only: its step counter (which keys the stateless masks) has no node here.
      if (w.containsKey(scope + "/dropout_step")) {
        w.require(scope + "/dropout_step", new long[0], "the training-only dropout step counter");
      }
      return x;
    } else if (l instanceof Layer.ResizeBilinear r) {
      if (r.target() == Layer.ResizeBilinear.Target.NET_INPUT) {
        return OnnxLayers.resizeBilinearLike(ctx, x, netInput, scope + "/upsample");
      }
      if (branchInputs.isEmpty()) {
        throw new IllegalArgumentException(
            "a resize to the branch input must be inside a parallel layer, at " + scope);
      }
      String to = branchInputs.get(branchInputs.size() - 1);
      return OnnxLayers.resizeBilinearLike(ctx, x, to, scope + "/resize");
    } else if (l instanceof Layer.Residual r) {
      String h = sequence(n, r.body(), x, Part.RESIDUAL);
      return OnnxLayers.add(ctx, x, h, scope + "/add");
    } else if (l instanceof Layer.ResidualBlock r) {
      int in = channels;
      String h = sequence(n, r.body(), x, Part.BLOCK_BODY);
      int out = channels;
      channels = in;
      String shortcut = sequence(n, r.shortcut(), x, Part.SCOPE);
      channels = out;
      return OnnxLayers.add(ctx, h, shortcut, scope + "/add");
    } else if (l instanceof Layer.Parallel p) {
      int in = channels;
      int sum = 0;
      branchInputs.add(x);
      List<String> outs = new ArrayList<>();
      for (Layer b : p.branches()) {
        channels = in;
        outs.add(sequence(n, List.of(b), x, Part.SCOPE));
        sum += channels;
      }
      branchInputs.remove(branchInputs.size() - 1);
      channels = sum;
      return OnnxLayers.concat(ctx, outs, scope + "/concat");
    } else if (l instanceof Layer.Scope s) {
      return layers(scope + "/" + s.name(), s.layers(), x, false);
    }
    throw new IllegalStateException("unhandled layer " + l);
  }

  private String conv(String scope, Layer.Conv c, String x) {
    w.require(scope + "/kernel", new long[] {c.kernel(), c.kernel(), channels, c.out()}, what);
    bias(scope, c.bias(), c.out());
    lastWeighted = scope;
    channels = c.out();
    if (c == lastConv
        && c.stride() == 1
        && c.padding() == 0
        && c.dilation() == 1
        && c.kernel() >= 5
        && c.kernel() % 2 == 1
        && c.out() <= 4) {
      return OnnxConvolutions.conv2dSpaceToDepth(ctx, x, w, scope);
    }
    return OnnxConvolutions.conv2d(
        ctx, x, w, scope, c.stride(), padding(c.padding()), c.dilation());
  }

  /** A convolution and the batch norm after it, folded into one {@code Conv}. */
  private String convBatchNorm(
      String convPath, Layer.Conv c, String bnPath, Layer.BatchNorm bn, String x) {
    w.require(convPath + "/kernel", new long[] {c.kernel(), c.kernel(), channels, c.out()}, what);
    bias(convPath, c.bias(), c.out());
    channels = c.out();
    requireBatchNorm(bnPath);
    lastWeighted = convPath;
    return OnnxConvolutions.conv2dBatchNorm(
        ctx, x, w, convPath, bnPath, c.stride(), padding(c.padding()), c.dilation(), bn.epsilon());
  }

  private void requireBatchNorm(String path) {
    for (String leaf : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
      w.require(path + "/" + leaf, new long[] {channels}, what);
    }
  }

  private void bias(String scope, boolean bias, int out) {
    if (bias) {
      w.require(scope + "/bias", new long[] {out}, what);
    }
  }

  private static Padding padding(int p) {
    return p == 0 ? Padding.valid() : Padding.symmetric(p);
  }
}

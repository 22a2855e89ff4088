package org.real2sim.exporter.nets;

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
 * input channels are followed through the layers).
 *
 * <p>Each layer is one {@link OnnxLayers} writer: {@code Conv} (zero padding as {@code pads}),
 * {@code ConvTranspose} (PyTorch geometry), {@code Pad(mode=reflect)}, {@code
 * InstanceNormalization} (scale 1, bias 0, epsilon {@link Layers#INSTANCE_NORM_EPSILON}), {@code
 * Relu}, {@code LeakyRelu}, {@code Tanh}, {@code Add}. One rewrite, for speed: when the network's
 * last weighted layer is a stride-1 unpadded convolution with an odd kernel of at least 5 to at
 * most 4 channels (the generator's 7×7 to RGB), it is written on a space-to-depth view ({@link
 * OnnxConvolutions#conv2dSpaceToDepth}), the same sums that ONNX Runtime runs about twice as fast
 * (docs/perf.md); its output height and width must be even, as they are in the generator.
 *
 * <p>Node names follow the variable paths: a convolution is named by its scope ({@code g_rs/in}), a
 * norm after the convolution before it ({@code g_rs/in/norm}), activations and the residual sum by
 * their scope ({@code g_rs/res_1/relu}, {@code g_rs/res_1/add}), reflect pads {@code pad} (or
 * {@code pad_1}, {@code pad_2} when a scope has several; a pad at the network's root is named after
 * the scope that follows it).
 */
public final class OnnxBuilder {

  private final OnnxContext ctx;
  private final WeightSet w;
  private final String what;
  private final Layer.Conv lastConv;
  private int channels;
  private String lastWeighted;

  private OnnxBuilder(OnnxContext ctx, WeightSet w, String what, Net net) {
    this.ctx = ctx;
    this.w = w;
    this.what = what;
    this.channels = net.inChannels();
    this.lastConv = lastConv(net.layers(), null);
  }

  /**
   * Writes {@code net} with its weights under {@code name}.
   *
   * @param x NCHW float32 with {@code net.inChannels()} channels
   * @return the NCHW output
   * @throws org.real2sim.exporter.ExportException when a weight is missing or misshapen
   */
  public static String write(OnnxContext ctx, String x, WeightSet w, String name, Net net) {
    OnnxBuilder b = new OnnxBuilder(ctx, w, net.what() + " " + name, net);
    return b.layers(name, net.layers(), x, true);
  }

  private String layers(String scope, List<Layer> layers, String x, boolean root) {
    int pads = countPads(layers);
    int[] pad = {0};
    String h = x;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String padName;
      if (root) {
        padName = scope + "/" + nextScope(layers, i) + "/pad";
      } else {
        padName = scope + (pads == 1 ? "/pad" : "/pad_" + (pad[0] + 1));
      }
      h = layer(scope, l, h, padName, pads, pad);
    }
    return h;
  }

  private String layer(String scope, Layer l, String x, String padName, int pads, int[] pad) {
    if (l instanceof Layer.Conv c) {
      return conv(scope, c, x);
    } else if (l instanceof Layer.ConvTranspose t) {
      w.require(scope + "/kernel", new long[] {t.kernel(), t.kernel(), t.out(), channels}, what);
      bias(scope, t.bias(), t.out());
      lastWeighted = scope;
      channels = t.out();
      return OnnxConvolutions.convTranspose(
          ctx, x, w, scope, t.stride(), TransposeGeometry.pytorch(t.padding(), t.outputPadding()));
    } else if (l instanceof Layer.ReflectPad p) {
      pad[0]++;
      return OnnxLayers.reflectPad(ctx, x, p.pad(), padName);
    } else if (l instanceof Layer.InstanceNorm) {
      return OnnxLayers.instanceNorm(
          ctx, x, channels, Layers.INSTANCE_NORM_EPSILON, lastWeighted + "/norm");
    } else if (l instanceof Layer.Relu) {
      return OnnxLayers.relu(ctx, x, scope + "/relu");
    } else if (l instanceof Layer.LeakyRelu r) {
      return OnnxLayers.leakyRelu(ctx, x, r.alpha(), scope + "/leaky_relu");
    } else if (l instanceof Layer.Tanh) {
      return OnnxLayers.tanh(ctx, x, scope + "/tanh");
    } else if (l instanceof Layer.Residual r) {
      String h = x;
      for (Layer b : r.body()) {
        String name = scope + (pads == 1 ? "/pad" : "/pad_" + (pad[0] + 1));
        h = layer(scope, b, h, name, pads, pad);
      }
      return OnnxLayers.add(ctx, x, h, scope + "/add");
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
        && c.kernel() >= 5
        && c.kernel() % 2 == 1
        && c.out() <= 4) {
      return OnnxConvolutions.conv2dSpaceToDepth(ctx, x, w, scope);
    }
    Padding p = c.padding() == 0 ? Padding.valid() : Padding.symmetric(c.padding());
    return OnnxConvolutions.conv2d(ctx, x, w, scope, c.stride(), p);
  }

  private void bias(String scope, boolean bias, int out) {
    if (bias) {
      w.require(scope + "/bias", new long[] {out}, what);
    }
  }

  /** Reflect pads directly in {@code layers} or in its residual bodies (not in nested scopes). */
  private static int countPads(List<Layer> layers) {
    int n = 0;
    for (Layer l : layers) {
      if (l instanceof Layer.ReflectPad) {
        n++;
      } else if (l instanceof Layer.Residual r) {
        n += countPads(r.body());
      }
    }
    return n;
  }

  /** The last convolution of the network in the order the layers are applied (identity). */
  private static Layer.Conv lastConv(List<Layer> layers, Layer.Conv last) {
    for (Layer l : layers) {
      if (l instanceof Layer.Conv c) {
        last = c;
      } else if (l instanceof Layer.Residual r) {
        last = lastConv(r.body(), last);
      } else if (l instanceof Layer.Scope s) {
        last = lastConv(s.layers(), last);
      } else if (l instanceof Layer.ConvTranspose) {
        last = null;
      }
    }
    return last;
  }

  private static String nextScope(List<Layer> layers, int from) {
    for (int i = from; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Scope s) {
        return s.name();
      }
    }
    return "out";
  }
}

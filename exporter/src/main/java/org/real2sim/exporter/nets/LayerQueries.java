package org.real2sim.exporter.nets;

import java.util.List;
import org.real2sim.models.spec.Layer;

/**
 * What {@link OnnxBuilder} asks of a spec's layer lists before it writes them: where a layer of a
 * kind stands, how many reflect pads a scope numbers, which convolution is the network's last, and
 * which scope follows a layer.
 */
final class LayerQueries {

  private LayerQueries() {}

  /**
   * The variable path of {@code l} when it is a {@code kind} layer, directly (path {@code scope})
   * or as the only layer of a {@link Layer.Scope} ({@code scope/name}); else null.
   */
  static String pathOf(String scope, Layer l, Class<? extends Layer> kind) {
    if (kind.isInstance(l)) {
      return scope;
    }
    if (l instanceof Layer.Scope s
        && s.layers().size() == 1
        && kind.isInstance(s.layers().get(0))) {
      return scope + "/" + s.name();
    }
    return null;
  }

  /** {@code l} as a {@code kind} layer, or the only layer of its scope (see {@link #pathOf}). */
  static <T extends Layer> T only(Layer l, Class<T> kind) {
    return kind.cast(l instanceof Layer.Scope s ? s.layers().get(0) : l);
  }

  /** Reflect pads directly in {@code layers} or in its residual bodies (not in nested scopes). */
  static int countPads(List<Layer> layers) {
    int n = 0;
    for (Layer l : layers) {
      if (l instanceof Layer.ReflectPad) {
        n++;
      } else if (l instanceof Layer.Residual r) {
        n += countPads(r.body());
      } else if (l instanceof Layer.ResidualBlock r) {
        n += countPads(r.body()) + countPads(r.shortcut());
      }
    }
    return n;
  }

  /**
   * The last convolution of the network in the order the layers are applied (identity); null when a
   * transposed convolution or a dense layer comes after it.
   */
  static Layer.Conv lastConv(List<Layer> layers, Layer.Conv last) {
    for (Layer l : layers) {
      if (l instanceof Layer.Conv c) {
        last = c;
      } else if (l instanceof Layer.Residual r) {
        last = lastConv(r.body(), last);
      } else if (l instanceof Layer.ResidualBlock r) {
        last = lastConv(r.shortcut(), lastConv(r.body(), last));
      } else if (l instanceof Layer.Parallel p) {
        last = lastConv(p.branches(), last);
      } else if (l instanceof Layer.Scope s) {
        last = lastConv(s.layers(), last);
      } else if (l instanceof Layer.ConvTranspose || l instanceof Layer.Dense) {
        last = null;
      }
    }
    return last;
  }

  /**
   * The name of the first scope at or after {@code from} in {@code layers}; {@code out} if none.
   */
  static String nextScope(List<Layer> layers, int from) {
    for (int i = from; i < layers.size(); i++) {
      if (layers.get(i) instanceof Layer.Scope s) {
        return s.name();
      }
    }
    return "out";
  }
}

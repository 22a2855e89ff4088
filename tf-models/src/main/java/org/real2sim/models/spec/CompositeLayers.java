package org.real2sim.models.spec;

import java.util.List;

/**
 * The {@link Layer layers} that hold layers: residual connections, parallel branches and named
 * scopes. {@link Layer} extends this interface, so each is named as a member of it ({@code
 * Layer.Scope}, {@code Layer.Residual}); nothing else extends it.
 */
public sealed interface CompositeLayers permits Layer {

  /**
   * A residual connection {@code x + body(x)}; the body keeps the shape. Opens no scope of its own.
   *
   * @param body the layers of the residual branch
   */
  record Residual(List<Layer> body) implements Layer {

    /** Copies the body. */
    public Residual {
      body = List.copyOf(body);
    }

    /** A residual connection around {@code body}. */
    public static Residual of(Layer... body) {
      return new Residual(List.of(body));
    }
  }

  /**
   * A torchvision residual block's sum {@code body(x) + shortcut(x)}: the body is applied first,
   * then the shortcut (the identity when empty, else a projection such as {@code Scope("shortcut",
   * Scope("conv", 1×1 conv), Scope("bn", batch norm))}), and the two are added in that order. Opens
   * no scope of its own; the activation after the sum is the next layer. In ONNX the sum is {@code
   * <scope>/add} and a {@link Layer.Relu} in the body is {@code <scope>/relu_k}, its k-th there.
   *
   * @param body the layers of the residual branch
   * @param shortcut the layers of the shortcut (empty: identity); the two outputs have one shape
   */
  record ResidualBlock(List<Layer> body, List<Layer> shortcut) implements Layer {

    /** Copies both lists. */
    public ResidualBlock {
      body = List.copyOf(body);
      shortcut = List.copyOf(shortcut);
    }

    /** A residual block whose shortcut is the identity. */
    public static ResidualBlock identity(List<Layer> body) {
      return new ResidualBlock(body, List.of());
    }
  }

  /**
   * Branches applied to the same input, their outputs concatenated on the channel axis in order
   * (DeepLab's ASPP). Opens no scope of its own (each branch is usually a {@link Scope}); the ONNX
   * {@code Concat} is {@code <scope>/concat}.
   *
   * @param branches at least one; their outputs must agree in N, H and W
   */
  record Parallel(List<Layer> branches) implements Layer {

    /** Checks and copies the branches. */
    public Parallel {
      if (branches == null || branches.isEmpty()) {
        throw new IllegalArgumentException("a parallel layer needs at least one branch");
      }
      branches = List.copyOf(branches);
    }
  }

  /**
   * A named sub-block: its layers' variables live under {@code <parent path>/name} and its
   * TensorFlow ops in a name scope of that name ({@code g_rs/res_3/conv_1/kernel}).
   *
   * @param name the block's name, one path segment
   * @param layers its layers, applied in order
   */
  record Scope(String name, List<Layer> layers) implements Layer {

    /** Checks the name and copies the layers. */
    public Scope {
      if (name == null || name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException("scope name must be one path segment, found " + name);
      }
      layers = List.copyOf(layers);
    }

    /** A scope {@code name} holding {@code layers}. */
    public static Scope of(String name, Layer... layers) {
      return new Scope(name, List.of(layers));
    }
  }
}

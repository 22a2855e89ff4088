package org.real2sim.models.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Output sizes and multiply-accumulate counts of a {@link Net} for one image, derived from the spec
 * alone (FLOP = 2 × MACs).
 *
 * <p>Counted: convolutions ({@code H_out·W_out·k²·in·out}, dilated or not), transposed convolutions
 * ({@code H_in·W_in·k²·in·out}, the convention of the project's baseline notes) and dense layers
 * ({@code in·out}). Not counted: padding, normalisation, activations, pooling, resizing,
 * concatenation, dropout and additions, which are memory-bound and small next to the convolutions.
 * Output sizes follow PyTorch's rule {@code ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1}.
 *
 * @param total the MACs of the whole network
 * @param perLayer the MACs of each layer with weights, in the order they are applied
 * @param channels output channels
 * @param height output height
 * @param width output width
 */
public record Macs(long total, List<Long> perLayer, int channels, int height, int width) {

  /** Copies the list. */
  public Macs {
    perLayer = List.copyOf(perLayer);
  }

  /**
   * Counts {@code net} on an {@code height × width} image.
   *
   * @throws IllegalArgumentException when a layer's output would be empty
   */
  public static Macs of(Net net, int height, int width) {
    Walk w = new Walk(net.inChannels(), height, width);
    w.layers(net.layers());
    long total = 0;
    for (long m : w.macs) {
      total += m;
    }
    return new Macs(total, w.macs, w.c, w.h, w.w);
  }

  /** The MACs of the first layer with weights (0 when there is none). */
  public long first() {
    return perLayer.isEmpty() ? 0 : perLayer.get(0);
  }

  private static final class Walk {
    final List<Long> macs = new ArrayList<>();
    final List<int[]> branchInputs = new ArrayList<>();
    final int[] input;
    int c;
    int h;
    int w;

    Walk(int c, int h, int w) {
      this.c = c;
      this.h = h;
      this.w = w;
      this.input = new int[] {c, h, w};
    }

    void layers(List<Layer> layers) {
      for (Layer l : layers) {
        layer(l);
      }
    }

    void layer(Layer l) {
      if (l instanceof Layer.Conv cv) {
        int span = cv.dilation() * (cv.kernel() - 1) + 1;
        h = size(Math.floorDiv(h + 2 * cv.padding() - span, cv.stride()) + 1);
        w = size(Math.floorDiv(w + 2 * cv.padding() - span, cv.stride()) + 1);
        macs.add((long) h * w * cv.kernel() * cv.kernel() * c * cv.out());
        c = cv.out();
      } else if (l instanceof Layer.ConvTranspose t) {
        macs.add((long) h * w * t.kernel() * t.kernel() * c * t.out());
        h = size((h - 1) * t.stride() - 2 * t.padding() + t.kernel() + t.outputPadding());
        w = size((w - 1) * t.stride() - 2 * t.padding() + t.kernel() + t.outputPadding());
        c = t.out();
      } else if (l instanceof Layer.Dense d) {
        macs.add((long) c * h * w * d.units());
        c = d.units();
        h = 1;
        w = 1;
      } else if (l instanceof Layer.ReflectPad p) {
        h += 2 * p.pad();
        w += 2 * p.pad();
      } else if (l instanceof Layer.MaxPool p) {
        h = size(Math.floorDiv(h + 2 * p.padding() - p.kernel(), p.stride()) + 1);
        w = size(Math.floorDiv(w + 2 * p.padding() - p.kernel(), p.stride()) + 1);
      } else if (l instanceof Layer.GlobalAvgPool) {
        h = 1;
        w = 1;
      } else if (l instanceof Layer.ResizeBilinear r) {
        int[] to = r.target() == Layer.ResizeBilinear.Target.NET_INPUT ? input : branchInput();
        h = to[1];
        w = to[2];
      } else if (l instanceof Layer.Residual r) {
        int[] in = {c, h, w};
        layers(r.body());
        same("a residual body must keep the shape", in);
      } else if (l instanceof Layer.ResidualBlock r) {
        int[] in = {c, h, w};
        layers(r.body());
        int[] body = {c, h, w};
        c = in[0];
        h = in[1];
        w = in[2];
        layers(r.shortcut());
        same("a residual block's body and shortcut must agree", body);
      } else if (l instanceof Layer.Parallel p) {
        int[] in = {c, h, w};
        branchInputs.add(in);
        int channels = 0;
        int[] first = null;
        for (Layer b : p.branches()) {
          c = in[0];
          h = in[1];
          w = in[2];
          layer(b);
          if (first == null) {
            first = new int[] {c, h, w};
          } else if (h != first[1] || w != first[2]) {
            throw new IllegalArgumentException(
                "parallel branches must agree in H and W, found "
                    + first[1]
                    + "x"
                    + first[2]
                    + " and "
                    + h
                    + "x"
                    + w);
          }
          channels += c;
        }
        branchInputs.remove(branchInputs.size() - 1);
        c = channels;
      } else if (l instanceof Layer.Scope s) {
        layers(s.layers());
      }
      // InstanceNorm, BatchNorm, Relu, LeakyRelu, Tanh, Dropout keep the shape and are not counted.
    }

    private int[] branchInput() {
      if (branchInputs.isEmpty()) {
        throw new IllegalArgumentException(
            "a resize to the branch input must be inside a parallel layer");
      }
      return branchInputs.get(branchInputs.size() - 1);
    }

    private void same(String what, int[] other) {
      if (c != other[0] || h != other[1] || w != other[2]) {
        throw new IllegalArgumentException(
            what
                + ", found "
                + other[0]
                + "x"
                + other[1]
                + "x"
                + other[2]
                + " -> "
                + c
                + "x"
                + h
                + "x"
                + w);
      }
    }

    private static int size(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("the input is too small: a layer's output is empty");
      }
      return n;
    }
  }
}

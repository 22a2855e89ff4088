package org.real2sim.models.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Output sizes and multiply-accumulate counts of a {@link Net} for one image, derived from the spec
 * alone (FLOP = 2 × MACs).
 *
 * <p>Counted: convolutions ({@code H_out·W_out·k²·in·out}) and transposed convolutions ({@code
 * H_in·W_in·k²·in·out}, the convention of the project's baseline notes). Not counted: padding,
 * normalisation, activations and additions, which are memory-bound and small next to the
 * convolutions.
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
    int c;
    int h;
    int w;

    Walk(int c, int h, int w) {
      this.c = c;
      this.h = h;
      this.w = w;
    }

    void layers(List<Layer> layers) {
      for (Layer l : layers) {
        layer(l);
      }
    }

    void layer(Layer l) {
      if (l instanceof Layer.Conv cv) {
        h = size(Math.floorDiv(h + 2 * cv.padding() - cv.kernel(), cv.stride()) + 1);
        w = size(Math.floorDiv(w + 2 * cv.padding() - cv.kernel(), cv.stride()) + 1);
        macs.add((long) h * w * cv.kernel() * cv.kernel() * c * cv.out());
        c = cv.out();
      } else if (l instanceof Layer.ConvTranspose t) {
        macs.add((long) h * w * t.kernel() * t.kernel() * c * t.out());
        h = size((h - 1) * t.stride() - 2 * t.padding() + t.kernel() + t.outputPadding());
        w = size((w - 1) * t.stride() - 2 * t.padding() + t.kernel() + t.outputPadding());
        c = t.out();
      } else if (l instanceof Layer.ReflectPad p) {
        h += 2 * p.pad();
        w += 2 * p.pad();
      } else if (l instanceof Layer.Residual r) {
        int c0 = c;
        int h0 = h;
        int w0 = w;
        layers(r.body());
        if (c != c0 || h != h0 || w != w0) {
          throw new IllegalArgumentException(
              "a residual body must keep the shape, found "
                  + c0
                  + "x"
                  + h0
                  + "x"
                  + w0
                  + " -> "
                  + c
                  + "x"
                  + h
                  + "x"
                  + w);
        }
      } else if (l instanceof Layer.Scope s) {
        layers(s.layers());
      }
      // InstanceNorm, Relu, LeakyRelu, Tanh keep the shape and are not counted.
    }

    private static int size(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("the input is too small: a layer's output is empty");
      }
      return n;
    }
  }
}

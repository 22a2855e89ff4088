package org.real2sim.models.nn;

/**
 * Plain-Java reference implementations of the layers, written directly from PyTorch's definitions
 * (loops in double precision over NHWC arrays), against which the TensorFlow graphs are checked.
 */
public final class Reference {

  private Reference() {}

  /** An NHWC array with its dimensions. */
  public record Nhwc(int n, int h, int w, int c, float[] v) {
    /** Checks the element count. */
    public Nhwc {
      if (v.length != n * h * w * c) {
        throw new IllegalArgumentException("need " + n * h * w * c + " values, found " + v.length);
      }
    }

    /** Element (b, y, x, ch). */
    public float at(int b, int y, int x, int ch) {
      return v[((b * h + y) * w + x) * c + ch];
    }

    /** The shape as TensorFlow wants it. */
    public long[] shape() {
      return new long[] {n, h, w, c};
    }
  }

  /**
   * PyTorch {@code Conv2d}: zero padding p, stride s, dilation d; kernel {@code [k, k, in, out]}.
   */
  public static Nhwc conv(Nhwc x, float[] kernel, int k, int out, int s, int p, int d) {
    int oh = (x.h() + 2 * p - d * (k - 1) - 1) / s + 1;
    int ow = (x.w() + 2 * p - d * (k - 1) - 1) / s + 1;
    float[] y = new float[x.n() * oh * ow * out];
    for (int b = 0; b < x.n(); b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int o = 0; o < out; o++) {
            double acc = 0;
            for (int ki = 0; ki < k; ki++) {
              for (int kj = 0; kj < k; kj++) {
                int yi = i * s - p + ki * d;
                int xj = j * s - p + kj * d;
                if (yi < 0 || yi >= x.h() || xj < 0 || xj >= x.w()) {
                  continue;
                }
                for (int c = 0; c < x.c(); c++) {
                  acc += x.at(b, yi, xj, c) * kernel[((ki * k + kj) * x.c() + c) * out + o];
                }
              }
            }
            y[((b * oh + i) * ow + j) * out + o] = (float) acc;
          }
        }
      }
    }
    return new Nhwc(x.n(), oh, ow, out, y);
  }

  /**
   * PyTorch {@code ConvTranspose2d(stride s, padding p, output_padding op)}; kernel {@code [k, k,
   * out, in]}: {@code y[s·i + ki − p] += x[i]·w[ki]}.
   */
  public static Nhwc convTranspose(Nhwc x, float[] kernel, int k, int out, int s, int p, int op) {
    int oh = (x.h() - 1) * s - 2 * p + k + op;
    int ow = (x.w() - 1) * s - 2 * p + k + op;
    double[] y = new double[x.n() * oh * ow * out];
    for (int b = 0; b < x.n(); b++) {
      for (int i = 0; i < x.h(); i++) {
        for (int j = 0; j < x.w(); j++) {
          for (int ki = 0; ki < k; ki++) {
            for (int kj = 0; kj < k; kj++) {
              int yi = i * s + ki - p;
              int yj = j * s + kj - p;
              if (yi < 0 || yi >= oh || yj < 0 || yj >= ow) {
                continue;
              }
              for (int o = 0; o < out; o++) {
                double acc = 0;
                for (int c = 0; c < x.c(); c++) {
                  acc += x.at(b, i, j, c) * kernel[((ki * k + kj) * out + o) * x.c() + c];
                }
                y[((b * oh + yi) * ow + yj) * out + o] += acc;
              }
            }
          }
        }
      }
    }
    return new Nhwc(x.n(), oh, ow, out, toFloat(y));
  }

  /** PyTorch {@code MaxPool2d(k, s, p)}: padding never wins (it is −∞). */
  public static Nhwc maxPool(Nhwc x, int k, int s, int p) {
    int oh = (x.h() + 2 * p - k) / s + 1;
    int ow = (x.w() + 2 * p - k) / s + 1;
    float[] y = new float[x.n() * oh * ow * x.c()];
    for (int b = 0; b < x.n(); b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int c = 0; c < x.c(); c++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int ki = 0; ki < k; ki++) {
              for (int kj = 0; kj < k; kj++) {
                int yi = i * s - p + ki;
                int xj = j * s - p + kj;
                if (yi >= 0 && yi < x.h() && xj >= 0 && xj < x.w()) {
                  m = Math.max(m, x.at(b, yi, xj, c));
                }
              }
            }
            y[((b * oh + i) * ow + j) * x.c() + c] = m;
          }
        }
      }
    }
    return new Nhwc(x.n(), oh, ow, x.c(), y);
  }

  /**
   * PyTorch {@code interpolate(mode="bilinear", align_corners=False)}: source coordinate {@code
   * (dst + 0.5)·in/out − 0.5}, clamped below at 0, neighbours clamped at the edge.
   */
  public static Nhwc resizeBilinear(Nhwc x, int oh, int ow) {
    float[] y = new float[x.n() * oh * ow * x.c()];
    for (int b = 0; b < x.n(); b++) {
      for (int i = 0; i < oh; i++) {
        double sy = Math.max(0, (i + 0.5) * x.h() / oh - 0.5);
        int y0 = Math.min((int) Math.floor(sy), x.h() - 1);
        int y1 = Math.min(y0 + 1, x.h() - 1);
        double fy = sy - y0;
        for (int j = 0; j < ow; j++) {
          double sx = Math.max(0, (j + 0.5) * x.w() / ow - 0.5);
          int x0 = Math.min((int) Math.floor(sx), x.w() - 1);
          int x1 = Math.min(x0 + 1, x.w() - 1);
          double fx = sx - x0;
          for (int c = 0; c < x.c(); c++) {
            double top = x.at(b, y0, x0, c) * (1 - fx) + x.at(b, y0, x1, c) * fx;
            double bot = x.at(b, y1, x0, c) * (1 - fx) + x.at(b, y1, x1, c) * fx;
            y[((b * oh + i) * ow + j) * x.c() + c] = (float) (top * (1 - fy) + bot * fy);
          }
        }
      }
    }
    return new Nhwc(x.n(), oh, ow, x.c(), y);
  }

  /** Instance norm: per sample and channel, biased variance, epsilon 1e-5. */
  public static Nhwc instanceNorm(Nhwc x) {
    float[] y = new float[x.v().length];
    int hw = x.h() * x.w();
    for (int b = 0; b < x.n(); b++) {
      for (int c = 0; c < x.c(); c++) {
        double mean = 0;
        for (int i = 0; i < hw; i++) {
          mean += x.v()[(b * hw + i) * x.c() + c];
        }
        mean /= hw;
        double var = 0;
        for (int i = 0; i < hw; i++) {
          double d = x.v()[(b * hw + i) * x.c() + c] - mean;
          var += d * d;
        }
        var /= hw;
        for (int i = 0; i < hw; i++) {
          int at = (b * hw + i) * x.c() + c;
          y[at] = (float) ((x.v()[at] - mean) / Math.sqrt(var + 1e-5));
        }
      }
    }
    return new Nhwc(x.n(), x.h(), x.w(), x.c(), y);
  }

  /** PyTorch {@code ReflectionPad2d(p)}: mirror without repeating the edge. */
  public static Nhwc reflectPad(Nhwc x, int p) {
    int oh = x.h() + 2 * p;
    int ow = x.w() + 2 * p;
    float[] y = new float[x.n() * oh * ow * x.c()];
    for (int b = 0; b < x.n(); b++) {
      for (int i = 0; i < oh; i++) {
        int si = reflect(i - p, x.h());
        for (int j = 0; j < ow; j++) {
          int sj = reflect(j - p, x.w());
          for (int c = 0; c < x.c(); c++) {
            y[((b * oh + i) * ow + j) * x.c() + c] = x.at(b, si, sj, c);
          }
        }
      }
    }
    return new Nhwc(x.n(), oh, ow, x.c(), y);
  }

  /** Adds {@code bias[c]} to every element of channel c. */
  public static Nhwc addBias(Nhwc x, float[] bias) {
    float[] y = x.v().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += bias[i % x.c()];
    }
    return new Nhwc(x.n(), x.h(), x.w(), x.c(), y);
  }

  /** Applies {@code f} element-wise. */
  public static Nhwc map(Nhwc x, java.util.function.DoubleUnaryOperator f) {
    float[] y = new float[x.v().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) f.applyAsDouble(x.v()[i]);
    }
    return new Nhwc(x.n(), x.h(), x.w(), x.c(), y);
  }

  /** Element-wise sum of two arrays of the same shape. */
  public static Nhwc add(Nhwc a, Nhwc b) {
    float[] y = new float[a.v().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = a.v()[i] + b.v()[i];
    }
    return new Nhwc(a.n(), a.h(), a.w(), a.c(), y);
  }

  private static int reflect(int i, int n) {
    if (i < 0) {
      return -i;
    }
    return i >= n ? 2 * (n - 1) - i : i;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}

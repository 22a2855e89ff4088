package org.real2sim.trainer.data.image;

/**
 * The geometric operations of the input pipeline: resizing, and writing a cropped, optionally
 * mirrored, scaled window into a batch array.
 *
 * <p>Coordinates use pixel centres at {@code i + 0.5} (TensorFlow's {@code half_pixel_centers},
 * PyTorch's {@code align_corners=False}, Pillow). Bilinear resizing is a separable triangle filter;
 * when shrinking by a factor {@code s > 1} the triangle is widened by {@code s} (as Pillow's
 * bilinear does), so that downscaling averages instead of aliasing; when enlarging it is plain
 * bilinear interpolation with edge pixels repeated. Nearest-neighbour resizing (for labels) takes
 * source pixel {@code floor((i + 0.5)·s)}.
 */
public final class ImageOps {

  private ImageOps() {}

  /** One output position's taps: the first source index and the normalised weights. */
  private record Taps(int[] start, float[][] weights) {}

  private static Taps taps(int in, int out) {
    double scale = (double) in / out;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale;
    int[] start = new int[out];
    float[][] weights = new float[out][];
    for (int i = 0; i < out; i++) {
      double centre = (i + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
      int hi = Math.min(in, (int) Math.floor(centre + support + 0.5));
      double[] w = new double[Math.max(hi - lo, 0)];
      double sum = 0;
      for (int k = 0; k < w.length; k++) {
        double d = Math.abs((lo + k + 0.5 - centre) / filterScale);
        w[k] = d < 1 ? 1 - d : 0;
        sum += w[k];
      }
      float[] wf = new float[w.length];
      for (int k = 0; k < w.length; k++) {
        wf[k] = (float) (w[k] / sum);
      }
      start[i] = lo;
      weights[i] = wf;
    }
    return new Taps(start, weights);
  }

  /** Resizes {@code src} to {@code width × height} with the (antialiased) bilinear filter. */
  public static RgbImage resizeBilinear(RgbImage src, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, found " + width + "x" + height);
    }
    if (width == src.width() && height == src.height()) {
      return src;
    }
    int sw = src.width();
    int sh = src.height();
    float[] s = src.data();
    // Horizontal pass: sh rows of width.
    Taps tx = taps(sw, width);
    float[] mid = new float[sh * width * 3];
    for (int y = 0; y < sh; y++) {
      int rowIn = y * sw * 3;
      int rowOut = y * width * 3;
      for (int x = 0; x < width; x++) {
        float[] w = tx.weights[x];
        int base = rowIn + tx.start[x] * 3;
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < w.length; k++) {
          int o = base + k * 3;
          r += w[k] * s[o];
          g += w[k] * s[o + 1];
          b += w[k] * s[o + 2];
        }
        int o = rowOut + x * 3;
        mid[o] = r;
        mid[o + 1] = g;
        mid[o + 2] = b;
      }
    }
    // Vertical pass.
    Taps ty = taps(sh, height);
    float[] out = new float[height * width * 3];
    int rowLen = width * 3;
    for (int y = 0; y < height; y++) {
      float[] w = ty.weights[y];
      int outRow = y * rowLen;
      for (int k = 0; k < w.length; k++) {
        float wk = w[k];
        int inRow = (ty.start[y] + k) * rowLen;
        for (int i = 0; i < rowLen; i++) {
          out[outRow + i] += wk * mid[inRow + i];
        }
      }
    }
    return new RgbImage(height, width, out);
  }

  /** Resizes {@code src} to {@code width × height} by nearest neighbour (labels keep their ids). */
  public static LabelImage resizeNearest(LabelImage src, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, found " + width + "x" + height);
    }
    if (width == src.width() && height == src.height()) {
      return src;
    }
    int[] xs = nearestIndex(src.width(), width);
    int[] ys = nearestIndex(src.height(), height);
    int[] out = new int[width * height];
    int[] s = src.data();
    for (int y = 0; y < height; y++) {
      int row = ys[y] * src.width();
      for (int x = 0; x < width; x++) {
        out[y * width + x] = s[row + xs[x]];
      }
    }
    return new LabelImage(width, height, out);
  }

  private static int[] nearestIndex(int in, int out) {
    double scale = (double) in / out;
    int[] idx = new int[out];
    for (int i = 0; i < out; i++) {
      idx[i] = Math.min(in - 1, (int) Math.floor((i + 0.5) * scale));
    }
    return idx;
  }

  /**
   * Writes the window {@code [x0, x0+w) × [y0, y0+h)} of {@code src} into {@code dst} at {@code
   * offset} as NHWC floats {@code value·scale[c] + shift[c]}, mirrored left-right when {@code
   * flip}.
   */
  public static void writeWindow(
      RgbImage src,
      int x0,
      int y0,
      int w,
      int h,
      boolean flip,
      float[] scale,
      float[] shift,
      float[] dst,
      int offset) {
    checkWindow(src.width(), src.height(), x0, y0, w, h);
    float[] s = src.data();
    float s0 = scale[0];
    float s1 = scale[1];
    float s2 = scale[2];
    float b0 = shift[0];
    float b1 = shift[1];
    float b2 = shift[2];
    for (int y = 0; y < h; y++) {
      int in = ((y0 + y) * src.width() + x0) * 3;
      int out = offset + y * w * 3;
      for (int x = 0; x < w; x++) {
        int i = in + (flip ? (w - 1 - x) : x) * 3;
        int o = out + x * 3;
        dst[o] = s[i] * s0 + b0;
        dst[o + 1] = s[i + 1] * s1 + b1;
        dst[o + 2] = s[i + 2] * s2 + b2;
      }
    }
  }

  /**
   * Writes the window of {@code src} into {@code dst} at {@code offset}, mirrored when {@code
   * flip}.
   */
  public static void writeWindow(
      LabelImage src, int x0, int y0, int w, int h, boolean flip, int[] dst, int offset) {
    checkWindow(src.width(), src.height(), x0, y0, w, h);
    int[] s = src.data();
    for (int y = 0; y < h; y++) {
      int in = (y0 + y) * src.width() + x0;
      int out = offset + y * w;
      if (flip) {
        for (int x = 0; x < w; x++) {
          dst[out + x] = s[in + w - 1 - x];
        }
      } else {
        System.arraycopy(s, in, dst, out, w);
      }
    }
  }

  private static void checkWindow(int width, int height, int x0, int y0, int w, int h) {
    if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
      throw new IllegalArgumentException(
          "window "
              + w
              + "x"
              + h
              + " at ("
              + x0
              + ", "
              + y0
              + ") is outside a "
              + width
              + "x"
              + height
              + " image");
    }
  }
}

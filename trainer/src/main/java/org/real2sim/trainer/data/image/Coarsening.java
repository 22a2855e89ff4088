package org.real2sim.trainer.data.image;

/**
 * CARLA-style coarsening: makes simulator labels look like human annotation.
 *
 * <p>Simulator labels are exact to the pixel (every twig, every cable), human polygons are not. The
 * paper smooths CARLA labels and images "according to the method from (Rottmann and Reese, 2022)";
 * that work (arXiv:2207.06104) detects label errors, and its published code
 * (github.com/mrcoee/Automatic-Label-Error-Detection) has no smoothing step to follow, so this is
 * not their procedure but real2sim's own, documented, deterministic one: a {@code k×k} <em>majority
 * filter</em> on the class-id map (each pixel takes the most frequent id in the window centred on
 * it; windows are clipped at the border; a tie keeps the centre pixel's id if it is among the most
 * frequent, else the smallest id; the ignore id 255 votes like any class) and a matching {@code
 * k×k} box blur on the image (border pixels average over the clipped window), so that image edges
 * and label edges stay equally soft. {@code k} is odd; thin structures narrower than about {@code
 * k/2} disappear, as they would from a human label.
 */
public final class Coarsening {

  private Coarsening() {}

  /**
   * Returns the majority-filtered class map.
   *
   * @param labels class ids {@code 0..254} or 255, row-major
   * @param k the odd window side, at least 3
   */
  public static LabelImage majority(LabelImage labels, int k) {
    checkK(k);
    int w = labels.width();
    int h = labels.height();
    int[] in = labels.data();
    int[] out = new int[in.length];
    int r = k / 2;
    int[] counts = new int[256];
    // Only ids present in the image can win: scan those (usually a few dozen) instead of all 256.
    boolean[] seen = new boolean[256];
    for (int v : in) {
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("majority filter expects class ids 0..255, found " + v);
      }
      seen[v] = true;
    }
    int[] present = java.util.stream.IntStream.range(0, 256).filter(c -> seen[c]).toArray();
    for (int y = 0; y < h; y++) {
      int ylo = Math.max(0, y - r);
      int yhi = Math.min(h - 1, y + r);
      java.util.Arrays.fill(counts, 0);
      // Window for x = 0: columns 0..r.
      for (int yy = ylo; yy <= yhi; yy++) {
        for (int xx = 0; xx <= Math.min(w - 1, r); xx++) {
          counts[in[yy * w + xx]]++;
        }
      }
      for (int x = 0; x < w; x++) {
        if (x > 0) {
          int add = x + r;
          int remove = x - r - 1;
          for (int yy = ylo; yy <= yhi; yy++) {
            if (add < w) {
              counts[in[yy * w + add]]++;
            }
            if (remove >= 0) {
              counts[in[yy * w + remove]]--;
            }
          }
        }
        int centre = in[y * w + x];
        int best = centre;
        int bestCount = counts[centre];
        for (int c : present) {
          if (counts[c] > bestCount) {
            best = c;
            bestCount = counts[c];
          }
        }
        out[y * w + x] = best;
      }
    }
    return new LabelImage(w, h, out);
  }

  /** Returns {@code image} box-blurred over {@code k×k} windows clipped at the border. */
  public static RgbImage boxBlur(RgbImage image, int k) {
    checkK(k);
    int w = image.width();
    int h = image.height();
    int r = k / 2;
    float[] tmp = blur1d(image.data(), w, h, r, true);
    return new RgbImage(h, w, blur1d(tmp, w, h, r, false));
  }

  private static float[] blur1d(float[] in, int w, int h, int r, boolean horizontal) {
    float[] out = new float[in.length];
    int len = horizontal ? w : h;
    int lines = horizontal ? h : w;
    int stride = horizontal ? 3 : w * 3;
    for (int line = 0; line < lines; line++) {
      int base = horizontal ? line * w * 3 : line * 3;
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < len; i++) {
          int wantHi = Math.min(len - 1, i + r);
          int wantLo = Math.max(0, i - r);
          while (hi < wantHi) {
            hi++;
            sum += in[base + hi * stride + c];
          }
          while (lo < wantLo) {
            sum -= in[base + lo * stride + c];
            lo++;
          }
          out[base + i * stride + c] = (float) (sum / (hi - lo + 1));
        }
      }
    }
    return out;
  }

  private static void checkK(int k) {
    if (k < 3 || k % 2 == 0) {
      throw new IllegalArgumentException("coarsening window must be odd and >= 3, found " + k);
    }
  }
}

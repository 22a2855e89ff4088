package org.real2sim.tools.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.eval.Metric;

/**
 * A quick plain-Java sanity check of a generated benchmark: is the class information there in each
 * domain, and does a model of the synthetic domain fail on the real one?
 *
 * <p>Linear (softmax regression) classifiers on fixed features, trained on one domain's train split
 * and scored on a val split: synthetic→synthetic (in-domain), synthetic→real (the expert's problem,
 * M2), real→real (the class is recoverable from real images). Shapes: accuracy with (a) 16×16 grey
 * pixels and (b) histograms of gradient orientations (4×4 cells × 8 bins). Streets: mIoU of a
 * per-pixel classifier on colour, 3×3 mean colour, local contrast and image row. These are weak
 * models — a CNN expert does better in-domain — but a large synthetic→real drop next to good
 * in-domain and real→real scores says the gap is one of appearance, not of content. Data is read
 * through the trainer's own loaders; the classifier is {@link SoftmaxRegression}.
 */
public final class SeparabilityCheck {

  /**
   * One row: a feature set and its scores.
   *
   * @param features the feature set
   * @param metric {@code accuracy} or {@code mIoU}
   * @param synthToSynth trained and scored on synthetic (in-domain)
   * @param synthToReal trained on synthetic, scored on real
   * @param realToReal trained and scored on real
   * @param chance the score of always answering the most frequent class of the real val split
   */
  public record Row(
      String features,
      String metric,
      double synthToSynth,
      double synthToReal,
      double realToReal,
      double chance) {}

  private SeparabilityCheck() {}

  /** Runs the check on the benchmark in {@code dir} (written by {@link BenchmarkGenerator}). */
  public static List<Row> run(Path dir, String benchmark, long seed) {
    boolean shapes = benchmark.equals("shapes");
    String format = shapes ? "imagefolder" : "paired";
    Dataset syn = Datasets.open(DatasetSpec.of(format, dir.resolve("synthetic")));
    Dataset real = Datasets.open(DatasetSpec.of(format, dir.resolve("real")));
    return shapes ? shapes(syn, real, seed) : streets(syn, real, seed);
  }

  // ---------------------------------------------------------------- shapes

  private record Set(float[][] x, int[] y) {

    static Set of(List<float[]> xs, List<Integer> ys) {
      return new Set(xs.toArray(new float[0][]), ys.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /** Split {@code split} of {@code ds} in file order, pixels in [0, 1], on two threads. */
  private static BatchLoader loader(Dataset ds, String split, int batchSize) {
    LoaderConfig cfg =
        LoaderConfig.builder()
            .evaluation()
            .batchSize(batchSize)
            .scaling(PixelScaling.unit())
            .threads(2)
            .build();
    return new BatchLoader(ds, split, cfg);
  }

  private static List<Row> shapes(Dataset syn, Dataset real, long seed) {
    int k = syn.numClasses();
    List<Row> rows = new ArrayList<>();
    for (String features : List.of("grey pixels 16x16", "gradient histograms")) {
      boolean hog = features.startsWith("gradient");
      Set sTrain = features(syn, "train", hog);
      Set sVal = features(syn, "val", hog);
      Set rTrain = features(real, "train", hog);
      Set rVal = features(real, "val", hog);
      SoftmaxRegression fs = SoftmaxRegression.fit(sTrain.x, sTrain.y, k, seed);
      SoftmaxRegression fr = SoftmaxRegression.fit(rTrain.x, rTrain.y, k, seed);
      rows.add(
          new Row(
              features,
              Metric.ACCURACY.key(),
              accuracy(fs, sVal),
              accuracy(fs, rVal),
              accuracy(fr, rVal),
              majority(rVal.y, k)));
    }
    return rows;
  }

  private static Set features(Dataset ds, String split, boolean hog) {
    List<float[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    try (BatchLoader l = loader(ds, split, 64)) {
      while (l.hasNext()) {
        Batch b = l.next();
        int hw = b.height() * b.width() * 3;
        for (int i = 0; i < b.size(); i++) {
          float[] img = java.util.Arrays.copyOfRange(b.images(), i * hw, (i + 1) * hw);
          xs.add(hog ? hog(img, b.width(), b.height()) : grey16(img, b.width(), b.height()));
          ys.add(b.labels()[i]);
        }
      }
    }
    return Set.of(xs, ys);
  }

  private static float[] grey16(float[] img, int w, int h) {
    float[] out = new float[256];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        out[(y * 16 / h) * 16 + x * 16 / w] += (img[o] + img[o + 1] + img[o + 2]) / 3;
      }
    }
    float area = (float) (w * h) / 256;
    for (int i = 0; i < out.length; i++) {
      out[i] /= area;
    }
    return out;
  }

  private static float[] hog(float[] img, int w, int h) {
    float[] g = new float[w * h];
    for (int i = 0; i < g.length; i++) {
      g[i] = (img[i * 3] + img[i * 3 + 1] + img[i * 3 + 2]) / 3;
    }
    float[] out = new float[4 * 4 * 8];
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        double gx = g[y * w + x + 1] - g[y * w + x - 1];
        double gy = g[(y + 1) * w + x] - g[(y - 1) * w + x];
        double mag = Math.hypot(gx, gy);
        double ang = Math.atan2(gy, gx);
        if (ang < 0) {
          ang += Math.PI;
        }
        int bin = Math.min(7, (int) (ang / Math.PI * 8));
        out[((y * 4 / h) * 4 + x * 4 / w) * 8 + bin] += (float) mag;
      }
    }
    double norm = 1e-6;
    for (float v : out) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < out.length; i++) {
      out[i] /= (float) norm;
    }
    return out;
  }

  private static double accuracy(SoftmaxRegression m, Set s) {
    int ok = 0;
    for (int i = 0; i < s.y.length; i++) {
      if (m.predict(s.x[i]) == s.y[i]) {
        ok++;
      }
    }
    return (double) ok / s.y.length;
  }

  private static double majority(int[] y, int k) {
    int[] c = new int[k];
    for (int v : y) {
      c[v]++;
    }
    return (double) java.util.Arrays.stream(c).max().orElse(0) / y.length;
  }

  // ---------------------------------------------------------------- streets

  private static final int PIXEL_FEATURES = 11;

  private static List<Row> streets(Dataset syn, Dataset real, long seed) {
    int k = syn.numClasses();
    Set sTrain = pixels(syn, "train", 200, seed);
    Set rTrain = pixels(real, "train", 200, seed);
    SoftmaxRegression fs = SoftmaxRegression.fit(sTrain.x, sTrain.y, k, seed);
    SoftmaxRegression fr = SoftmaxRegression.fit(rTrain.x, rTrain.y, k, seed);
    double[] chance = new double[1];
    double ss = miou(fs, syn, k, null);
    double sr = miou(fs, real, k, chance);
    double rr = miou(fr, real, k, null);
    return List.of(
        new Row("per-pixel colour, 3x3 mean, contrast, row", "mIoU", ss, sr, rr, chance[0]));
  }

  /** Per-pixel features of one image: colour, 3x3 mean colour, local contrast, row, bias terms. */
  private static float[] pixelFeatures(float[] img, int w, int h, int x, int y) {
    float[] f = new float[PIXEL_FEATURES];
    int o = (y * w + x) * 3;
    f[0] = img[o];
    f[1] = img[o + 1];
    f[2] = img[o + 2];
    double var = 0;
    int n = 0;
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int xx = Math.min(w - 1, Math.max(0, x + dx));
        int yy = Math.min(h - 1, Math.max(0, y + dy));
        int q = (yy * w + xx) * 3;
        for (int c = 0; c < 3; c++) {
          f[3 + c] += img[q + c] / 9f;
        }
        double lum =
            (img[q] + img[q + 1] + img[q + 2]) / 3 - (img[o] + img[o + 1] + img[o + 2]) / 3;
        var += lum * lum;
        n++;
      }
    }
    f[6] = (float) Math.sqrt(var / n);
    float row = (y + 0.5f) / h;
    f[7] = row;
    f[8] = row * row;
    f[9] = f[0] - f[2];
    f[10] = f[1] - (f[0] + f[2]) / 2;
    return f;
  }

  private static Set pixels(Dataset ds, String split, int perImage, long seed) {
    List<float[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(seed);
    try (BatchLoader l = loader(ds, split, 1)) {
      while (l.hasNext()) {
        Batch b = l.next();
        for (int i = 0; i < perImage; i++) {
          int x = rng.nextInt(b.width());
          int y = rng.nextInt(b.height());
          int label = b.labels()[y * b.width() + x];
          if (label != 255) {
            xs.add(pixelFeatures(b.images(), b.width(), b.height(), x, y));
            ys.add(label);
          }
        }
      }
    }
    return Set.of(xs, ys);
  }

  private static double miou(SoftmaxRegression m, Dataset ds, int k, double[] chance) {
    long[] inter = new long[k];
    long[] union = new long[k];
    long[] gtCount = new long[k];
    List<int[]> labels = new ArrayList<>();
    try (BatchLoader l = loader(ds, "val", 1)) {
      while (l.hasNext()) {
        Batch b = l.next();
        labels.add(b.labels());
        for (int y = 0; y < b.height(); y++) {
          for (int x = 0; x < b.width(); x++) {
            int gt = b.labels()[y * b.width() + x];
            if (gt == 255) {
              continue;
            }
            int p = m.predict(pixelFeatures(b.images(), b.width(), b.height(), x, y));
            gtCount[gt]++;
            if (p == gt) {
              inter[gt]++;
              union[gt]++;
            } else {
              union[gt]++;
              union[p]++;
            }
          }
        }
      }
    }
    if (chance != null) {
      // mIoU of predicting the most frequent class everywhere: its IoU is its pixel share.
      long total = java.util.Arrays.stream(gtCount).sum();
      int present = (int) java.util.Arrays.stream(gtCount).filter(c -> c > 0).count();
      long max = java.util.Arrays.stream(gtCount).max().orElse(0);
      chance[0] = (double) max / total / present;
    }
    double sum = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      if (gtCount[c] > 0) {
        sum += (double) inter[c] / union[c];
        present++;
      }
    }
    return sum / present;
  }
}

package org.real2sim.tools.export;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.parity.SampleImages;
import org.real2sim.trainer.config.DatasetRef;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.data.image.ImageDecoder;
import org.real2sim.trainer.data.image.ImageOps;
import org.real2sim.trainer.data.image.RgbImage;

/**
 * The images a run's export checks parity on: the run's real validation images at the network's
 * size (seeded random ones when the data set is not readable), and noisy full-size versions of them
 * in several sizes and aspect ratios for the in-graph resize.
 */
public final class ParityImages {

  private ParityImages() {}

  /**
   * The sizes and aspect ratios of the full-size parity images (HxW): camera-like frames larger
   * than the network, wider, taller, and one smaller, so the in-graph resize is checked shrinking,
   * stretching and enlarging.
   */
  static final List<int[]> FULL_SIZE_LIST =
      List.of(new int[] {128, 128}, new int[] {96, 160}, new int[] {150, 70}, new int[] {20, 28});

  static final String FULL_SIZES = "128x128, 96x160, 150x70, 20x28";

  /**
   * Full-size versions of the first samples: each upscaled (the trainer's filter) to the sizes of
   * {@link #FULL_SIZE_LIST} with seeded Gaussian noise (σ 25 levels) added, so the parity check
   * sees images of several sizes and aspect ratios with real high-frequency content.
   */
  static List<SampleImages> fullSize(SampleImages samples, long seed) {
    int n = Math.min(2, samples.count());
    List<SampleImages> out = new ArrayList<>();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ 0x5EEDL);
    for (int[] size : FULL_SIZE_LIST) {
      List<byte[]> images = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        SampleImages one = samples.slice(i, i + 1);
        images.add(noisyResize(one.rgb(), one.height(), one.width(), size[0], size[1], 25, rng));
      }
      out.add(SampleImages.stack(images, size[0], size[1]));
    }
    return out;
  }

  /**
   * {@code rgb} resized to {@code h × w} with the trainer's filter, plus Gaussian noise of {@code
   * sigma} levels, rounded and clipped to bytes.
   */
  public static byte[] noisyResize(
      byte[] rgb,
      int height,
      int width,
      int h,
      int w,
      double sigma,
      java.util.SplittableRandom rng) {
    float[] unit = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      unit[i] = (rgb[i] & 0xFF) / 255f;
    }
    float[] d = ImageOps.resizeBilinear(new RgbImage(height, width, unit), w, h).data();
    byte[] out = new byte[d.length];
    for (int i = 0; i < d.length; i++) {
      double v = d[i] * 255.0 + sigma * gaussian(rng);
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
    return out;
  }

  private static double gaussian(java.util.SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static Dataset openReal(RunConfig config, PrintStream log) {
    DatasetRef ref = config.data().real();
    try {
      return Datasets.open(new DatasetSpec(ref.format(), Path.of(ref.root()), ref.options()));
    } catch (RuntimeException e) {
      log.println(
          "export: the real data set ("
              + ref.format()
              + " at "
              + ref.root()
              + ") is not readable here: "
              + e.getMessage());
      return null;
    }
  }

  /**
   * The first {@code n} images of the real validation split, decoded and resized to the run's size
   * as the evaluation does ({@link ImageOps#resizeBilinear}), rounded to bytes; seeded random
   * images of that size when the data set is not readable.
   */
  static SampleImages samples(RunConfig config, Dataset real, int n, String[] source) {
    int h = config.data().height();
    int w = config.data().width();
    if (real != null) {
      String split = config.data().real().valSplit();
      List<Sample> val = real.hasSplit(split) ? real.samples(split) : List.of();
      if (!val.isEmpty()) {
        ImageDecoder decoder = new ImageDecoder(config.data().maxPixels());
        List<byte[]> images = new ArrayList<>();
        for (Sample s : val.subList(0, Math.min(n, val.size()))) {
          RgbImage im;
          try {
            im = ImageOps.resizeBilinear(decoder.readRgb(s.image()), w, h);
          } catch (RuntimeException e) {
            throw new ExportException(
                "Cannot read parity image " + s.image() + ": " + e.getMessage(), e);
          }
          byte[] b = new byte[3 * w * h];
          float[] d = im.data();
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.round(Math.max(0f, Math.min(1f, d[i])) * 255f);
          }
          images.add(b);
        }
        source[0] =
            images.size()
                + " real validation image(s) of split '"
                + split
                + "' at "
                + config.data().real().root()
                + ", resized to "
                + h
                + "x"
                + w
                + " (HxW)";
        return SampleImages.stack(images, h, w);
      }
    }
    source[0] = n + " seeded random image(s) of " + h + "x" + w + " (seed " + config.seed() + ")";
    return SampleImages.seededRandom(n, h, w, config.seed());
  }
}

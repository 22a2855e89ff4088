package org.real2sim.trainer.data.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.image.ImageOps;
import org.real2sim.trainer.data.image.LabelImage;
import org.real2sim.trainer.data.image.RgbImage;
import org.real2sim.trainer.util.Seeds;

/**
 * Builds one batch of a {@link BatchLoader}'s stream from the files: each sample read, resized,
 * cropped (at a position drawn from {@code Seeds.of(seed, epoch, position)}), maybe flipped and
 * scaled into the batch's arrays. Safe for the loader's worker threads.
 */
final class BatchBuilder {

  private final List<Sample> samples;
  private final LoaderConfig config;
  private final SampleOrder order;
  private final SampleReader reader;
  private final boolean classLabels;

  /** Samples per epoch (the length of the order). */
  final int epochLength;

  /** Batches per epoch. */
  final long batchesPerEpoch;

  private final float[] factor;
  private final float[] offset;
  private final Map<Integer, int[]> orders = new LinkedHashMap<>();

  /**
   * A builder over {@code samples} of {@code dataset} visited in {@code order}.
   *
   * @throws DataException if an epoch holds fewer than one batch with {@code dropLast}
   */
  BatchBuilder(Dataset dataset, List<Sample> samples, LoaderConfig config, SampleOrder order) {
    this.samples = samples;
    this.config = config;
    this.order = order;
    this.reader = new SampleReader(dataset, config.maxPixels(), config.labels());
    this.classLabels = config.labels() && dataset.task() == Task.CLASSIFICATION;
    this.epochLength = order.indices(0).length;
    this.batchesPerEpoch =
        config.dropLast()
            ? epochLength / config.batchSize()
            : (epochLength + config.batchSize() - 1) / config.batchSize();
    if (batchesPerEpoch == 0) {
      throw new DataException(
          dataset
              + ": an epoch has "
              + epochLength
              + " samples, fewer than the batch size "
              + config.batchSize()
              + " (with dropLast)");
    }
    PixelScaling s = config.scaling();
    this.factor = s.factor();
    this.offset = s.offset();
  }

  private int[] orderOf(int epoch) {
    synchronized (orders) {
      int[] o = orders.get(epoch);
      if (o == null) {
        o = order.indices(epoch);
        if (o.length != epochLength) {
          throw new IllegalStateException(
              "sample order gave "
                  + o.length
                  + " indices for epoch "
                  + epoch
                  + ", expected "
                  + epochLength);
        }
        for (int i : o) {
          if (i < 0 || i >= samples.size()) {
            throw new IllegalStateException(
                "sample order index " + i + " outside [0, " + samples.size() + ")");
          }
        }
        orders.put(epoch, o);
        if (orders.size() > 4) {
          orders.remove(orders.keySet().iterator().next());
        }
      }
      return o;
    }
  }

  /** Builds batch {@code b} of the stream. */
  Batch build(long b) {
    int epoch = config.startEpoch() + (int) (b / batchesPerEpoch);
    int first = (int) ((b % batchesPerEpoch) * config.batchSize());
    int n = Math.min(config.batchSize(), epochLength - first);
    int[] ord = orderOf(epoch);
    float[] images = null;
    int[] labels = null;
    int h = 0;
    int w = 0;
    List<Sample> batchSamples = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int position = first + k;
      Sample s = samples.get(ord[position]);
      batchSamples.add(s);
      SampleReader.Loaded loaded = reader.read(s);
      RgbImage img = loaded.image();
      LabelImage lab = loaded.label();
      int[] size = resized(img.width(), img.height());
      if (size[0] != img.width() || size[1] != img.height()) {
        img = ImageOps.resizeBilinear(img, size[0], size[1]);
        if (lab != null) {
          lab = ImageOps.resizeNearest(lab, size[0], size[1]);
        }
      }
      int cw = config.cropWidth() == 0 ? img.width() : config.cropWidth();
      int ch = config.cropHeight() == 0 ? img.height() : config.cropHeight();
      if (cw > img.width() || ch > img.height()) {
        throw new DataException(
            s.image()
                + ": image is "
                + img.width()
                + "x"
                + img.height()
                + " after resizing, smaller than the crop "
                + cw
                + "x"
                + ch);
      }
      if (k == 0) {
        w = cw;
        h = ch;
        images = new float[n * h * w * 3];
        if (lab != null) {
          labels = new int[n * h * w];
        } else if (classLabels) {
          labels = new int[n];
        }
      } else if (cw != w || ch != h) {
        throw new DataException(
            s.image()
                + ": image gives a "
                + cw
                + "x"
                + ch
                + " batch element but the batch's first"
                + " image ("
                + batchSamples.get(0).image()
                + ") gives "
                + w
                + "x"
                + h
                + "; set a resize or crop size so that all images agree");
      }
      SplittableRandom rng = new SplittableRandom(Seeds.of(config.seed(), epoch, position));
      int x0 = rng.nextInt(img.width() - cw + 1);
      int y0 = rng.nextInt(img.height() - ch + 1);
      boolean flip = rng.nextBoolean() && config.flip();
      if (!config.randomCrop()) {
        x0 = (img.width() - cw) / 2;
        y0 = (img.height() - ch) / 2;
      }
      ImageOps.writeWindow(img, x0, y0, cw, ch, flip, factor, offset, images, k * h * w * 3);
      if (lab != null) {
        ImageOps.writeWindow(lab, x0, y0, cw, ch, flip, labels, k * h * w);
      } else if (classLabels) {
        labels[k] = s.classId();
      }
    }
    return new Batch(
        n, h, w, images, labels, reader.pixelLabels(), List.copyOf(batchSamples), epoch, b);
  }

  /** The size after the configured resize of a {@code width × height} image. */
  int[] resized(int width, int height) {
    int rw = config.resizeWidth();
    int rh = config.resizeHeight();
    if (rw == 0 && rh == 0) {
      return new int[] {width, height};
    }
    if (rw == 0) {
      rw = Math.max(1, (int) Math.round((double) width * rh / height));
    } else if (rh == 0) {
      rh = Math.max(1, (int) Math.round((double) height * rw / width));
    }
    return new int[] {rw, rh};
  }
}

package org.real2sim.trainer.data.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.image.ImageOps;
import org.real2sim.trainer.data.image.LabelImage;
import org.real2sim.trainer.data.image.RgbImage;
import org.real2sim.trainer.util.Seeds;

/**
 * Streams ready batches from disk on background threads.
 *
 * <p>Batch {@code b} of the stream holds positions {@code [i·N, (i+1)·N)} of epoch {@code e}'s
 * order ({@code b = e·batchesPerEpoch + i}); the crop position and the flip of the sample at
 * position {@code p} of epoch {@code e} are drawn from {@code Seeds.of(seed, e, p)}. Workers build
 * whole batches and the consumer receives them strictly in stream order, so the batches are
 * identical for any number of threads. At most {@code prefetch} batches are built ahead of the
 * consumer, which bounds memory; files are read when needed, so memory does not grow with the data
 * set.
 *
 * <p>Usage: {@code try (BatchLoader l = new BatchLoader(ds, "train", cfg)) { while (l.hasNext()) {
 * Batch b = l.next(); ... } }}. A file that fails to load ends the stream with a {@link
 * DataException} naming it, thrown from {@link #next()} at that batch. Not thread-safe for
 * consumers: call {@link #next()} from one thread. {@link #close()} stops the workers.
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {

  private final List<Sample> samples;
  private final LoaderConfig config;
  private final SampleOrder order;
  private final SampleReader reader;
  private final boolean classLabels;
  private final int epochLength;
  private final long batchesPerEpoch;
  private final long totalBatches;
  private final float[] factor;
  private final float[] offset;

  private final Semaphore ahead;
  private final AtomicLong nextToBuild = new AtomicLong();
  private final Object lock = new Object();
  private final Map<Long, Object> ready = new HashMap<>();
  private final Map<Integer, int[]> orders = new LinkedHashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;
  private volatile boolean failed;
  private long nextToReturn;

  /**
   * A loader over split {@code split} of {@code dataset}, in the order the config asks for
   * (shuffled per epoch or sequential).
   */
  public BatchLoader(Dataset dataset, String split, LoaderConfig config) {
    this(dataset, dataset.samples(split), config, defaultOrder(dataset.samples(split), config));
  }

  /**
   * A loader over {@code samples} (of {@code dataset}: its task, label mapping and coarsening
   * apply) visited in {@code order}, e.g. a labeled subset, or one side of an {@link
   * UnpairedSampler}.
   *
   * @throws DataException if there are no samples, or fewer than one batch with {@code dropLast}
   */
  public BatchLoader(
      Dataset dataset, List<Sample> samples, LoaderConfig config, SampleOrder order) {
    if (samples.isEmpty()) {
      throw new DataException(dataset + ": no samples to load");
    }
    this.samples = List.copyOf(samples);
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
    this.totalBatches = config.epochs() == 0 ? Long.MAX_VALUE : batchesPerEpoch * config.epochs();
    PixelScaling s = config.scaling();
    this.factor = s.factor();
    this.offset = s.offset();
    this.ahead = new Semaphore(config.prefetch());
    for (int t = 0; t < config.threads(); t++) {
      Thread w = new Thread(this::work, "real2sim-loader-" + t);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
  }

  private static SampleOrder defaultOrder(List<Sample> samples, LoaderConfig config) {
    return config.shuffle()
        ? SampleOrder.shuffled(samples.size(), config.seed())
        : SampleOrder.sequential(samples.size());
  }

  /** Samples per epoch (the length of the order). */
  public int epochLength() {
    return epochLength;
  }

  /** Batches per epoch. */
  public long batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** The number of batches workers have started so far (for tests of the prefetch bound). */
  long started() {
    return Math.min(nextToBuild.get(), totalBatches);
  }

  /** Whether another batch follows (always true with unlimited epochs). */
  @Override
  public boolean hasNext() {
    return nextToReturn < totalBatches;
  }

  /**
   * The next batch, waiting for it if needed.
   *
   * @throws DataException naming the file if a sample of this batch could not be loaded
   * @throws NoSuchElementException after the configured epochs
   */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + totalBatches + " batches were delivered");
    }
    Object r;
    synchronized (lock) {
      while (!ready.containsKey(nextToReturn)) {
        if (closed) {
          throw new IllegalStateException("the loader is closed");
        }
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
      }
      r = ready.remove(nextToReturn);
      nextToReturn++;
    }
    ahead.release();
    if (r instanceof DataException d) {
      throw new DataException(d.getMessage(), d);
    }
    if (r instanceof Throwable t) {
      throw new DataException("loading batch " + (nextToReturn - 1) + " failed: " + t, t);
    }
    return (Batch) r;
  }

  private void work() {
    while (!closed && !failed) {
      try {
        ahead.acquire();
      } catch (InterruptedException e) {
        return;
      }
      long b = nextToBuild.getAndIncrement();
      if (b >= totalBatches || closed) {
        ahead.release();
        return;
      }
      Object result;
      try {
        result = build(b);
      } catch (Throwable t) {
        result = t;
        failed = true;
      }
      synchronized (lock) {
        ready.put(b, result);
        lock.notifyAll();
      }
    }
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

  /** Stops the workers; batches not yet taken are dropped. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (lock) {
      ready.clear();
      lock.notifyAll();
    }
  }

  @Override
  public String toString() {
    return "BatchLoader("
        + samples.size()
        + " samples, "
        + batchesPerEpoch
        + " batches/epoch, "
        + config
        + ")";
  }
}

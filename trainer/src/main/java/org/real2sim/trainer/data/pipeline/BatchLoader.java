package org.real2sim.trainer.data.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;

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

  private final int sampleCount;
  private final LoaderConfig config;
  private final BatchBuilder builder;
  private final int epochLength;
  private final long batchesPerEpoch;
  private final long totalBatches;

  private final Semaphore ahead;
  private final AtomicLong nextToBuild = new AtomicLong();
  private final Object lock = new Object();
  private final Map<Long, Object> ready = new HashMap<>();
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
    this.sampleCount = samples.size();
    this.config = config;
    this.builder = new BatchBuilder(dataset, List.copyOf(samples), config, order);
    this.epochLength = builder.epochLength;
    this.batchesPerEpoch = builder.batchesPerEpoch;
    this.totalBatches = config.epochs() == 0 ? Long.MAX_VALUE : batchesPerEpoch * config.epochs();
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
        result = builder.build(b);
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

  /** The size after the configured resize of a {@code width × height} image. */
  int[] resized(int width, int height) {
    return builder.resized(width, height);
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
        + sampleCount
        + " samples, "
        + batchesPerEpoch
        + " batches/epoch, "
        + config
        + ")";
  }
}

package org.real2sim.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.runtime.bundle.GraphNames;

/**
 * Reusable native buffers: for one batch shape (N, H, W), a direct input buffer wrapped by an
 * {@link OnnxTensor} (ONNX Runtime reads it without copying; created on first use, since a caller
 * may pass a direct buffer of its own) and direct output buffers at the network's size (N, h', w')
 * passed to {@code run} as pinned outputs (ONNX Runtime writes into them). A call borrows a set,
 * fills it, runs, copies the outputs out and returns the set, so steady-state inference allocates
 * no native memory.
 *
 * <p>Thread-safe. Sets are created on demand, so concurrent callers never wait for each other; at
 * most {@code maxIdle} idle sets are kept, extra ones are closed on return. The pool owns every set
 * it holds and closes them in {@link #close()}; a borrowed set belongs to its borrower until {@link
 * #release(Slot)}.
 */
final class BufferPool implements AutoCloseable {

  /** A batch shape. */
  record Key(int n, int height, int width) {}

  /**
   * Which outputs a set holds, the class count for the scores, and the network's input size for an
   * image size ({@code {h, w} → {h', w'}}: the outputs' spatial size).
   */
  record Layout(
      String predictionOutput,
      boolean classification,
      boolean scores,
      boolean translated,
      int numClasses,
      java.util.function.BiFunction<Integer, Integer, int[]> networkSize) {}

  /** One set of native buffers for a batch shape. Closing it closes its tensors. */
  static final class Slot implements AutoCloseable {
    final Key key;
    ByteBuffer input;
    OnnxTensor inputTensor;
    final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    ByteBuffer mask;
    LongBuffer classIds;
    FloatBuffer scores;
    ByteBuffer translated;

    private Slot(Key key) {
      this.key = key;
    }

    @Override
    public void close() {
      if (inputTensor != null) {
        inputTensor.close();
      }
      pinned.values().forEach(OnnxTensor::close);
    }
  }

  private final OrtEnvironment env;
  private final Layout layout;
  private final int maxIdle;
  private final Map<Key, Deque<Slot>> idle = new HashMap<>();
  private int idleCount;
  private long created;
  private boolean closed;

  BufferPool(OrtEnvironment env, Layout layout, int maxIdle) {
    this.env = env;
    this.layout = layout;
    this.maxIdle = maxIdle;
  }

  /** The environment the tensors are created in. */
  OrtEnvironment environment() {
    return env;
  }

  /**
   * A set for {@code key}: an idle one if available, else a new one; with {@code withInput} it has
   * an input buffer (a caller passing its own direct buffer needs none).
   */
  Slot borrow(Key key, boolean withInput) throws OrtException {
    Slot s = null;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the pipeline is closed");
      }
      Deque<Slot> q = idle.get(key);
      if (q != null && !q.isEmpty()) {
        idleCount--;
        s = q.pop();
      } else {
        created++;
      }
    }
    if (s == null) {
      s = create(key);
    }
    if (withInput && s.inputTensor == null) {
      try {
        long n = key.n();
        long h = key.height();
        long w = key.width();
        s.input = direct(Math.multiplyExact(Math.multiplyExact(n, h), Math.multiplyExact(w, 3)));
        s.inputTensor =
            OnnxTensor.createTensor(env, s.input, new long[] {n, h, w, 3}, OnnxJavaType.UINT8);
      } catch (OrtException | RuntimeException e) {
        s.close();
        throw e;
      }
    }
    return s;
  }

  /** Returns a borrowed set; it is closed instead when the pool is full or closed. */
  void release(Slot slot) {
    synchronized (this) {
      if (!closed && idleCount < maxIdle) {
        idle.computeIfAbsent(slot.key, k -> new ArrayDeque<>()).push(slot);
        idleCount++;
        return;
      }
    }
    slot.close();
  }

  /** How many sets were created since the pool was made (steady state: no growth). */
  synchronized long created() {
    return created;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Deque<Slot> q : idle.values()) {
      q.forEach(Slot::close);
    }
    idle.clear();
    idleCount = 0;
  }

  private Slot create(Key key) throws OrtException {
    long n = key.n();
    int[] net = layout.networkSize().apply(key.height(), key.width());
    long h = net[0];
    long w = net[1];
    Slot s = new Slot(key);
    try {
      int k = layout.numClasses();
      long pixels = Math.multiplyExact(n, Math.multiplyExact(h, w));
      if (layout.predictionOutput() != null) {
        if (layout.classification()) {
          ByteBuffer b = direct(Math.multiplyExact(n, (long) Long.BYTES));
          s.classIds = b.asLongBuffer();
          s.pinned.put(
              layout.predictionOutput(), OnnxTensor.createTensor(env, s.classIds, new long[] {n}));
        } else {
          s.mask = direct(pixels);
          s.pinned.put(
              layout.predictionOutput(),
              OnnxTensor.createTensor(env, s.mask, new long[] {n, h, w}, OnnxJavaType.UINT8));
        }
      }
      if (layout.scores()) {
        long[] shape = layout.classification() ? new long[] {n, k} : new long[] {n, k, h, w};
        long count =
            layout.classification() ? Math.multiplyExact(n, k) : Math.multiplyExact(pixels, k);
        s.scores = direct(Math.multiplyExact(count, (long) Float.BYTES)).asFloatBuffer();
        s.pinned.put(GraphNames.SCORES, OnnxTensor.createTensor(env, s.scores, shape));
      }
      if (layout.translated()) {
        s.translated = direct(Math.multiplyExact(pixels, 3));
        s.pinned.put(
            GraphNames.TRANSLATED,
            OnnxTensor.createTensor(
                env, s.translated, new long[] {n, h, w, 3}, OnnxJavaType.UINT8));
      }
    } catch (OrtException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private static ByteBuffer direct(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a batch needs a "
              + bytes
              + "-byte buffer, over the 2 GiB a Java buffer can hold; use smaller batches");
    }
    return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
  }
}

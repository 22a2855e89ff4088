package org.real2sim.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.GraphNames;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;

/**
 * Runs batches of images through an open session: checks each image against {@link
 * Options#maxPixels()} and the input policy, groups the batch by image size, fills pooled native
 * buffers (or wraps a caller's direct buffer without a copy), runs ONNX Runtime with pinned outputs
 * and copies each image's outputs out, resizing masks back to the image's size.
 *
 * <p>Thread-safe: {@link #infer} takes a read lock, {@link #close()} the write lock, so closing
 * waits for calls in flight. This object owns the session, its options, the external initializers
 * and the buffer pool, and closes all of them in {@link #close()}.
 */
final class Inference implements AutoCloseable {

  private final BundleManifest manifest;
  private final Options options;
  private final String source;
  private final SessionOpener.Opened opened;
  private final OrtSession session;
  private final BufferPool pool;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  Inference(
      BundleManifest manifest,
      Options options,
      String source,
      SessionOpener.Opened opened,
      boolean withScores,
      boolean withTranslated) {
    this.manifest = manifest;
    this.options = options;
    this.source = source;
    this.opened = opened;
    this.session = opened.session();
    String prediction =
        manifest.part().predicts()
            ? (manifest.task() == Task.CLASSIFICATION ? GraphNames.CLASS_ID : GraphNames.MASK)
            : null;
    this.pool =
        new BufferPool(
            opened.env(),
            new BufferPool.Layout(
                prediction,
                manifest.task() == Task.CLASSIFICATION,
                withScores,
                withTranslated,
                manifest.numClasses(),
                manifest::networkSize),
            options.pooledBuffers());
  }

  /** How many native buffer sets were created so far. */
  long bufferSetsCreated() {
    return pool.created();
  }

  /** The outputs for one image, already copied out of the native buffers. */
  static final class Raw {
    int height;
    int width;
    int netHeight;
    int netWidth;
    byte[] mask;
    long classId;
    float[] scores;
    RgbImage translated;
    Timing timing;
  }

  Raw[] infer(List<ImageInput> images, long t0) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("the batch is empty");
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the pipeline of " + source + " is closed");
      }
      int n = images.size();
      ImageInput[] fed = new ImageInput[n];
      InputPolicy policy = manifest.inputPolicy();
      long maxPixels = options.maxPixels();
      Map<BufferPool.Key, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        ImageInput im = images.get(i);
        String what = n == 1 ? "The image" : "Image " + i + " of the batch";
        checkPixels(what, im.height(), im.width(), maxPixels);
        if (policy.accepts(im.height(), im.width())) {
          fed[i] = im;
        } else if (policy.onMismatch() == InputPolicy.OnMismatch.RESIZE) {
          int[] t = policy.targetSize(im.height(), im.width());
          checkPixels(what + " resized by the input policy", t[0], t[1], maxPixels);
          RgbImage r = Images.resizeBilinear(im.packed(), t[0], t[1]);
          fed[i] = new ImageInput(r.height(), r.width(), r, null);
        } else {
          throw new IllegalArgumentException(policy.violation(what, im.height(), im.width()));
        }
        BufferPool.Key key =
            fed[i].buffer() != null && fed[i].buffer().isDirect()
                ? new BufferPool.Key(-(i + 1), fed[i].height(), fed[i].width())
                : new BufferPool.Key(0, fed[i].height(), fed[i].width());
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
      Raw[] out = new Raw[n];
      long pre = System.nanoTime() - t0;
      long inference = 0;
      long post = 0;
      for (Map.Entry<BufferPool.Key, List<Integer>> g : groups.entrySet()) {
        long[] times = runGroup(g.getValue(), images, fed, out);
        pre += times[0];
        inference += times[1];
        post += times[2];
      }
      Timing timing = new Timing(pre, inference, post, n);
      for (Raw r : out) {
        r.timing = timing;
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void checkPixels(String what, long height, long width, long maxPixels) {
    if (height * width > maxPixels) {
      throw new IllegalArgumentException(
          what
              + " is "
              + height
              + "x"
              + width
              + " (HxW) = "
              + height * width
              + " pixels, over the limit of "
              + maxPixels
              + " (Options.maxPixels)");
    }
  }

  /**
   * Runs the images {@code idx} (all of one size) as one batch; returns pre, run and post nanos. A
   * single direct buffer is wrapped as the input tensor without a copy.
   */
  private long[] runGroup(
      List<Integer> idx, List<ImageInput> originals, ImageInput[] fed, Raw[] out) {
    long t0 = System.nanoTime();
    int n = idx.size();
    ImageInput first = fed[idx.get(0)];
    int h = first.height();
    int w = first.width();
    boolean zeroCopy = first.buffer() != null && first.buffer().isDirect();
    int[] net = manifest.networkSize(h, w);
    int nh = net[0];
    int nw = net[1];
    BufferPool.Slot slot;
    OnnxTensor direct = null;
    try {
      slot = pool.borrow(new BufferPool.Key(n, h, w), !zeroCopy);
      if (zeroCopy) {
        direct =
            OnnxTensor.createTensor(
                pool.environment(), first.buffer(), new long[] {1, h, w, 3}, OnnxJavaType.UINT8);
      }
    } catch (OrtException e) {
      throw new PipelineException(
          "Cannot allocate native tensors for a batch of "
              + n
              + " images of "
              + h
              + "x"
              + w
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      if (!zeroCopy) {
        slot.input.clear();
        for (int i : idx) {
          ImageInput in = fed[i];
          if (in.image() != null) {
            slot.input.put(in.image().pixels());
          } else {
            slot.input.put(in.buffer().duplicate());
          }
        }
      }
      long t1 = System.nanoTime();
      OnnxTensor input = zeroCopy ? direct : slot.inputTensor;
      try (OrtSession.Result r = session.run(Map.of(GraphNames.IMAGE, input), slot.pinned)) {
        // Every output is pinned into the slot's buffers; the (empty) result owns nothing.
      } catch (OrtException e) {
        throw new PipelineException(
            "ONNX Runtime failed on a batch of "
                + n
                + " image(s) of "
                + h
                + "x"
                + w
                + " (HxW) from "
                + source
                + ": "
                + e.getMessage(),
            e);
      }
      long t2 = System.nanoTime();
      int k = manifest.numClasses();
      boolean cls = manifest.task() == Task.CLASSIFICATION;
      int maskLength = Math.multiplyExact(nh, nw);
      int translatedLength = Math.multiplyExact(maskLength, 3);
      int scoresLength = cls ? k : Math.multiplyExact(k, maskLength);
      for (int j = 0; j < n; j++) {
        int i = idx.get(j);
        ImageInput original = originals.get(i);
        Raw r = new Raw();
        r.height = original.height();
        r.width = original.width();
        r.netHeight = nh;
        r.netWidth = nw;
        if (slot.mask != null) {
          byte[] m = new byte[maskLength];
          slot.mask.get(Math.multiplyExact(j, maskLength), m);
          r.mask =
              r.height == nh && r.width == nw
                  ? m
                  : Images.resizeNearest(m, nh, nw, r.height, r.width);
        }
        if (slot.classIds != null) {
          r.classId = slot.classIds.get(j);
        }
        if (slot.scores != null) {
          float[] sc = new float[scoresLength];
          slot.scores.get(Math.multiplyExact(j, scoresLength), sc);
          r.scores = sc;
        }
        if (slot.translated != null) {
          byte[] t = new byte[translatedLength];
          slot.translated.get(Math.multiplyExact(j, translatedLength), t);
          r.translated = new RgbImage(nh, nw, t);
        }
        out[i] = r;
      }
      long t3 = System.nanoTime();
      return new long[] {t1 - t0, t2 - t1, t3 - t2};
    } finally {
      if (direct != null) {
        direct.close();
      }
      pool.release(slot);
    }
  }

  /**
   * Releases the session, its options and all pooled native buffers, after calls in flight finish.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pool.close();
      opened.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}

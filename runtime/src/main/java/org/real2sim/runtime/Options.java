package org.real2sim.runtime;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link Pipeline} runs: device, threads (a pool of its own or the shared one), spinning,
 * which optional outputs it returns, and the limits on what it accepts (pixels per image, bytes per
 * bundle zip). Immutable; each setter returns a modified copy, so {@code
 * Options.defaults().device("cuda:1") .scores(true)} reads left to right.
 */
public final class Options {

  // Not final so that a setter can change its own fresh copy (see with(Consumer)); an instance
  // never changes once a caller holds it.
  private Device device = Device.CPU;
  private boolean requireDevice;
  private int intraOpThreads;
  private boolean spinning;
  private boolean scores;
  private boolean translated;
  private int pooledBuffers;
  private long maxPixels = org.real2sim.runtime.image.ImageFiles.DEFAULT_MAX_PIXELS;
  private boolean sharedThreadPool = true;
  private long maxBundleBytes = DEFAULT_MAX_BUNDLE_BYTES;

  /** The default of {@link #maxBundleBytes(long)}: 1 GiB. */
  public static final long DEFAULT_MAX_BUNDLE_BYTES = 1L << 30;

  private Options() {}

  /** A copy of these options with {@code change} applied to it: what every setter returns. */
  private Options with(Consumer<Options> change) {
    Options o = new Options();
    o.device = device;
    o.requireDevice = requireDevice;
    o.intraOpThreads = intraOpThreads;
    o.spinning = spinning;
    o.scores = scores;
    o.translated = translated;
    o.pooledBuffers = pooledBuffers;
    o.maxPixels = maxPixels;
    o.sharedThreadPool = sharedThreadPool;
    o.maxBundleBytes = maxBundleBytes;
    change.accept(o);
    return o;
  }

  /**
   * The defaults: CPU, no device requirement, ONNX Runtime's default intra-op thread count,
   * spinning only on machines with more than 4 cores (on small machines spinning threads steal the
   * cores the work needs), no scores, no translated image, up to {@code 2 × cores} pooled buffer
   * sets.
   */
  public static Options defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    Options o = new Options();
    o.spinning = cores > 4;
    o.pooledBuffers = Math.max(2, 2 * cores);
    return o;
  }

  /**
   * Selects the device in the grammar of {@link Device#parse}: {@code cpu}, {@code cuda[:N]},
   * {@code tensorrt[:N]} or another execution provider by name. When the device cannot be used (the
   * ONNX Runtime build lacks its provider, or a session on it fails), the pipeline falls back to
   * the CPU and logs why, unless {@link #requireDevice(boolean)} is set.
   *
   * @throws IllegalArgumentException for any other text, or a list of devices
   */
  public Options device(String device) {
    return with(o -> o.device = Device.parse(device));
  }

  /** The selected device. */
  public Device device() {
    return device;
  }

  /**
   * When true, a device that cannot be used fails {@link Pipeline#open} instead of falling back.
   */
  public Options requireDevice(boolean requireDevice) {
    return with(o -> o.requireDevice = requireDevice);
  }

  /** Whether the selected device is required. */
  public boolean requireDevice() {
    return requireDevice;
  }

  /**
   * Sets ONNX Runtime's intra-op thread count; 0 keeps its default (one per physical core).
   *
   * @throws IllegalArgumentException when negative
   */
  public Options intraOpThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "intraOpThreads must be >= 0 (0 = ONNX Runtime's default), found " + threads);
    }
    return with(o -> o.intraOpThreads = threads);
  }

  /** The intra-op thread count; 0 means ONNX Runtime's default. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Whether idle ONNX Runtime worker threads spin (busy-wait) for work instead of sleeping. */
  public Options spinning(boolean spinning) {
    return with(o -> o.spinning = spinning);
  }

  /** Whether worker threads spin. */
  public boolean spinning() {
    return spinning;
  }

  /** Whether results carry softmax scores; the bundle's model must have a {@code scores} output. */
  public Options scores(boolean scores) {
    return with(o -> o.scores = scores);
  }

  /** Whether results carry scores. */
  public boolean scores() {
    return scores;
  }

  /**
   * Whether results carry the generator's translated image; the model must have a {@code
   * translated} output. Always on for a generator bundle.
   */
  public Options translated(boolean translated) {
    return with(o -> o.translated = translated);
  }

  /** Whether results carry the translated image. */
  public boolean translated() {
    return translated;
  }

  /**
   * Sets how many idle native buffer sets (input and output tensors for one batch shape) the
   * pipeline keeps for reuse; at least 1.
   */
  public Options pooledBuffers(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("pooledBuffers must be >= 1, found " + count);
    }
    return with(o -> o.pooledBuffers = count);
  }

  /** The number of idle buffer sets kept for reuse. */
  public int pooledBuffers() {
    return pooledBuffers;
  }

  /**
   * Sets the largest image accepted, in pixels ({@code height × width}); larger images are refused
   * with the size and the limit before anything is allocated for them (image files: before they are
   * decoded). Default {@value org.real2sim.runtime.image.ImageFiles#DEFAULT_MAX_PIXELS} (8K camera
   * frames).
   *
   * @throws IllegalArgumentException when not positive
   */
  public Options maxPixels(long pixels) {
    if (pixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, found " + pixels);
    }
    return with(o -> o.maxPixels = pixels);
  }

  /** The pixel limit. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Whether the pipeline runs on the JVM's one shared ONNX Runtime thread pool (the default) or on
   * a pool of its own. Several pipelines in one process then share {@code intraOpThreads} threads
   * instead of each starting one per core; the shared pool is sized by the first pipeline opened
   * (see {@link RuntimeEnvironment}).
   */
  public Options sharedThreadPool(boolean shared) {
    return with(o -> o.sharedThreadPool = shared);
  }

  /** Whether the shared thread pool is used. */
  public boolean sharedThreadPool() {
    return sharedThreadPool;
  }

  /**
   * Sets the most bytes a bundle zip may hold, compressed and inflated (default 1 GiB); a larger
   * archive, or a zip bomb, is refused when the limit is reached.
   *
   * @throws IllegalArgumentException when not positive
   */
  public Options maxBundleBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxBundleBytes must be >= 1, found " + bytes);
    }
    return with(o -> o.maxBundleBytes = bytes);
  }

  /** The zip size limit. */
  public long maxBundleBytes() {
    return maxBundleBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Options x
        && x.device.equals(device)
        && x.requireDevice == requireDevice
        && x.intraOpThreads == intraOpThreads
        && x.spinning == spinning
        && x.scores == scores
        && x.translated == translated
        && x.pooledBuffers == pooledBuffers
        && x.maxPixels == maxPixels
        && x.sharedThreadPool == sharedThreadPool
        && x.maxBundleBytes == maxBundleBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        device,
        requireDevice,
        intraOpThreads,
        spinning,
        scores,
        translated,
        pooledBuffers,
        maxPixels,
        sharedThreadPool,
        maxBundleBytes);
  }

  @Override
  public String toString() {
    return "Options[device="
        + device
        + ", requireDevice="
        + requireDevice
        + ", intraOpThreads="
        + intraOpThreads
        + ", spinning="
        + spinning
        + ", scores="
        + scores
        + ", translated="
        + translated
        + ", pooledBuffers="
        + pooledBuffers
        + ", maxPixels="
        + maxPixels
        + ", sharedThreadPool="
        + sharedThreadPool
        + ", maxBundleBytes="
        + maxBundleBytes
        + "]";
  }
}

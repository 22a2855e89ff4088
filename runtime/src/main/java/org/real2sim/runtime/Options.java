package org.real2sim.runtime;

import java.util.Objects;

/**
 * How a {@link Pipeline} runs: device, threads, spinning, and which optional outputs it returns.
 * Immutable; each setter returns a modified copy, so {@code Options.defaults().device("cuda:1")
 * .scores(true)} reads left to right.
 */
public final class Options {

  private final Device device;
  private final boolean requireDevice;
  private final int intraOpThreads;
  private final boolean spinning;
  private final boolean scores;
  private final boolean translated;
  private final int pooledBuffers;

  private Options(
      Device device,
      boolean requireDevice,
      int intraOpThreads,
      boolean spinning,
      boolean scores,
      boolean translated,
      int pooledBuffers) {
    this.device = device;
    this.requireDevice = requireDevice;
    this.intraOpThreads = intraOpThreads;
    this.spinning = spinning;
    this.scores = scores;
    this.translated = translated;
    this.pooledBuffers = pooledBuffers;
  }

  /**
   * The defaults: CPU, no device requirement, ONNX Runtime's default intra-op thread count,
   * spinning only on machines with more than 4 cores (on small machines spinning threads steal the
   * cores the work needs), no scores, no translated image, up to {@code 2 × cores} pooled buffer
   * sets.
   */
  public static Options defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Options(Device.CPU, false, 0, cores > 4, false, false, Math.max(2, 2 * cores));
  }

  /**
   * Selects the device, {@code cpu}, {@code cuda} or {@code cuda:N}. When CUDA cannot be used, the
   * pipeline falls back to the CPU and logs why, unless {@link #requireDevice(boolean)} is set.
   *
   * @throws IllegalArgumentException for any other text
   */
  public Options device(String device) {
    return new Options(
        Device.parse(device),
        requireDevice,
        intraOpThreads,
        spinning,
        scores,
        translated,
        pooledBuffers);
  }

  /** The selected device. */
  public Device device() {
    return device;
  }

  /**
   * When true, a device that cannot be used fails {@link Pipeline#open} instead of falling back.
   */
  public Options requireDevice(boolean requireDevice) {
    return new Options(
        device, requireDevice, intraOpThreads, spinning, scores, translated, pooledBuffers);
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
    return new Options(device, requireDevice, threads, spinning, scores, translated, pooledBuffers);
  }

  /** The intra-op thread count; 0 means ONNX Runtime's default. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Whether idle ONNX Runtime worker threads spin (busy-wait) for work instead of sleeping. */
  public Options spinning(boolean spinning) {
    return new Options(
        device, requireDevice, intraOpThreads, spinning, scores, translated, pooledBuffers);
  }

  /** Whether worker threads spin. */
  public boolean spinning() {
    return spinning;
  }

  /** Whether results carry softmax scores; the bundle's model must have a {@code scores} output. */
  public Options scores(boolean scores) {
    return new Options(
        device, requireDevice, intraOpThreads, spinning, scores, translated, pooledBuffers);
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
    return new Options(
        device, requireDevice, intraOpThreads, spinning, scores, translated, pooledBuffers);
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
    return new Options(device, requireDevice, intraOpThreads, spinning, scores, translated, count);
  }

  /** The number of idle buffer sets kept for reuse. */
  public int pooledBuffers() {
    return pooledBuffers;
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
        && x.pooledBuffers == pooledBuffers;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        device, requireDevice, intraOpThreads, spinning, scores, translated, pooledBuffers);
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
        + "]";
  }
}

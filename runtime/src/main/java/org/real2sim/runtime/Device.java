package org.real2sim.runtime;

import java.util.Locale;

/**
 * Where inference runs: the CPU, or CUDA device {@code index}. Written {@code cpu}, {@code cuda}
 * (device 0) or {@code cuda:N}.
 *
 * @param kind CPU or CUDA
 * @param index the CUDA device index (0 for the CPU)
 */
public record Device(Kind kind, int index) {

  /** The execution provider family. */
  public enum Kind {
    /** ONNX Runtime's default CPU provider. */
    CPU,
    /** ONNX Runtime's CUDA provider (needs the onnxruntime_gpu artifact, CUDA 12 and cuDNN 9). */
    CUDA
  }

  /** The CPU. */
  public static final Device CPU = new Device(Kind.CPU, 0);

  /** Checks the index. */
  public Device {
    if (kind == null) {
      throw new IllegalArgumentException("device kind must not be null");
    }
    if (index < 0 || (kind == Kind.CPU && index != 0)) {
      throw new IllegalArgumentException(
          "device index must be >= 0 (and 0 for the CPU), found " + index);
    }
  }

  /**
   * Parses {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Device parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return CPU;
    }
    if (s.equals("cuda")) {
      return new Device(Kind.CUDA, 0);
    }
    if (s.startsWith("cuda:")
        && s.length() > 5
        && s.substring(5).chars().allMatch(Character::isDigit)
        && s.length() < 15) {
      return new Device(Kind.CUDA, Integer.parseInt(s.substring(5)));
    }
    throw new IllegalArgumentException(
        "Unknown device '" + text + "', expected one of [cpu, cuda, cuda:N]");
  }

  /** Whether this is a CUDA device. */
  public boolean isCuda() {
    return kind == Kind.CUDA;
  }

  @Override
  public String toString() {
    return kind == Kind.CPU ? "cpu" : "cuda:" + index;
  }
}

package org.real2sim.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where inference runs: an ONNX Runtime execution provider and, for the GPU ones, a device index.
 *
 * <p>The grammar is the one training uses too ({@code cpu | cuda[:N[,M...]]}), plus the runtime's
 * other execution providers by name:
 *
 * <pre>
 *   cpu                      ONNX Runtime's default CPU provider
 *   cuda[:N]                 CUDA device N (default 0)            needs onnxruntime_gpu
 *   tensorrt[:N]             TensorRT on CUDA device N            needs onnxruntime_gpu + TensorRT
 *   rocm[:N], directml[:N]   AMD ROCm / DirectML device N         needs an ONNX Runtime build with it
 *   dnnl, openvino, coreml, xnnpack                               likewise
 *   gpu[:N]                  old training spelling of cuda[:N] (deprecated, still accepted)
 * </pre>
 *
 * A list of devices ({@code cuda:0,1}) parses, as the grammar allows it, but a pipeline runs on one
 * device: {@link Options#device(String)} refuses a list. Which providers a machine's ONNX Runtime
 * has is {@link ExecutionProviders#available()}; a provider it lacks makes the pipeline fall back
 * to the CPU with the reason (or fail, with {@link Options#requireDevice(boolean)}), as for CUDA.
 *
 * @param kind the execution provider
 * @param index the device index (0 for providers without one)
 */
public record Device(Kind kind, int index) {

  /** The execution providers the runtime can be asked for. */
  public enum Kind {
    /** ONNX Runtime's default CPU provider. */
    CPU("cpu", false),
    /** CUDA (needs the onnxruntime_gpu artifact, CUDA 12 and cuDNN 9). */
    CUDA("cuda", true),
    /** TensorRT on a CUDA device (onnxruntime_gpu, CUDA 12, cuDNN 9 and TensorRT 10 libraries). */
    TENSORRT("tensorrt", true),
    /** AMD ROCm (an ONNX Runtime built with ROCm; not on Maven Central). */
    ROCM("rocm", true),
    /** DirectML on Windows (an ONNX Runtime built with DirectML). */
    DIRECTML("directml", true),
    /** oneDNN on the CPU (an ONNX Runtime built with DNNL). */
    DNNL("dnnl", false),
    /** Intel OpenVINO (an ONNX Runtime built with OpenVINO). */
    OPENVINO("openvino", false),
    /** Apple Core ML (an ONNX Runtime built with Core ML). */
    COREML("coreml", false),
    /** XNNPACK (an ONNX Runtime built with XNNPACK). */
    XNNPACK("xnnpack", false);

    private final String spelling;
    private final boolean indexed;

    Kind(String spelling, boolean indexed) {
      this.spelling = spelling;
      this.indexed = indexed;
    }

    /** The name in the device grammar, e.g. {@code tensorrt}. */
    public String spelling() {
      return spelling;
    }

    /** Whether the provider takes a device index ({@code cuda:1}). */
    public boolean indexed() {
      return indexed;
    }
  }

  /** The CPU. */
  public static final Device CPU = new Device(Kind.CPU, 0);

  /** Checks the index. */
  public Device {
    if (kind == null) {
      throw new IllegalArgumentException("device kind must not be null");
    }
    if (index < 0 || (!kind.indexed() && index != 0)) {
      throw new IllegalArgumentException(
          "device index must be >= 0 (and 0 for " + kind.spelling() + "), found " + index);
    }
  }

  /** The accepted forms, for messages. */
  public static final String FORMS =
      "[cpu, cuda[:N], tensorrt[:N], rocm[:N], directml[:N], dnnl, openvino, coreml, xnnpack]";

  /**
   * Parses one device (case-insensitive): see the class comment. {@code gpu[:N]} reads as {@code
   * cuda[:N]} ({@link #deprecation} says so).
   *
   * @throws IllegalArgumentException naming the text and the accepted forms, also for a list
   */
  public static Device parse(String text) {
    List<Device> all = parseList(text);
    if (all.size() != 1) {
      throw new IllegalArgumentException(
          "Device '"
              + text
              + "' names "
              + all.size()
              + " devices; a pipeline runs on one: open one Pipeline per device ("
              + all
              + ")");
    }
    return all.get(0);
  }

  /**
   * Parses the grammar's list form, {@code cuda:0,1} (indexed providers only), into one device per
   * index.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static List<Device> parseList(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String name = s;
    String indices = null;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      name = s.substring(0, colon);
      indices = s.substring(colon + 1);
    }
    if (name.equals("gpu")) {
      name = "cuda";
    }
    for (Kind k : Kind.values()) {
      if (!k.spelling().equals(name)) {
        continue;
      }
      if (indices == null) {
        return List.of(new Device(k, 0));
      }
      if (!k.indexed()) {
        break;
      }
      List<Device> out = new ArrayList<>();
      for (String i : indices.split(",", -1)) {
        if (i.isEmpty() || i.length() > 9 || !i.chars().allMatch(Character::isDigit)) {
          out = null;
          break;
        }
        Device d = new Device(k, Integer.parseInt(i));
        if (out.contains(d)) {
          throw new IllegalArgumentException("Device '" + text + "' names " + d + " twice");
        }
        out.add(d);
      }
      if (out != null) {
        return List.copyOf(out);
      }
      break;
    }
    throw new IllegalArgumentException(
        "Unknown device '" + text + "', expected one of " + FORMS + " (cuda:N,M for a list)");
  }

  /** A note for the deprecated {@code gpu[:N]} spelling, to print once; empty otherwise. */
  public static Optional<String> deprecation(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("gpu") || s.startsWith("gpu:")) {
      return Optional.of(
          "device '" + text + "' is deprecated, write '" + "cuda" + s.substring(3) + "'");
    }
    return Optional.empty();
  }

  /** Whether this is the CPU provider. */
  public boolean isCpu() {
    return kind == Kind.CPU;
  }

  /** Whether this is a CUDA device. */
  public boolean isCuda() {
    return kind == Kind.CUDA;
  }

  @Override
  public String toString() {
    return kind.indexed() ? kind.spelling() + ":" + index : kind.spelling();
  }
}

package org.real2sim.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Map;

/**
 * Adds the execution provider of a {@link Device} to ONNX Runtime session options. A provider that
 * this machine's ONNX Runtime build lacks is reported with what it needs, so that {@link Pipeline}
 * applies one rule to every provider: fall back to the CPU with the reason, or fail when the device
 * is required.
 */
public final class ExecutionProviders {

  private ExecutionProviders() {}

  /** The providers the ONNX Runtime on the class path was built with. */
  public static EnumSet<OrtProvider> available() {
    return OrtEnvironment.getAvailableProviders();
  }

  /** The ONNX Runtime provider behind {@code kind}. */
  static OrtProvider provider(Device.Kind kind) {
    return switch (kind) {
      case CPU -> OrtProvider.CPU;
      case CUDA -> OrtProvider.CUDA;
      case TENSORRT -> OrtProvider.TENSOR_RT;
      case ROCM -> OrtProvider.ROCM;
      case DIRECTML -> OrtProvider.DIRECT_ML;
      case DNNL -> OrtProvider.DNNL;
      case OPENVINO -> OrtProvider.OPEN_VINO;
      case COREML -> OrtProvider.CORE_ML;
      case XNNPACK -> OrtProvider.XNNPACK;
    };
  }

  /** What a provider needs, for the message when it is missing. */
  static String needs(Device.Kind kind) {
    return switch (kind) {
      case CPU -> "nothing";
      case CUDA -> "the onnxruntime_gpu artifact (linux-x64, win-x64) and CUDA 12 + cuDNN 9";
      case TENSORRT ->
          "the onnxruntime_gpu artifact (linux-x64, win-x64), CUDA 12 + cuDNN 9 and TensorRT 10";
      default ->
          "an ONNX Runtime build with the " + kind.spelling() + " provider on the class path";
    };
  }

  /**
   * Appends {@code device}'s provider to {@code so} (nothing for the CPU, which is always there).
   *
   * @throws OrtException when the build lacks the provider or ONNX Runtime refuses it; the message
   *     names the device, the available providers and what the provider needs
   */
  public static void add(OrtSession.SessionOptions so, Device device) throws OrtException {
    Device.Kind k = device.kind();
    if (k == Device.Kind.CPU) {
      return;
    }
    EnumSet<OrtProvider> have = available();
    if (!have.contains(provider(k))) {
      throw new OrtException(
          "this ONNX Runtime has no "
              + provider(k).getName()
              + " (available: "
              + have
              + "); "
              + device
              + " needs "
              + needs(k));
    }
    switch (k) {
      case CUDA -> so.addCUDA(device.index());
      case TENSORRT -> so.addTensorrt(device.index());
      case ROCM -> so.addROCM(device.index());
      case DIRECTML -> so.addDirectML(device.index());
      case DNNL -> so.addDnnl(true);
      case OPENVINO -> so.addOpenVINO("");
      case COREML -> so.addCoreML();
      case XNNPACK -> so.addXnnpack(Map.of());
      default -> throw new IllegalStateException("unhandled provider " + k);
    }
  }
}

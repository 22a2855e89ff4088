package org.real2sim.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.bundle.SealedModel;

/**
 * Creates the ONNX Runtime session of a bundle: reads and verifies the sealed model ({@link
 * SealedModel}), hands its external initializers to ONNX Runtime as tensors, configures the session
 * options (thread pool, spinning, optimisation level), puts the session on the requested device
 * (falling back to the CPU with a logged reason unless the device is required) and checks the model
 * against the manifest ({@link ModelCheck}).
 *
 * <p>On failure everything created so far is closed; on success the caller owns what {@link Opened}
 * holds.
 */
final class SessionOpener {

  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

  private SessionOpener() {}

  /**
   * A created session and everything it needs kept open; {@link Inference} closes them.
   *
   * @param env the ONNX Runtime environment the session lives in
   * @param options the session options (closed after the session)
   * @param session the session
   * @param initializers the external initializers handed to the session
   * @param sharedPool whether the session runs on the JVM's shared thread pool
   * @param device the device the session actually runs on
   * @param fallbackReason why the requested device was not used, or null
   * @param metadata the model's {@code metadata_props}
   */
  record Opened(
      OrtEnvironment env,
      OrtSession.SessionOptions options,
      OrtSession session,
      List<OnnxTensor> initializers,
      boolean sharedPool,
      Device device,
      String fallbackReason,
      Map<String, String> metadata) {

    /** Closes the session, its options and the initializers. */
    void close() {
      closeQuietly(session);
      options.close();
      initializers.forEach(OnnxTensor::close);
    }
  }

  /**
   * Opens a session for the bundle {@code source} whose manifest is {@code manifest}.
   *
   * @throws BundleException when the model cannot be read, verified or loaded, or contradicts the
   *     manifest
   * @throws PipelineException when a required device cannot be used
   */
  static Opened open(BundleSource source, BundleManifest manifest, Options options) {
    SealedModel sealed = SealedModel.read(source, manifest);
    Path modelFile = source.pathOf(manifest.model());
    byte[] modelBytes = sealed.modelBytes();

    OrtEnvironment env =
        options.sharedThreadPool()
            ? RuntimeEnvironment.environment(options.intraOpThreads(), options.spinning())
            : RuntimeEnvironment.environment();
    boolean shared = options.sharedThreadPool() && RuntimeEnvironment.sharedThreadPool();
    List<OnnxTensor> initializers = externalInitializers(env, sealed, modelFile);
    Device requested = options.device();
    Device used = Device.CPU;
    String fallback = null;
    OrtSession.SessionOptions so = null;
    OrtSession session = null;
    try {
      so = sessionOptions(options, shared, initializers, sealed);
      if (!requested.isCpu()) {
        try {
          ExecutionProviders.add(so, requested);
          used = requested;
        } catch (OrtException e) {
          fallback = "ONNX Runtime cannot use " + requested + ": " + e.getMessage();
        }
      }
      if (fallback != null && options.requireDevice()) {
        throw new PipelineException(
            "Device " + requested + " is required (requireDevice) but cannot be used: " + fallback);
      }
      try {
        session = env.createSession(modelBytes, so);
      } catch (OrtException e) {
        if (used.isCpu()) {
          throw new BundleException(
              modelFile, "ONNX Runtime cannot load model " + modelFile + ": " + e.getMessage(), e);
        }
        if (options.requireDevice()) {
          throw new PipelineException(
              "Device "
                  + requested
                  + " is required (requireDevice) but a session on it failed: "
                  + e.getMessage(),
              e);
        }
        fallback = "a session on " + requested + " failed: " + e.getMessage();
        so.close();
        so = sessionOptions(options, shared, initializers, sealed);
        used = Device.CPU;
        try {
          session = env.createSession(modelBytes, so);
        } catch (OrtException e2) {
          throw new BundleException(
              modelFile,
              "ONNX Runtime cannot load model " + modelFile + ": " + e2.getMessage(),
              e2);
        }
      }
      if (fallback != null) {
        LOG.log(System.Logger.Level.WARNING, "real2sim: falling back to the CPU: " + fallback);
      }
      Map<String, String> metadata = ModelCheck.check(session, manifest, modelFile, options);
      return new Opened(env, so, session, initializers, shared, used, fallback, metadata);
    } catch (RuntimeException e) {
      closeQuietly(session);
      if (so != null) {
        so.close();
      }
      initializers.forEach(OnnxTensor::close);
      throw e;
    }
  }

  /** Tensors over the verified external data, which ONNX Runtime takes instead of the files. */
  private static List<OnnxTensor> externalInitializers(
      OrtEnvironment env, SealedModel sealed, Path modelFile) {
    List<OnnxTensor> out = new ArrayList<>();
    try {
      for (SealedModel.ExternalInitializer i : sealed.initializers()) {
        out.add(OnnxTensor.createTensor(env, i.data(), i.dims(), javaType(i, modelFile)));
      }
      return out;
    } catch (OrtException | RuntimeException e) {
      out.forEach(OnnxTensor::close);
      throw new BundleException(
          modelFile,
          "Cannot hand the external initializers of "
              + modelFile
              + " to ONNX Runtime: "
              + e.getMessage(),
          e);
    }
  }

  private static OnnxJavaType javaType(SealedModel.ExternalInitializer i, Path modelFile) {
    return switch (i.dataType()) {
      case 1 -> OnnxJavaType.FLOAT;
      case 2 -> OnnxJavaType.UINT8;
      case 3 -> OnnxJavaType.INT8;
      case 5 -> OnnxJavaType.INT16;
      case 6 -> OnnxJavaType.INT32;
      case 7 -> OnnxJavaType.INT64;
      case 9 -> OnnxJavaType.BOOL;
      case 10 -> OnnxJavaType.FLOAT16;
      case 11 -> OnnxJavaType.DOUBLE;
      case 16 -> OnnxJavaType.BFLOAT16;
      default ->
          throw new BundleException(
              modelFile,
              "initializer '" + i.name() + "' has unsupported data type " + i.dataType());
    };
  }

  private static OrtSession.SessionOptions sessionOptions(
      Options options, boolean shared, List<OnnxTensor> initializers, SealedModel sealed) {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      if (shared) {
        so.disablePerSessionThreads();
      } else {
        so.setInterOpNumThreads(1);
        if (options.intraOpThreads() > 0) {
          so.setIntraOpNumThreads(options.intraOpThreads());
        }
        String spin = options.spinning() ? "1" : "0";
        so.addConfigEntry("session.intra_op.allow_spinning", spin);
        so.addConfigEntry("session.inter_op.allow_spinning", spin);
      }
      so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (!initializers.isEmpty()) {
        Map<String, OnnxTensorLike> byName = new LinkedHashMap<>();
        for (int i = 0; i < initializers.size(); i++) {
          byName.put(sealed.initializers().get(i).name(), initializers.get(i));
        }
        so.addExternalInitializers(byName);
      }
      return so;
    } catch (OrtException e) {
      so.close();
      throw new PipelineException(
          "Cannot configure ONNX Runtime session options " + options + ": " + e.getMessage(), e);
    }
  }

  static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a session failed", e);
      }
    }
  }
}

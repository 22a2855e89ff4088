package org.real2sim.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.bundle.GraphNames;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.SealedModel;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;

/**
 * An opened bundle, ready to segment, classify or translate images on ONNX Runtime.
 *
 * <p>{@link #open(Path, Options)} (a bundle directory), {@link #open(byte[], Options)} and {@link
 * #open(InputStream, Options)} (a zip of the bundle) read {@code bundle.json}, refuse an
 * unsupported format version, and read the model and every external-data file it names exactly
 * once, verifying each SHA-256 against the manifest ({@link SealedModel}). ONNX Runtime gets the
 * verified model as bytes and the external initializers as tensors: it never opens a file, so no
 * model can make it read a file outside the bundle. The session is created on the requested device
 * (falling back to the CPU with a logged reason unless the device is required), on the JVM's shared
 * thread pool unless asked otherwise ({@link RuntimeEnvironment}), and the model's input and
 * outputs are checked against the manifest (names, types, class count).
 *
 * <p>Entry points: {@code segment} / {@code classify} / {@code translate} for a {@link
 * BufferedImage}, for raw packed RGB bytes ({@code byte[]} + height + width, or {@link RgbImage}),
 * for a direct {@link ByteBuffer} of packed RGB (handed to ONNX Runtime without a copy), and for a
 * batch ({@code List<RgbImage>}; images of different sizes are run as one sub-batch per size).
 * Images over {@link Options#maxPixels()} are refused before anything is allocated for them. A
 * bundle of format 1.1 resizes images to the network's input size inside its graph, so the runtime
 * feeds every image as it is; older bundles' {@link InputPolicy} may ask the runtime to resize
 * ({@code onMismatch: resize}, with the training filter) or reject other sizes.
 *
 * <p>Thread-safe: any number of threads may call the entry points concurrently and get the same
 * results as sequential calls. Native input and output buffers are pooled per batch shape and
 * reused across calls (ONNX Runtime reads the input buffer in place and writes the outputs into
 * pinned buffers). {@link #close()} waits for calls in flight and then releases the session, its
 * options, the external initializers and every pooled buffer; this object owns all of them.
 */
public final class Pipeline implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

  private final Path bundleDir;
  private final String source;
  private final BundleManifest manifest;
  private final Options options;
  private final Device device;
  private final String fallbackReason;
  private final OrtSession.SessionOptions sessionOptions;
  private final OrtSession session;
  private final List<OnnxTensor> initializers;
  private final boolean sharedPool;
  private final Set<String> outputs;
  private final Map<String, String> metadata;
  private final BufferPool pool;
  private final boolean withScores;
  private final boolean withTranslated;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private Pipeline(
      BundleSource source,
      BundleManifest manifest,
      Options options,
      Device device,
      String fallbackReason,
      OrtSession.SessionOptions sessionOptions,
      OrtSession session,
      List<OnnxTensor> initializers,
      boolean sharedPool,
      Map<String, String> metadata,
      OrtEnvironment env) {
    this.bundleDir = source.directoryPath();
    this.source = source.describe();
    this.manifest = manifest;
    this.initializers = initializers;
    this.sharedPool = sharedPool;
    this.options = options;
    this.device = device;
    this.fallbackReason = fallbackReason;
    this.sessionOptions = sessionOptions;
    this.session = session;
    this.outputs = Collections.unmodifiableSet(session.getOutputNames());
    this.metadata = Collections.unmodifiableMap(metadata);
    this.withScores = options.scores();
    this.withTranslated = options.translated() || manifest.part() == BundlePart.GENERATOR;
    String prediction =
        manifest.part().predicts()
            ? (manifest.task() == Task.CLASSIFICATION ? GraphNames.CLASS_ID : GraphNames.MASK)
            : null;
    this.pool =
        new BufferPool(
            env,
            new BufferPool.Layout(
                prediction,
                manifest.task() == Task.CLASSIFICATION,
                withScores,
                withTranslated,
                manifest.numClasses(),
                manifest::networkSize),
            options.pooledBuffers());
  }

  /**
   * Opens the bundle in directory {@code bundle}.
   *
   * @throws BundleException when the bundle is missing, corrupt or tampered with, its format
   *     version is not supported, it names a file it does not list or one outside itself, or its
   *     model contradicts the manifest (the message names the file and what was expected)
   * @throws PipelineException when a required device cannot be used, or the options ask for an
   *     output the model does not have
   */
  public static Pipeline open(Path bundle, Options options) {
    if (!Files.isDirectory(bundle)) {
      throw new BundleException(
          bundle,
          "Bundle directory "
              + bundle
              + (Files.exists(bundle)
                  ? " is not a directory (a zip of a bundle opens with Pipeline.open(InputStream,"
                      + " Options))"
                  : " does not exist"));
    }
    return open(BundleSource.directory(bundle), options);
  }

  /**
   * Opens a bundle from the bytes of a zip archive of it ({@code bundle.json}, {@code model.onnx}
   * and any external-data files, at the top or in one folder). Nothing touches the file system.
   *
   * @throws BundleException as {@link #open(Path, Options)}, and when the archive is malformed,
   *     holds an unsafe entry name (zip-slip) or inflates beyond {@link Options#maxBundleBytes()}
   */
  public static Pipeline open(byte[] zip, Options options) {
    if (zip.length > options.maxBundleBytes()) {
      throw new BundleException(
          null,
          "bundle zip of "
              + zip.length
              + " bytes is larger than Options.maxBundleBytes ("
              + options.maxBundleBytes()
              + ")");
    }
    return open(new ByteArrayInputStream(zip), options);
  }

  /**
   * Opens a bundle from a zip archive read from {@code zip} (not closed); see {@link #open(byte[],
   * Options)}.
   *
   * @throws BundleException as {@link #open(byte[], Options)}
   */
  public static Pipeline open(InputStream zip, Options options) {
    return open(BundleSource.zip(zip, "stream", options.maxBundleBytes()), options);
  }

  /**
   * Opens the bundle {@code source}.
   *
   * @throws BundleException as {@link #open(Path, Options)}
   */
  public static Pipeline open(BundleSource source, Options options) {
    BundleManifest manifest = BundleManifest.read(source);
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
      Map<String, String> metadata = checkModel(session, manifest, modelFile, options);
      return new Pipeline(
          source,
          manifest,
          options,
          used,
          fallback,
          so,
          session,
          initializers,
          shared,
          metadata,
          env);
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

  /** Checks the model's signature and metadata against the manifest; returns the metadata. */
  private static Map<String, String> checkModel(
      OrtSession session, BundleManifest m, Path modelFile, Options options) {
    try {
      Map<String, NodeInfo> in = session.getInputInfo();
      Map<String, NodeInfo> out = session.getOutputInfo();
      TensorInfo image = tensor(in, GraphNames.IMAGE);
      if (in.size() != 1
          || image == null
          || image.type != OnnxJavaType.UINT8
          || image.getShape().length != 4
          || (image.getShape()[3] != 3 && image.getShape()[3] != -1)) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " must have exactly one input '"
                + GraphNames.IMAGE
                + "' uint8 [N, H, W, 3], found "
                + describe(in));
      }
      if (m.preprocessing() != null && (image.getShape()[1] > 0 || image.getShape()[2] > 0)) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " input is "
                + Arrays.toString(image.getShape())
                + " but "
                + BundleManifest.FILE_NAME
                + " says the graph resizes images of any size ("
                + m.preprocessing().describe()
                + "): its H and W must be dynamic");
      }
      if (m.inputPolicy().mode() == InputPolicy.Mode.FIXED) {
        long[] s = image.getShape();
        if ((s[1] > 0 && s[1] != m.inputPolicy().height())
            || (s[2] > 0 && s[2] != m.inputPolicy().width())) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " input is "
                  + Arrays.toString(s)
                  + " but "
                  + BundleManifest.FILE_NAME
                  + " inputPolicy says "
                  + m.inputPolicy().describe());
        }
      }
      int k = m.numClasses();
      if (m.part().predicts()) {
        boolean cls = m.task() == Task.CLASSIFICATION;
        String name = cls ? GraphNames.CLASS_ID : GraphNames.MASK;
        TensorInfo p = tensor(out, name);
        OnnxJavaType type = cls ? OnnxJavaType.INT64 : OnnxJavaType.UINT8;
        int rank = cls ? 1 : 3;
        if (p == null || p.type != type || p.getShape().length != rank) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " of a "
                  + m.task().jsonName()
                  + " bundle must have output '"
                  + name
                  + "' "
                  + (cls ? "int64 [N]" : "uint8 [N, H, W]")
                  + ", found "
                  + describe(out));
        }
      }
      TensorInfo scores = tensor(out, GraphNames.SCORES);
      if (scores != null) {
        long[] s = scores.getShape();
        int rank = m.task() == Task.CLASSIFICATION ? 2 : 4;
        if (scores.type != OnnxJavaType.FLOAT || s.length != rank) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " output 'scores' must be float of rank "
                  + rank
                  + ", found "
                  + scores);
        }
        if (s[1] > 0 && s[1] != k) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " output 'scores' has "
                  + s[1]
                  + " classes but "
                  + BundleManifest.FILE_NAME
                  + " lists "
                  + k
                  + " "
                  + m.classes());
        }
      }
      TensorInfo translated = tensor(out, GraphNames.TRANSLATED);
      if (translated != null
          && (translated.type != OnnxJavaType.UINT8 || translated.getShape().length != 4)) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " output 'translated' must be uint8 [N, H, W, 3], found "
                + translated);
      }
      if (m.part() == BundlePart.GENERATOR && translated == null) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " of a generator bundle has no output 'translated', found "
                + describe(out));
      }
      if (options.scores() && (scores == null || !m.part().predicts())) {
        throw new PipelineException(
            "Options.scores(true) but the model of bundle "
                + modelFile.getParent()
                + " has no 'scores' output "
                + out.keySet());
      }
      if (options.translated() && translated == null) {
        throw new PipelineException(
            "Options.translated(true) but the model of bundle "
                + modelFile.getParent()
                + " has no 'translated' output "
                + out.keySet());
      }
      Map<String, String> metadata = new LinkedHashMap<>(session.getMetadata().getCustomMetadata());
      checkMetadata(metadata, m, modelFile);
      return metadata;
    } catch (OrtException e) {
      throw new BundleException(
          modelFile, "Cannot inspect model " + modelFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model's own record of task, part and classes must agree with the manifest where present.
   */
  private static void checkMetadata(Map<String, String> md, BundleManifest m, Path modelFile) {
    String task = md.get(BundleManifest.METADATA_TASK);
    if (task != null && !task.equals(m.task().jsonName())) {
      throw new BundleException(
          modelFile,
          "Model "
              + modelFile
              + " was exported for task "
              + task
              + " but "
              + BundleManifest.FILE_NAME
              + " says "
              + m.task().jsonName());
    }
    String part = md.get(BundleManifest.METADATA_PART);
    if (part != null && !part.equals(m.part().jsonName())) {
      throw new BundleException(
          modelFile,
          "Model "
              + modelFile
              + " holds part "
              + part
              + " but "
              + BundleManifest.FILE_NAME
              + " says "
              + m.part().jsonName());
    }
    String classes = md.get(BundleManifest.METADATA_CLASSES);
    if (classes != null) {
      Map<String, String> expected = m.metadataProps();
      if (!classes.equals(expected.get(BundleManifest.METADATA_CLASSES))) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " was exported with classes "
                + classes
                + " but "
                + BundleManifest.FILE_NAME
                + " lists "
                + expected.get(BundleManifest.METADATA_CLASSES));
      }
    }
  }

  private static TensorInfo tensor(Map<String, NodeInfo> infos, String name) {
    NodeInfo n = infos.get(name);
    return n != null && n.getInfo() instanceof TensorInfo t ? t : null;
  }

  private static String describe(Map<String, NodeInfo> infos) {
    List<String> parts = new ArrayList<>();
    for (NodeInfo n : infos.values()) {
      if (n.getInfo() instanceof TensorInfo t) {
        parts.add(
            n.getName()
                + " "
                + t.type.name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + Arrays.toString(t.getShape()));
      } else {
        parts.add(n.getName() + " " + n.getInfo());
      }
    }
    return parts.toString();
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a session failed", e);
      }
    }
  }

  /** The bundle's manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The bundle directory this pipeline was opened from; null when it came from a zip. */
  public Path bundleDirectory() {
    return bundleDir;
  }

  /** Where the bundle came from, for messages: its directory or {@code zip '<name>'}. */
  public String source() {
    return source;
  }

  /** Whether this pipeline runs on the JVM's shared ONNX Runtime thread pool. */
  public boolean sharedThreadPool() {
    return sharedPool;
  }

  /** The options this pipeline was opened with. */
  public Options options() {
    return options;
  }

  /** The device inference actually runs on (the CPU after a fallback). */
  public Device device() {
    return device;
  }

  /** Why the requested device was not used, when the pipeline fell back to the CPU. */
  public Optional<String> fallbackReason() {
    return Optional.ofNullable(fallbackReason);
  }

  /** The model's output names. */
  public Set<String> outputs() {
    return outputs;
  }

  /** The model's {@code metadata_props} (provenance, task, classes as exported). */
  public Map<String, String> modelMetadata() {
    return metadata;
  }

  /**
   * How many native buffer sets were created so far; constant once calls repeat the same shapes.
   */
  public long bufferSetsCreated() {
    return pool.created();
  }

  // ---------------------------------------------------------------- segmentation

  /** Segments a decoded image; see {@link #segmentBatch(List)}. */
  public SegmentationResult segment(BufferedImage image) {
    long t0 = System.nanoTime();
    return segment(List.of(RgbImage.of(image)), t0).get(0);
  }

  /** Segments packed RGB bytes ({@code height · width · 3}, row-major, R G B per pixel). */
  public SegmentationResult segment(byte[] rgb, int height, int width) {
    long t0 = System.nanoTime();
    return segment(List.of(new RgbImage(height, width, rgb)), t0).get(0);
  }

  /** Segments one image. */
  public SegmentationResult segment(RgbImage image) {
    return segment(List.of(image), System.nanoTime()).get(0);
  }

  /**
   * Segments packed RGB bytes in a buffer: {@code height · width · 3} bytes from its position on,
   * row-major, R G B per pixel. A direct buffer is handed to ONNX Runtime as it is (no copy; do not
   * change it during the call); a heap buffer is copied into a pooled native buffer.
   */
  public SegmentationResult segment(ByteBuffer rgb, int height, int width) {
    requireTask(Task.SEGMENTATION, "segment");
    return segmentationResults(infer(List.of(Input.of(rgb, height, width)), System.nanoTime()))
        .get(0);
  }

  /**
   * Segments a batch; the results are in the order of {@code images}, each mask at its image's
   * size.
   *
   * @throws IllegalArgumentException when an image is outside the input policy and the policy
   *     rejects it (the message names the image's index and size, and the policy)
   * @throws IllegalStateException when the bundle is not a segmentation bundle
   * @throws PipelineException when ONNX Runtime fails
   */
  public List<SegmentationResult> segmentBatch(List<RgbImage> images) {
    return segment(images, System.nanoTime());
  }

  private List<SegmentationResult> segment(List<RgbImage> images, long t0) {
    requireTask(Task.SEGMENTATION, "segment");
    return segmentationResults(infer(Input.of(images), t0));
  }

  private List<SegmentationResult> segmentationResults(Raw[] raw) {
    List<SegmentationResult> out = new ArrayList<>(raw.length);
    for (Raw r : raw) {
      out.add(
          new SegmentationResult(
              r.height,
              r.width,
              r.mask,
              manifest.numClasses(),
              r.scores,
              r.netHeight,
              r.netWidth,
              r.translated,
              r.timing));
    }
    return out;
  }

  // ---------------------------------------------------------------- classification

  /** Classifies a decoded image; see {@link #classifyBatch(List)}. */
  public ClassificationResult classify(BufferedImage image) {
    long t0 = System.nanoTime();
    return classify(List.of(RgbImage.of(image)), t0).get(0);
  }

  /** Classifies packed RGB bytes ({@code height · width · 3}, row-major, R G B per pixel). */
  public ClassificationResult classify(byte[] rgb, int height, int width) {
    long t0 = System.nanoTime();
    return classify(List.of(new RgbImage(height, width, rgb)), t0).get(0);
  }

  /** Classifies one image. */
  public ClassificationResult classify(RgbImage image) {
    return classify(List.of(image), System.nanoTime()).get(0);
  }

  /**
   * Classifies packed RGB bytes in a buffer; see {@link #segment(ByteBuffer, int, int)} for the
   * layout and when it is not copied.
   */
  public ClassificationResult classify(ByteBuffer rgb, int height, int width) {
    requireTask(Task.CLASSIFICATION, "classify");
    return classificationResults(infer(List.of(Input.of(rgb, height, width)), System.nanoTime()))
        .get(0);
  }

  /**
   * Classifies a batch; the results are in the order of {@code images}.
   *
   * @throws IllegalArgumentException when an image is outside the input policy and the policy
   *     rejects it
   * @throws IllegalStateException when the bundle is not a classification bundle
   * @throws PipelineException when ONNX Runtime fails
   */
  public List<ClassificationResult> classifyBatch(List<RgbImage> images) {
    return classify(images, System.nanoTime());
  }

  private List<ClassificationResult> classify(List<RgbImage> images, long t0) {
    requireTask(Task.CLASSIFICATION, "classify");
    return classificationResults(infer(Input.of(images), t0));
  }

  private List<ClassificationResult> classificationResults(Raw[] raw) {
    List<ClassificationResult> out = new ArrayList<>(raw.length);
    for (Raw r : raw) {
      int id = (int) r.classId;
      if (id < 0 || id >= manifest.numClasses()) {
        throw new PipelineException(
            "Model of "
                + source
                + " returned class id "
                + r.classId
                + ", outside [0, "
                + manifest.numClasses()
                + ")");
      }
      out.add(
          new ClassificationResult(id, manifest.className(id), r.scores, r.translated, r.timing));
    }
    return out;
  }

  // ---------------------------------------------------------------- translation

  /** Translates one image with the generator (a generator bundle, or translated output enabled). */
  public TranslationResult translate(RgbImage image) {
    return translateBatch(List.of(image)).get(0);
  }

  /**
   * Translates a batch with the generator; results are at the network's input size.
   *
   * @throws IllegalStateException when the pipeline returns no translated images
   */
  public List<TranslationResult> translateBatch(List<RgbImage> images) {
    long t0 = System.nanoTime();
    if (!withTranslated) {
      throw new IllegalStateException(
          "translate needs a generator bundle or Options.translated(true); "
              + source
              + " is a "
              + manifest.part().jsonName()
              + " bundle opened without it");
    }
    Raw[] raw = infer(Input.of(images), t0);
    List<TranslationResult> out = new ArrayList<>(raw.length);
    for (Raw r : raw) {
      out.add(new TranslationResult(r.translated, r.timing));
    }
    return out;
  }

  // ---------------------------------------------------------------- core

  /** The outputs for one image, already copied out of the native buffers. */
  private static final class Raw {
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

  private void requireTask(Task task, String call) {
    if (!manifest.part().predicts()) {
      throw new IllegalStateException(
          call
              + " needs a pipeline or expert bundle; "
              + source
              + " holds the generator only: use translate");
    }
    if (manifest.task() != task) {
      throw new IllegalStateException(
          call
              + " needs a "
              + task.jsonName()
              + " bundle; "
              + source
              + " is for "
              + manifest.task().jsonName());
    }
  }

  /** One image to run: packed RGB bytes, or a buffer of them. */
  private record Input(int height, int width, RgbImage image, ByteBuffer buffer) {

    static List<Input> of(List<RgbImage> images) {
      List<Input> out = new ArrayList<>(images.size());
      for (int i = 0; i < images.size(); i++) {
        RgbImage im = images.get(i);
        if (im == null) {
          throw new IllegalArgumentException("image " + i + " of the batch is null");
        }
        out.add(new Input(im.height(), im.width(), im, null));
      }
      return out;
    }

    static Input of(ByteBuffer rgb, int height, int width) {
      if (rgb == null) {
        throw new IllegalArgumentException("the RGB buffer is null");
      }
      if (height <= 0 || width <= 0) {
        throw new IllegalArgumentException(
            "image size must be positive, found " + height + "x" + width + " (HxW)");
      }
      long need = 3L * height * width;
      if (rgb.remaining() != need) {
        throw new IllegalArgumentException(
            "an RGB image of "
                + height
                + "x"
                + width
                + " (HxW) needs "
                + need
                + " bytes (3 per pixel), the buffer has "
                + rgb.remaining()
                + " remaining");
      }
      return new Input(height, width, null, rgb.slice());
    }

    /** Packed bytes; copies a buffer only when the runtime must resize it. */
    RgbImage packed() {
      if (image != null) {
        return image;
      }
      byte[] b = new byte[buffer.remaining()];
      buffer.duplicate().get(b);
      return new RgbImage(height, width, b);
    }
  }

  private Raw[] infer(List<Input> images, long t0) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("the batch is empty");
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the pipeline of " + source + " is closed");
      }
      int n = images.size();
      Input[] fed = new Input[n];
      InputPolicy policy = manifest.inputPolicy();
      long maxPixels = options.maxPixels();
      Map<BufferPool.Key, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Input im = images.get(i);
        String what = n == 1 ? "The image" : "Image " + i + " of the batch";
        checkPixels(what, im.height(), im.width(), maxPixels);
        if (policy.accepts(im.height(), im.width())) {
          fed[i] = im;
        } else if (policy.onMismatch() == InputPolicy.OnMismatch.RESIZE) {
          int[] t = policy.targetSize(im.height(), im.width());
          checkPixels(what + " resized by the input policy", t[0], t[1], maxPixels);
          RgbImage r = Images.resizeBilinear(im.packed(), t[0], t[1]);
          fed[i] = new Input(r.height(), r.width(), r, null);
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
  private long[] runGroup(List<Integer> idx, List<Input> originals, Input[] fed, Raw[] out) {
    long t0 = System.nanoTime();
    int n = idx.size();
    Input first = fed[idx.get(0)];
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
          Input in = fed[i];
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
        Input original = originals.get(i);
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
      closeQuietly(session);
      sessionOptions.close();
      initializers.forEach(OnnxTensor::close);
    } finally {
      lock.writeLock().unlock();
    }
  }
}

package org.real2sim.runtime;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.SealedModel;
import org.real2sim.runtime.bundle.Task;
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

  private final Path bundleDir;
  private final String source;
  private final BundleManifest manifest;
  private final Options options;
  private final Device device;
  private final String fallbackReason;
  private final boolean sharedPool;
  private final Set<String> outputs;
  private final Map<String, String> metadata;
  private final boolean withTranslated;
  private final Inference inference;
  private final TaskResults results;

  private Pipeline(
      BundleSource source, BundleManifest manifest, Options options, SessionOpener.Opened opened) {
    this.bundleDir = source.directoryPath();
    this.source = source.describe();
    this.manifest = manifest;
    this.options = options;
    this.device = opened.device();
    this.fallbackReason = opened.fallbackReason();
    this.sharedPool = opened.sharedPool();
    this.outputs = Collections.unmodifiableSet(opened.session().getOutputNames());
    this.metadata = Collections.unmodifiableMap(opened.metadata());
    this.withTranslated = options.translated() || manifest.part() == BundlePart.GENERATOR;
    this.inference =
        new Inference(manifest, options, this.source, opened, options.scores(), withTranslated);
    this.results = new TaskResults(manifest, this.source);
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
    SessionOpener.Opened opened = SessionOpener.open(source, manifest, options);
    try {
      return new Pipeline(source, manifest, options, opened);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
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
    return inference.bufferSetsCreated();
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
    results.requireTask(Task.SEGMENTATION, "segment");
    return results
        .segmentations(
            inference.infer(List.of(ImageInput.of(rgb, height, width)), System.nanoTime()))
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
    results.requireTask(Task.SEGMENTATION, "segment");
    return results.segmentations(inference.infer(ImageInput.of(images), t0));
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
    results.requireTask(Task.CLASSIFICATION, "classify");
    return results
        .classifications(
            inference.infer(List.of(ImageInput.of(rgb, height, width)), System.nanoTime()))
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
    results.requireTask(Task.CLASSIFICATION, "classify");
    return results.classifications(inference.infer(ImageInput.of(images), t0));
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
    results.requireTranslated(withTranslated);
    return results.translations(inference.infer(ImageInput.of(images), t0));
  }

  /**
   * Releases the session, its options and all pooled native buffers, after calls in flight finish.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    inference.close();
  }
}

package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.real2sim.runtime.io.AtomicFiles;
import org.real2sim.runtime.io.Sha256;

/**
 * The manifest of a bundle, {@code bundle.json}: what the graph in {@code model.onnx} computes,
 * which files make up the bundle (with their SHA-256), and where it came from.
 *
 * <p>The exporter writes it with {@link #write(Path)} and the runtime reads it with {@link
 * #read(Path)} or {@link #read(BundleSource)}. The format has a major version, {@code
 * formatVersion}, and a minor one, {@code formatMinor}: a major version other than {@value
 * #FORMAT_VERSION} is refused before any other field is interpreted, with a message saying which
 * version was found. Minor versions only add optional fields: an unknown key fails (a typo must not
 * pass) unless the manifest declares a newer minor version than {@value #FORMAT_MINOR}, in which
 * case unknown keys are ignored with a logged note.
 *
 * <p>Format history: 1.0 — the fields below without {@code formatMinor} and {@code preprocessing};
 * 1.1 — {@code formatMinor}, {@code preprocessing} (the graph resizes any image to the network's
 * input size itself) and the input policy mode {@code any}.
 *
 * <p>The exporter also copies the manifest's identity into the model's {@code metadata_props},
 * under the keys of {@link ModelMetadata}.
 *
 * <p>Graph contract: input {@code image} uint8 [N, H, W, 3] (RGB); outputs, by part and task,
 * {@code mask} uint8 [N, h, w] or {@code class_id} int64 [N], optionally {@code scores} float ([N,
 * K, h, w] softmax for segmentation, [N, K] for classification) and {@code translated} uint8 [N, h,
 * w, 3] (the generator's output), where h × w is the network's input size: {@code preprocessing}'s
 * size when the graph resizes, else the image's own.
 *
 * @param formatVersion the manifest's major format version; this runtime reads {@value
 *     #FORMAT_VERSION}
 * @param formatMinor the minor format version; null (1.0 manifests) means 0
 * @param part which networks the graph holds; null means {@code pipeline}
 * @param task segmentation or classification
 * @param classes class names in class-id order (K = size)
 * @param palette one {@code #rrggbb} colour per class for colour masks; empty means a generated
 *     palette
 * @param inputPolicy which image sizes the graph accepts and what happens to others
 * @param preprocessing what the graph does to the image before the networks (its resize to the
 *     network's input size); null when the graph does not resize (1.0 bundles)
 * @param normalization the expert's normalisation (informational; the graph applies it); may be
 *     null for a {@code generator} bundle
 * @param opset the ONNX default-domain opset of the model
 * @param irVersion the ONNX IR version of the model
 * @param model the model's file name inside the bundle directory; null means {@value
 *     #DEFAULT_MODEL}
 * @param modelSha256 SHA-256 of the model file, lower-case hex
 * @param externalData ONNX external-data file name → SHA-256, for models over 2 GiB; empty
 *     otherwise. With the model, these are every file ONNX Runtime is given: nothing else of the
 *     bundle directory (or of the host) is read
 * @param provenance configuration, seed, code version and metrics of the run
 */
@JsonPropertyOrder({
  "formatVersion",
  "formatMinor",
  "part",
  "task",
  "classes",
  "palette",
  "inputPolicy",
  "preprocessing",
  "normalization",
  "opset",
  "irVersion",
  "model",
  "modelSha256",
  "externalData",
  "provenance"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    int formatVersion,
    Integer formatMinor,
    BundlePart part,
    Task task,
    List<String> classes,
    List<String> palette,
    InputPolicy inputPolicy,
    Preprocessing preprocessing,
    NormalizationSpec normalization,
    int opset,
    int irVersion,
    String model,
    String modelSha256,
    Map<String, String> externalData,
    Provenance provenance) {

  /** The major manifest format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** The minor manifest format this code writes; it reads every minor version of its major. */
  public static final int FORMAT_MINOR = 1;

  /** The largest {@code bundle.json} accepted, in bytes. */
  public static final long MAX_MANIFEST_BYTES = 16L << 20;

  /** The manifest's file name inside a bundle directory. */
  public static final String FILE_NAME = "bundle.json";

  /** The model's default file name inside a bundle directory. */
  public static final String DEFAULT_MODEL = "model.onnx";

  /** Validates every field; messages name the field, the value found and what was expected. */
  public BundleManifest {
    ManifestFields.requireAtLeast("formatVersion", formatVersion, 1);
    if (formatMinor != null) {
      ManifestFields.requireAtLeast("formatMinor", formatMinor, 0);
    }
    if (part == null) {
      part = BundlePart.PIPELINE;
    }
    if (task == null) {
      throw new IllegalArgumentException("task is required (segmentation or classification)");
    }
    classes = ManifestFields.classNames(classes);
    palette = ManifestFields.palette(palette, classes.size());
    ManifestFields.requirePolicy(inputPolicy, preprocessing);
    if (normalization == null && part != BundlePart.GENERATOR) {
      throw new IllegalArgumentException(
          "normalization is required for a " + part.jsonName() + " bundle");
    }
    ManifestFields.requireAtLeast("opset", opset, 1);
    ManifestFields.requireAtLeast("irVersion", irVersion, 3);
    model = model == null ? DEFAULT_MODEL : model;
    BundleSource.requirePlainName("model", model);
    if (!Sha256.isWellFormed(modelSha256)) {
      throw new IllegalArgumentException(
          "modelSha256 must be 64 lower-case hex digits, found " + modelSha256);
    }
    externalData = ManifestFields.externalData(externalData);
    provenance = provenance == null ? Provenance.EMPTY : provenance;
  }

  /** The number of classes K. */
  public int numClasses() {
    return classes.size();
  }

  /** The name of class {@code id}. */
  public String className(int id) {
    if (id < 0 || id >= classes.size()) {
      throw new IllegalArgumentException(
          "class id " + id + " is outside [0, " + classes.size() + ") of this bundle");
    }
    return classes.get(id);
  }

  /**
   * The colour of class {@code id} as {@code 0xRRGGBB}: the palette's entry, or a generated colour
   * when the bundle has no palette. Ids outside the classes (such as 255) are black.
   */
  public int colour(int id) {
    return Palette.colour(palette, classes.size(), id);
  }

  /**
   * A format-1.0 manifest (no minor version, no in-graph preprocessing): the constructor of the 1.0
   * record, kept for source compatibility.
   */
  public BundleManifest(
      int formatVersion,
      BundlePart part,
      Task task,
      List<String> classes,
      List<String> palette,
      InputPolicy inputPolicy,
      NormalizationSpec normalization,
      int opset,
      int irVersion,
      String model,
      String modelSha256,
      Map<String, String> externalData,
      Provenance provenance) {
    this(
        formatVersion,
        null,
        part,
        task,
        classes,
        palette,
        inputPolicy,
        null,
        normalization,
        opset,
        irVersion,
        model,
        modelSha256,
        externalData,
        provenance);
  }

  /** The minor format version, 0 for a 1.0 manifest. */
  public int minor() {
    return formatMinor == null ? 0 : formatMinor;
  }

  /**
   * The network's input size {@code {height, width}} for an image of {@code height × width}: the
   * preprocessing's size when the graph resizes, else the image's own.
   */
  public int[] networkSize(int height, int width) {
    return preprocessing == null
        ? new int[] {height, width}
        : new int[] {preprocessing.height(), preprocessing.width()};
  }

  /**
   * This manifest with another model checksum (the exporter fills it in after writing the model).
   */
  public BundleManifest withModelSha256(String sha256) {
    return withChecksums(sha256, externalData);
  }

  /** This manifest with other external-data checksums. */
  public BundleManifest withExternalData(Map<String, String> files) {
    return withChecksums(modelSha256, files);
  }

  private BundleManifest withChecksums(String sha256, Map<String, String> files) {
    return new BundleManifest(
        formatVersion,
        formatMinor,
        part,
        task,
        classes,
        palette,
        inputPolicy,
        preprocessing,
        normalization,
        opset,
        irVersion,
        model,
        sha256,
        files,
        provenance);
  }

  /**
   * Parses manifest JSON; {@code source} names where it came from in messages.
   *
   * @throws BundleException when the JSON is malformed, the format version is not {@value
   *     #FORMAT_VERSION}, a key is unknown or a field is invalid
   */
  public static BundleManifest fromJson(String json, Path source) {
    return ManifestJson.parse(json, source);
  }

  /**
   * Reads {@code bundle.json} from {@code source}.
   *
   * @throws BundleException as {@link #read(Path)}
   */
  public static BundleManifest read(BundleSource source) {
    return ManifestJson.read(source);
  }

  /** The provenance as compact JSON, as stored in {@code metadata_props}. */
  public static String provenanceJson(Provenance provenance) throws JsonProcessingException {
    return ManifestJson.provenanceJson(provenance);
  }

  /**
   * Parses provenance JSON as stored in {@code metadata_props}.
   *
   * @throws IllegalArgumentException when the JSON is malformed or has unknown keys
   */
  public static Provenance parseProvenance(String json) {
    return ManifestJson.parseProvenance(json);
  }

  /**
   * The entries the exporter copies into the model's {@code metadata_props}: format version, part,
   * task, class names (JSON array) and provenance (JSON object), under the {@code real2sim.*} keys.
   */
  public Map<String, String> metadataProps() {
    return ManifestJson.metadataProps(this);
  }

  /** The manifest as indented JSON. */
  public String toJson() {
    return ManifestJson.toJson(this);
  }

  /**
   * Reads {@code bundleDir/bundle.json}.
   *
   * @throws BundleException when the directory or the file is missing, unreadable, a link out of
   *     the bundle or larger than {@value #MAX_MANIFEST_BYTES} bytes, or the manifest is invalid
   *     (see {@link #fromJson(String, Path)})
   */
  public static BundleManifest read(Path bundleDir) {
    return ManifestJson.read(bundleDir);
  }

  /**
   * Writes {@code bundleDir/bundle.json} atomically (temporary name, then an atomic move).
   *
   * @throws IOException when the directory does not exist or writing fails
   */
  public void write(Path bundleDir) throws IOException {
    AtomicFiles.write(bundleDir.resolve(FILE_NAME), toJson().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks the SHA-256 of the model file and of every external-data file against this manifest.
   *
   * @throws BundleException naming the file when one is missing, unreadable or its checksum differs
   */
  public void verifyChecksums(Path bundleDir) {
    ManifestChecksums.verifyFiles(this, bundleDir);
  }

  /**
   * Checks that {@code bytes}, the model file's content as read, has the manifest's checksum.
   *
   * @throws BundleException naming the file and both checksums when they differ
   */
  public void verifyModelBytes(Path modelFile, byte[] bytes) {
    ManifestChecksums.verifyModelBytes(this, modelFile, bytes);
  }
}

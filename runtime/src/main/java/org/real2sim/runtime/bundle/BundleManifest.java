package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final System.Logger LOG = System.getLogger(BundleManifest.class.getName());

  /** The manifest's file name inside a bundle directory. */
  public static final String FILE_NAME = "bundle.json";

  /** The model's default file name inside a bundle directory. */
  public static final String DEFAULT_MODEL = "model.onnx";

  /** The {@code metadata_props} key holding the provenance as JSON. */
  public static final String METADATA_PROVENANCE = "real2sim.provenance";

  /** The {@code metadata_props} key holding the class names as a JSON array. */
  public static final String METADATA_CLASSES = "real2sim.classes";

  /** The {@code metadata_props} key holding the task. */
  public static final String METADATA_TASK = "real2sim.task";

  /** The {@code metadata_props} key holding the bundle part. */
  public static final String METADATA_PART = "real2sim.part";

  /** The {@code metadata_props} key holding the manifest format version. */
  public static final String METADATA_FORMAT_VERSION = "real2sim.format_version";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Validates every field; messages name the field, the value found and what was expected. */
  public BundleManifest {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("formatVersion must be >= 1, found " + formatVersion);
    }
    if (formatMinor != null && formatMinor < 0) {
      throw new IllegalArgumentException("formatMinor must be >= 0, found " + formatMinor);
    }
    if (part == null) {
      part = BundlePart.PIPELINE;
    }
    if (task == null) {
      throw new IllegalArgumentException("task is required (segmentation or classification)");
    }
    if (classes == null || classes.isEmpty()) {
      throw new IllegalArgumentException(
          "classes must list at least one class name, found " + classes);
    }
    Set<String> seen = new HashSet<>();
    for (String c : classes) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException(
            "classes must not contain blank names, found " + classes);
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("classes must be unique, '" + c + "' appears twice");
      }
    }
    classes = List.copyOf(classes);
    palette = palette == null ? List.of() : List.copyOf(palette);
    if (!palette.isEmpty() && palette.size() != classes.size()) {
      throw new IllegalArgumentException(
          "palette has "
              + palette.size()
              + " colours, expected one per class ("
              + classes.size()
              + ")");
    }
    for (String colour : palette) {
      parseColour(colour);
    }
    if (inputPolicy == null) {
      throw new IllegalArgumentException("inputPolicy is required");
    }
    if (inputPolicy.mode() == InputPolicy.Mode.ANY && preprocessing == null) {
      throw new IllegalArgumentException(
          "inputPolicy mode any needs preprocessing (the network size the graph resizes to)");
    }
    if (normalization == null && part != BundlePart.GENERATOR) {
      throw new IllegalArgumentException(
          "normalization is required for a " + part.jsonName() + " bundle");
    }
    if (opset < 1) {
      throw new IllegalArgumentException("opset must be >= 1, found " + opset);
    }
    if (irVersion < 3) {
      throw new IllegalArgumentException("irVersion must be >= 3, found " + irVersion);
    }
    model = model == null ? DEFAULT_MODEL : model;
    requireFileName("model", model);
    if (!Sha256.isWellFormed(modelSha256)) {
      throw new IllegalArgumentException(
          "modelSha256 must be 64 lower-case hex digits, found " + modelSha256);
    }
    Map<String, String> ext = new LinkedHashMap<>();
    if (externalData != null) {
      for (Map.Entry<String, String> e : externalData.entrySet()) {
        requireFileName("externalData", e.getKey());
        if (!Sha256.isWellFormed(e.getValue())) {
          throw new IllegalArgumentException(
              "externalData."
                  + e.getKey()
                  + " must be a SHA-256 (64 hex digits), found "
                  + e.getValue());
        }
        ext.put(e.getKey(), e.getValue());
      }
    }
    externalData = java.util.Collections.unmodifiableMap(ext);
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
    if (id < 0 || id >= classes.size()) {
      return 0;
    }
    if (!palette.isEmpty()) {
      return parseColour(palette.get(id));
    }
    return generatedColour(id);
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
        externalData,
        provenance);
  }

  /** This manifest with other external-data checksums. */
  public BundleManifest withExternalData(Map<String, String> files) {
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
        modelSha256,
        files,
        provenance);
  }

  /**
   * The entries the exporter copies into the model's {@code metadata_props}: format version, part,
   * task, class names (JSON array) and provenance (JSON object), under the {@code real2sim.*} keys.
   */
  public Map<String, String> metadataProps() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(METADATA_FORMAT_VERSION, Integer.toString(formatVersion));
    out.put(METADATA_PART, part.jsonName());
    out.put(METADATA_TASK, task.jsonName());
    try {
      out.put(
          METADATA_CLASSES,
          MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(classes));
      out.put(METADATA_PROVENANCE, provenanceJson(provenance));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot serialise the provenance to JSON: " + e.getMessage(), e);
    }
    return out;
  }

  /** The provenance as compact JSON, as stored in {@code metadata_props}. */
  public static String provenanceJson(Provenance provenance) throws JsonProcessingException {
    return MAPPER
        .writer()
        .without(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(provenance);
  }

  /**
   * Parses provenance JSON as stored in {@code metadata_props}.
   *
   * @throws IllegalArgumentException when the JSON is malformed or has unknown keys
   */
  public static Provenance parseProvenance(String json) {
    try {
      return MAPPER.readValue(json, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Malformed provenance JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The manifest as indented JSON. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise the bundle manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Parses manifest JSON; {@code source} names where it came from in messages.
   *
   * @throws BundleException when the JSON is malformed, the format version is not {@value
   *     #FORMAT_VERSION}, a key is unknown or a field is invalid
   */
  public static BundleManifest fromJson(String json, Path source) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BundleException(
          source, source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new BundleException(
          source,
          source
              + " must hold a JSON object, found "
              + (tree == null ? "nothing" : tree.getNodeType()));
    }
    JsonNode version = tree.get("formatVersion");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
      throw new BundleException(
          source,
          source
              + " has no integer formatVersion (expected "
              + FORMAT_VERSION
              + "): not a real2sim bundle manifest");
    }
    if (version.intValue() != FORMAT_VERSION) {
      throw new BundleException(
          source,
          source
              + " has format version "
              + version.intValue()
              + ", but this runtime reads format version "
              + FORMAT_VERSION
              + ": re-export the bundle or use a matching runtime");
    }
    JsonNode minorNode = tree.get("formatMinor");
    int minor = 0;
    if (minorNode != null && !minorNode.isNull()) {
      if (!minorNode.isIntegralNumber()
          || !minorNode.canConvertToInt()
          || minorNode.intValue() < 0) {
        throw new BundleException(
            source, source + " has formatMinor " + minorNode + ", expected a non-negative integer");
      }
      minor = minorNode.intValue();
    }
    List<String> ignored = new ArrayList<>();
    checkKeys(tree, BundleManifest.class, "", source, minor > FORMAT_MINOR, ignored);
    if (!ignored.isEmpty()) {
      LOG.log(
          System.Logger.Level.INFO,
          "real2sim: "
              + source
              + " has format "
              + FORMAT_VERSION
              + "."
              + minor
              + ", newer than this runtime's "
              + FORMAT_VERSION
              + "."
              + FORMAT_MINOR
              + "; ignoring the optional keys it does not know: "
              + ignored);
    }
    for (String required :
        List.of("task", "classes", "inputPolicy", "opset", "irVersion", "modelSha256")) {
      if (!tree.hasNonNull(required)) {
        throw new BundleException(
            source, source + " is missing the required key '" + required + "'");
      }
    }
    try {
      return MAPPER.treeToValue(tree, BundleManifest.class);
    } catch (JsonProcessingException e) {
      throw new BundleException(source, source + " is invalid: " + rootMessage(e), e);
    } catch (IllegalArgumentException e) {
      throw new BundleException(source, source + " is invalid: " + rootMessage(e), e);
    }
  }

  /**
   * Reads {@code bundleDir/bundle.json}.
   *
   * @throws BundleException when the directory or the file is missing, unreadable, a link out of
   *     the bundle or larger than {@value #MAX_MANIFEST_BYTES} bytes, or the manifest is invalid
   *     (see {@link #fromJson(String, Path)})
   */
  public static BundleManifest read(Path bundleDir) {
    if (!Files.isDirectory(bundleDir)) {
      throw new BundleException(
          bundleDir,
          "Bundle directory "
              + bundleDir
              + (Files.exists(bundleDir) ? " is not a directory" : " does not exist"));
    }
    return read(BundleSource.directory(bundleDir));
  }

  /**
   * Reads {@code bundle.json} from {@code source}.
   *
   * @throws BundleException as {@link #read(Path)}
   */
  public static BundleManifest read(BundleSource source) {
    Path file = source.pathOf(FILE_NAME);
    byte[] bytes;
    try {
      bytes = source.readAll(FILE_NAME, MAX_MANIFEST_BYTES);
    } catch (BundleException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        throw new BundleException(
            file,
            source.describe().replaceFirst("^bundle ", "Bundle ")
                + " has no "
                + FILE_NAME
                + ": not a bundle directory, or an incomplete export",
            e);
      }
      throw e;
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new BundleException(file, file + " is not UTF-8 text", e);
    }
    return fromJson(json, file);
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
    verifyFile(bundleDir, model, modelSha256, "modelSha256");
    for (Map.Entry<String, String> e : externalData.entrySet()) {
      verifyFile(bundleDir, e.getKey(), e.getValue(), "externalData." + e.getKey());
    }
  }

  /**
   * Checks that {@code bytes}, the model file's content as read, has the manifest's checksum.
   *
   * @throws BundleException naming the file and both checksums when they differ
   */
  public void verifyModelBytes(Path modelFile, byte[] bytes) {
    String actual = Sha256.of(bytes);
    if (!actual.equals(modelSha256)) {
      throw mismatch(modelFile, actual, modelSha256, "modelSha256");
    }
  }

  private static void verifyFile(Path bundleDir, String name, String expected, String field) {
    BundleSource source = BundleSource.directory(bundleDir);
    Path file = source.pathOf(name);
    java.security.MessageDigest md = Sha256.digest();
    try (java.io.InputStream in = source.open(name)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (BundleException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        throw new BundleException(
            file,
            "Bundle "
                + bundleDir
                + " is missing "
                + name
                + " (listed in "
                + FILE_NAME
                + " "
                + field
                + ")",
            e);
      }
      throw e;
    } catch (IOException e) {
      throw new BundleException(file, "Cannot read " + file + ": " + e, e);
    }
    String actual = java.util.HexFormat.of().formatHex(md.digest());
    if (!actual.equals(expected)) {
      throw mismatch(file, actual, expected, field);
    }
  }

  static BundleException mismatch(Path file, String actual, String expected, String field) {
    return new BundleException(
        file,
        "Checksum mismatch for "
            + file
            + ": SHA-256 is "
            + actual
            + " but "
            + FILE_NAME
            + " "
            + field
            + " says "
            + expected
            + ": the file was modified or corrupted after export");
  }

  /** Parses {@code #rrggbb} into {@code 0xRRGGBB}. */
  public static int parseColour(String colour) {
    if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) {
      throw new IllegalArgumentException(
          "palette colours must be written #rrggbb, found " + colour);
    }
    return Integer.parseInt(colour.substring(1), 16);
  }

  /** Formats {@code 0xRRGGBB} as {@code #rrggbb}. */
  public static String formatColour(int rgb) {
    return String.format("#%06x", rgb & 0xFFFFFF);
  }

  /** Parses a palette given as {@code 0xRRGGBB} integers into {@code #rrggbb} strings. */
  public static List<String> palette(int... rgb) {
    List<String> out = new ArrayList<>(rgb.length);
    for (int c : rgb) {
      out.add(formatColour(c));
    }
    return out;
  }

  /**
   * A colour for class {@code id} when the bundle has no palette: hues spaced by the golden angle
   * at full saturation, so neighbouring ids differ clearly. Deterministic.
   */
  static int generatedColour(int id) {
    float hue = (float) ((id * 0.618033988749895) % 1.0);
    return java.awt.Color.HSBtoRGB(hue, 0.75f, 0.95f) & 0xFFFFFF;
  }

  /**
   * Fails on a key that is no component of {@code type}, recursing into record-typed components, so
   * a typo is reported by name before a constructor complains about the field it left empty.
   */
  private static void checkKeys(
      JsonNode node,
      Class<?> type,
      String prefix,
      Path source,
      boolean lenient,
      List<String> ignored) {
    if (node == null || !node.isObject() || !type.isRecord()) {
      return;
    }
    Map<String, Class<?>> components = new LinkedHashMap<>();
    for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
      components.put(c.getName(), c.getType());
    }
    List<String> unknown = new ArrayList<>();
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Class<?> t = components.get(e.getKey());
      if (t == null) {
        if (!lenient) {
          throw new BundleException(
              source,
              source
                  + " has an unknown key '"
                  + prefix
                  + e.getKey()
                  + "', expected one of "
                  + components.keySet().stream().map(k -> prefix + k).toList());
        }
        unknown.add(e.getKey());
        continue;
      }
      checkKeys(e.getValue(), t, prefix + e.getKey() + ".", source, lenient, ignored);
    }
    for (String k : unknown) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove(k);
      ignored.add(prefix + k);
    }
  }

  private static void requireFileName(String field, String name) {
    BundleSource.requirePlainName(field, name);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof JsonProcessingException j) {
      return j.getOriginalMessage();
    }
    return t.getMessage();
  }
}

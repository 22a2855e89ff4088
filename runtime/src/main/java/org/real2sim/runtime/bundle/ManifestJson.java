package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the JSON of {@code bundle.json}: the strict mapper (unknown keys, nulls for
 * primitives, trailing tokens and duplicate keys fail), the format-version gate that runs before
 * any other field is interpreted, the key check that names a typo before a constructor complains,
 * and the UTF-8 decoding of the file. {@link BundleManifest} holds the fields and their validation.
 */
final class ManifestJson {

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final System.Logger LOG = System.getLogger(BundleManifest.class.getName());

  private ManifestJson() {}

  /**
   * Parses manifest JSON; {@code source} names where it came from in messages.
   *
   * @throws BundleException when the JSON is malformed, the format version is not {@value
   *     BundleManifest#FORMAT_VERSION}, a key is unknown or a field is invalid
   */
  static BundleManifest parse(String json, Path source) {
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
              + BundleManifest.FORMAT_VERSION
              + "): not a real2sim bundle manifest");
    }
    if (version.intValue() != BundleManifest.FORMAT_VERSION) {
      throw new BundleException(
          source,
          source
              + " has format version "
              + version.intValue()
              + ", but this runtime reads format version "
              + BundleManifest.FORMAT_VERSION
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
    checkKeys(tree, BundleManifest.class, "", source, minor > BundleManifest.FORMAT_MINOR, ignored);
    if (!ignored.isEmpty()) {
      LOG.log(
          System.Logger.Level.INFO,
          "real2sim: "
              + source
              + " has format "
              + BundleManifest.FORMAT_VERSION
              + "."
              + minor
              + ", newer than this runtime's "
              + BundleManifest.FORMAT_VERSION
              + "."
              + BundleManifest.FORMAT_MINOR
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
   * @throws BundleException as {@link BundleManifest#read(Path)}
   */
  static BundleManifest read(Path bundleDir) {
    if (!Files.isDirectory(bundleDir)) {
      throw new BundleException(
          bundleDir,
          "Bundle directory "
              + bundleDir
              + (Files.exists(bundleDir) ? " is not a directory" : " does not exist"));
    }
    return read(BundleSource.directory(bundleDir));
  }

  /** The manifest as indented JSON, ending in a newline. */
  static String toJson(BundleManifest m) {
    try {
      return MAPPER.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise the bundle manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code bundle.json} from {@code source}.
   *
   * @throws BundleException as {@link BundleManifest#read(Path)}
   */
  static BundleManifest read(BundleSource source) {
    Path file = source.pathOf(BundleManifest.FILE_NAME);
    byte[] bytes;
    try {
      bytes = source.readAll(BundleManifest.FILE_NAME, BundleManifest.MAX_MANIFEST_BYTES);
    } catch (BundleException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        throw new BundleException(
            file,
            source.describe().replaceFirst("^bundle ", "Bundle ")
                + " has no "
                + BundleManifest.FILE_NAME
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
    return parse(json, file);
  }

  /** The provenance as compact JSON, as stored in {@code metadata_props}. */
  static String provenanceJson(Provenance provenance) throws JsonProcessingException {
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
  static Provenance parseProvenance(String json) {
    try {
      return MAPPER.readValue(json, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Malformed provenance JSON: " + e.getOriginalMessage(), e);
    }
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

  /**
   * The entries the exporter copies into the model's {@code metadata_props}: format version, part,
   * task, class names (JSON array) and provenance (JSON object), under the {@code real2sim.*} keys.
   */
  static Map<String, String> metadataProps(BundleManifest m) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(ModelMetadata.FORMAT_VERSION, Integer.toString(m.formatVersion()));
    out.put(ModelMetadata.PART, m.part().jsonName());
    out.put(ModelMetadata.TASK, m.task().jsonName());
    try {
      out.put(
          ModelMetadata.CLASSES,
          MAPPER
              .writer()
              .without(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(m.classes()));
      out.put(ModelMetadata.PROVENANCE, provenanceJson(m.provenance()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot serialise the provenance to JSON: " + e.getMessage(), e);
    }
    return out;
  }
}

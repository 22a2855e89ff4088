package org.real2sim.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link RunConfig} from the defaults, presets or files, and {@code path=value} overrides.
 *
 * <p>Every layer is a JSON object merged onto the previous one. A key that the defaults do not have
 * is an error (typos must not pass), except inside {@code options} objects, which are free-form.
 * The result is bound to the records with Jackson, whose compact constructors validate each field.
 */
public final class ConfigLoader {

  /** The presets shipped with real2sim, in help order. */
  public static final List<String> PRESETS =
      List.of(
          "shapes-quick",
          "shapes-tiny",
          "streets-quick",
          "sketchy",
          "synthia-cityscapes",
          "carla-cityscapes");

  private static final ObjectMapper MAPPER = strictMapper();

  /**
   * A mapper that refuses what Jackson would otherwise coerce silently: {@code 1.5} for an integer
   * (truncated by default), a quoted number for a number ({@code "0.001"}), a quoted boolean or a
   * number for a boolean.
   */
  private static ObjectMapper strictMapper() {
    ObjectMapper m =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.INDENT_OUTPUT);
    for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      m.coercionConfigFor(t)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }

  private static final ObjectNode DEFAULTS = (ObjectNode) resourceTree("defaults.json");

  private ObjectNode tree;

  /** A loader starting from the defaults. */
  public ConfigLoader() {
    this.tree = defaultsTree();
  }

  /** The shared, configured JSON mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The defaults as a JSON tree (a fresh copy). */
  public static ObjectNode defaultsTree() {
    return DEFAULTS.deepCopy();
  }

  /** The default configuration. */
  public static RunConfig defaults() {
    return new ConfigLoader().build();
  }

  /** Merges a named preset (one of {@link #PRESETS}). */
  public ConfigLoader preset(String name) {
    if (!PRESETS.contains(name)) {
      throw new ConfigException("Unknown preset '" + name + "', expected one of " + PRESETS);
    }
    StrictMerge.merge(tree, resourceTree("presets/" + name + ".json"), "");
    return this;
  }

  /** Merges a JSON file. */
  public ConfigLoader file(Path path) {
    JsonNode node;
    try {
      node = MAPPER.readTree(Files.readString(path, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "Config file "
              + path
              + " is not valid JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr(),
          e);
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + path + ": " + e.getMessage(), e);
    }
    if (!node.isObject()) {
      throw new ConfigException("Config file " + path + " must hold a JSON object");
    }
    StrictMerge.merge(tree, node, "");
    return this;
  }

  /**
   * Applies one override {@code path=value}, e.g. {@code stageB.epochs=10}. The value is read by
   * the type of the field it sets: an integer field takes an integer, a number field a number, a
   * boolean field {@code true} or {@code false}, a text field (and any {@code options} entry) the
   * text as given; anything else is an error naming the field and the type it takes.
   */
  public ConfigLoader set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "Override '" + assignment + "' must look like path=value, e.g. stageB.epochs=10");
    }
    String path = assignment.substring(0, eq).trim();
    String raw = assignment.substring(eq + 1).trim();
    String[] parts = path.split("\\.");
    // The type comes from the defaults: a preset may write 1 for a number field.
    JsonNode existing = DEFAULTS;
    for (String p : parts) {
      existing = existing == null ? null : existing.get(p);
    }
    JsonNode value = typed(path, raw, existing);
    ObjectNode patch = MAPPER.createObjectNode();
    ObjectNode at = patch;
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.putObject(parts[i]);
    }
    at.set(parts[parts.length - 1], value);
    StrictMerge.merge(tree, patch, "");
    return this;
  }

  /** {@code raw} as a value of the type {@code existing} holds (text when the key is new). */
  private static JsonNode typed(String path, String raw, JsonNode existing) {
    if (existing == null || existing.isTextual()) {
      if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
        try {
          JsonNode v = MAPPER.readTree(raw);
          if (v != null && v.isTextual()) {
            return v; // a JSON string literal, e.g. a quoted path with escapes
          }
        } catch (JsonProcessingException e) {
          // not a JSON literal: the text as given
        }
      }
      return TextNode.valueOf(raw);
    }
    try {
      if (existing.isIntegralNumber()) {
        return LongNode.valueOf(Long.parseLong(raw));
      }
      if (existing.isNumber()) {
        double d = Double.parseDouble(raw);
        if (!Double.isFinite(d) || !raw.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
          throw new NumberFormatException(raw);
        }
        return DoubleNode.valueOf(d);
      }
    } catch (NumberFormatException e) {
      throw badSet(
          path,
          raw,
          " takes "
              + (existing.isIntegralNumber() ? "an integer" : "a number")
              + ", e.g. "
              + existing
              + "; found '"
              + raw
              + "'");
    }
    if (existing.isBoolean()) {
      if (raw.equals("true") || raw.equals("false")) {
        return BooleanNode.valueOf(raw.equals("true"));
      }
      throw badSet(path, raw, " takes true or false; found '" + raw + "'");
    }
    try {
      JsonNode v = MAPPER.readTree(raw);
      if (v != null && v.isObject()) {
        return v;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw badSet(
        path,
        raw,
        " is a section; give a JSON object such as "
            + existing
            + ", or set its fields one by one ("
            + path
            + ".<field>=...)");
  }

  /**
   * The error for {@code --set path=raw}: {@code "--set path=raw: path"} followed by {@code what}.
   */
  private static ConfigException badSet(String path, String raw, String what) {
    return new ConfigException("--set " + path + "=" + raw + ": " + path + what);
  }

  /** Binds and validates the merged tree. */
  public RunConfig build() {
    return bind(tree);
  }

  /** The merged JSON tree (a copy). */
  public ObjectNode tree() {
    return tree.deepCopy();
  }

  /**
   * Binds a JSON tree to a {@link RunConfig}, turning binding errors into {@link ConfigException}.
   */
  public static RunConfig bind(JsonNode node) {
    try {
      return MAPPER.treeToValue(node, RunConfig.class);
    } catch (JsonProcessingException e) {
      Throwable c = e;
      while (c != null) {
        if (c instanceof ConfigException ce) {
          throw ce;
        }
        c = c.getCause();
      }
      if (e instanceof MismatchedInputException mi && !mi.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        JsonNode at = node;
        for (var ref : mi.getPath()) {
          if (ref.getFieldName() != null) {
            path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            at = at == null ? null : at.get(ref.getFieldName());
          }
        }
        Class<?> t = mi.getTargetType();
        String expected =
            t == null
                ? "another value"
                : t == int.class || t == long.class || t == Integer.class || t == Long.class
                    ? "an integer"
                    : t == double.class || t == float.class || t == Double.class
                        ? "a number (unquoted)"
                        : t == boolean.class || t == Boolean.class
                            ? "true or false (unquoted)"
                            : t == String.class ? "a text value" : "a " + t.getSimpleName();
        throw new ConfigException(
            path + " must be " + expected + ", found " + (at == null ? "an invalid value" : at), e);
      }
      throw new ConfigException("Invalid configuration: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Keys older run directories may hold that no longer exist, with why: read past, never accepted
   * in a new configuration.
   */
  private static final Map<String, String> RETIRED =
      Map.of("stageC.mixUnlabeled", "removed: nothing ever read it");

  /**
   * Reads a configuration written by {@link ConfigText#write} (or any full config file); keys of
   * older versions that were removed ({@link #RETIRED}) are skipped, fields added since take their
   * defaults.
   */
  public static RunConfig read(Path file) {
    ConfigLoader l = new ConfigLoader();
    JsonNode node;
    try {
      node = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return l.file(file).build(); // reports the file's problem with its name
    }
    if (node.isObject()) {
      for (String key : RETIRED.keySet()) {
        String[] parts = key.split("\\.");
        JsonNode at = node;
        for (int i = 0; i < parts.length - 1 && at != null; i++) {
          at = at.get(parts[i]);
        }
        if (at instanceof ObjectNode o) {
          o.remove(parts[parts.length - 1]);
        }
      }
      StrictMerge.merge(l.tree, node, "");
      return l.build();
    }
    return l.file(file).build();
  }

  private static JsonNode resourceTree(String name) {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to ConfigLoader");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }
}

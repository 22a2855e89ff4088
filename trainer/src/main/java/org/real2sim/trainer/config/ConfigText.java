package org.real2sim.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.real2sim.trainer.run.AtomicFiles;

/**
 * A configuration as text: {@code config.json} and {@code config.txt} written into a run directory
 * (non-defaults marked with their default), the {@code config --show} listing with each field's
 * type, default and description, and the list of fields that differ from the defaults. Loading and
 * merging are {@link ConfigLoader}'s.
 */
public final class ConfigText {

  private ConfigText() {}

  /**
   * The dotted paths whose values differ from the defaults, e.g. {@code stageB.epochs}; options
   * entries are listed individually.
   */
  public static List<String> nonDefaults(RunConfig config) {
    List<String> out = new ArrayList<>();
    diff(ConfigLoader.defaultsTree(), ConfigLoader.mapper().valueToTree(config), "", out);
    return out;
  }

  /**
   * Writes {@code config.json} (the effective configuration, loadable with {@link
   * ConfigLoader#read}) and {@code config.txt} (one line per field, non-defaults marked with their
   * default) into {@code dir}.
   */
  public static void write(RunConfig config, Path dir) throws IOException {
    Files.createDirectories(dir);
    JsonNode json = ConfigLoader.mapper().valueToTree(config);
    AtomicFiles.writeString(
        dir.resolve("config.json"), ConfigLoader.mapper().writeValueAsString(json) + "\n");
    StringBuilder txt =
        new StringBuilder("# effective configuration; '*' marks a non-default value\n");
    lines(ConfigLoader.defaultsTree(), json, "", txt);
    AtomicFiles.writeString(dir.resolve("config.txt"), txt.toString());
  }

  /**
   * The effective configuration as text, one field a line: its path, value, type and default (with
   * '*' marking a non-default), then its description from the record (which states the valid range
   * where there is one); {@code options} entries are listed as given.
   */
  public static String describe(RunConfig config) {
    StringBuilder out =
        new StringBuilder(
            "# effective configuration: path = value   (type, default); '*' marks a non-default"
                + " value\n");
    describe(
        RunConfig.class,
        ConfigLoader.mapper().valueToTree(config),
        ConfigLoader.defaultsTree(),
        "",
        out);
    return out.toString();
  }

  private static void describe(
      Class<?> type, JsonNode actual, JsonNode defaults, String prefix, StringBuilder out) {
    for (java.lang.reflect.RecordComponent rc : type.getRecordComponents()) {
      String name = rc.getName();
      String path = prefix + name;
      JsonNode v = actual.get(name);
      JsonNode d = defaults == null ? null : defaults.get(name);
      var desc =
          rc.getAccessor()
              .getAnnotation(com.fasterxml.jackson.annotation.JsonPropertyDescription.class);
      String text = desc == null ? "" : desc.value();
      if (rc.getType().isRecord()) {
        out.append('\n').append("# ").append(path).append(": ").append(text).append('\n');
        describe(rc.getType(), v, d, path + ".", out);
        continue;
      }
      boolean changed = !same(d, v);
      String kind =
          rc.getType() == int.class || rc.getType() == long.class
              ? "integer"
              : rc.getType() == double.class
                  ? "number"
                  : rc.getType() == boolean.class
                      ? "true|false"
                      : rc.getType() == String.class ? "text" : "object of text values";
      out.append(changed ? "* " : "  ")
          .append(path)
          .append(" = ")
          .append(v)
          .append("   (")
          .append(kind)
          .append(", default ")
          .append(d == null ? "none" : d)
          .append(")\n      ")
          .append(text)
          .append('\n');
    }
  }

  private static void lines(JsonNode defaults, JsonNode actual, String prefix, StringBuilder out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      JsonNode d = defaults == null ? null : defaults.get(e.getKey());
      if (e.getValue().isObject() && !e.getKey().equals("options")) {
        lines(d, e.getValue(), path + ".", out);
      } else {
        boolean changed = !same(d, e.getValue());
        out.append(changed ? "* " : "  ").append(path).append(" = ").append(e.getValue());
        if (changed) {
          out.append("   [default: ").append(d == null ? "none" : d).append(']');
        }
        out.append('\n');
      }
    }
  }

  private static void diff(JsonNode defaults, JsonNode actual, String prefix, List<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode d = defaults == null ? null : defaults.get(e.getKey());
      if (e.getValue().isObject()) {
        diff(d, e.getValue(), prefix + e.getKey() + ".", out);
      } else if (!same(d, e.getValue())) {
        out.add(prefix + e.getKey());
      }
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}

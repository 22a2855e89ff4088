package org.real2sim.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.real2sim.trainer.config.ConfigLoader;

/**
 * One field of the run's effective configuration, read from {@code config.txt} or {@code
 * config.json}.
 *
 * @param path the dotted path, e.g. {@code stageB.epochs}
 * @param value the value as JSON text
 * @param defaultValue the default as JSON text, or null when unknown or absent
 * @param changed whether the value differs from the default
 */
record ConfigEntry(String path, String value, String defaultValue, boolean changed) {

  private static final Pattern CONFIG_LINE =
      Pattern.compile("^([* ]) (\\S+) = (.*?)(?: {3}\\[default: (.*)\\])?$");

  /**
   * Parses {@code config.txt} as written by {@link org.real2sim.trainer.config.ConfigText#write}.
   */
  static List<ConfigEntry> parseConfigTxt(List<String> lines) {
    List<ConfigEntry> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = CONFIG_LINE.matcher(line);
      if (m.matches()) {
        out.add(new ConfigEntry(m.group(2), m.group(3), m.group(4), m.group(1).equals("*")));
      }
    }
    return List.copyOf(out);
  }

  /** Flattens {@code config.json} into fields compared against the shipped defaults. */
  static List<ConfigEntry> flattenConfig(JsonNode config) {
    List<ConfigEntry> out = new ArrayList<>();
    flatten(ConfigLoader.defaultsTree(), config, "", out);
    return List.copyOf(out);
  }

  private static void flatten(
      JsonNode defaults, JsonNode actual, String prefix, List<ConfigEntry> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode d = defaults == null ? null : defaults.get(e.getKey());
      String path = prefix + e.getKey();
      if (e.getValue().isObject() && !e.getKey().equals("options")) {
        flatten(d, e.getValue(), path + ".", out);
      } else {
        boolean same =
            d != null
                && (d.isNumber() && e.getValue().isNumber()
                    ? d.decimalValue().compareTo(e.getValue().decimalValue()) == 0
                    : d.equals(e.getValue()));
        out.add(
            new ConfigEntry(path, e.getValue().toString(), d == null ? null : d.toString(), !same));
      }
    }
  }
}

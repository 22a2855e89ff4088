package org.real2sim.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one merge of configuration layers (defaults, preset, files, {@code --set}): strict, so that a
 * typo in a key fails with a message that names it, the valid keys and the likely intended one.
 */
final class StrictMerge {

  private StrictMerge() {}

  /**
   * Merges {@code patch} into {@code into}: values replace values, sections merge field by field.
   * Keys that {@code into} does not have are refused with the valid keys (and a near miss as a
   * suggestion), except inside an {@code options} section, which is free-form.
   *
   * @param prefix the dotted path of {@code into}, for messages ({@code ""} at the top)
   */
  static void merge(ObjectNode into, JsonNode patch, String prefix) {
    boolean freeForm = prefix.endsWith("options.");
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String path = prefix + key;
      JsonNode existing = into.get(key);
      if (existing == null && !freeForm) {
        throw new ConfigException(
            "Unknown configuration key '"
                + path
                + "'"
                + suggestion(into, key)
                + "; valid keys here: "
                + fieldNames(into));
      }
      JsonNode value = e.getValue();
      if (existing != null && existing.isObject()) {
        if (!value.isObject()) {
          throw new ConfigException(
              "Configuration key '" + path + "' holds a section; found the value " + value);
        }
        merge((ObjectNode) existing, value, path + ".");
      } else {
        if (existing != null && value.isObject()) {
          throw new ConfigException(
              "Configuration key '"
                  + path
                  + "' takes a value like "
                  + existing
                  + ", found a section");
        }
        into.set(key, value);
      }
    }
  }

  private static String suggestion(ObjectNode node, String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      int d = distance(name.toLowerCase(), key.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    return best != null && bestDistance <= 2 ? " (did you mean '" + best + "'?)" : "";
  }

  private static List<String> fieldNames(ObjectNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

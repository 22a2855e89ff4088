package org.real2sim.trainer.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.real2sim.trainer.data.ClassInfo;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.LabelMapping;

/**
 * The JSON class map of the paired segmentation layout ({@code classes.json}).
 *
 * <pre>{@code
 * {"classes": [
 *   {"id": 7,  "name": "road",      "color": [128, 64, 128], "trainId": 0},
 *   {"id": 26, "name": "vehicle",   "color": [0, 0, 142],    "trainId": 1},
 *   {"id": 0,  "name": "unlabeled", "color": [0, 0, 0],      "ignore": true}
 * ]}
 * }</pre>
 *
 * Each entry maps a raw id stored in the label images ({@code id}, 0..65535) to a train id ({@code
 * trainId}, 0..K-1) or to ignore ({@code "ignore": true}, equivalently {@code trainId} 255).
 * Several raw ids may share a train id (merged classes); the name and colour of a train id are
 * those of its first entry. Train ids must be exactly 0..K-1. A raw id not listed is an error when
 * met in a label.
 *
 * @param entries the entries in file order
 */
public record ClassMap(List<Entry> entries) {

  /** The usual file name, at the data set root. */
  public static final String FILE_NAME = "classes.json";

  private static final Set<String> KEYS = Set.of("id", "name", "color", "trainId", "ignore");

  /**
   * One raw id.
   *
   * @param id the value stored in label images, 0..65535
   * @param name the class name
   * @param rgb the display colour {@code 0xRRGGBB}
   * @param trainId the class id 0..K-1, or 255 for ignore
   */
  public record Entry(int id, String name, int rgb, int trainId) {}

  /** Checks the entries: distinct raw ids, train ids exactly 0..K-1 (plus 255), K at least 1. */
  public ClassMap {
    entries = List.copyOf(entries);
    Set<Integer> ids = new HashSet<>();
    TreeMap<Integer, String> train = new TreeMap<>();
    for (Entry e : entries) {
      if (e.id < 0 || e.id > 65535) {
        throw new DataException(
            "class map: id must be 0..65535, found " + e.id + " (" + e.name + ")");
      }
      if (!ids.add(e.id)) {
        throw new DataException("class map: id " + e.id + " is listed twice (" + e.name + ")");
      }
      if (e.trainId < 0 || e.trainId > LabelMapping.IGNORE) {
        throw new DataException(
            "class map: trainId must be 0..254 or 255 (ignore), found "
                + e.trainId
                + " ("
                + e.name
                + ")");
      }
      if (e.trainId != LabelMapping.IGNORE) {
        train.putIfAbsent(e.trainId, e.name);
      }
    }
    int expect = 0;
    for (int t : train.keySet()) {
      if (t != expect) {
        throw new DataException(
            "class map: train ids must be 0..K-1 without gaps, but " + expect + " is missing");
      }
      expect++;
    }
    if (train.isEmpty()) {
      throw new DataException("class map: every class is ignored; expected at least one train id");
    }
  }

  /** The classes in train-id order (name and colour of each train id's first entry). */
  public List<ClassInfo> classes() {
    TreeMap<Integer, ClassInfo> byTrain = new TreeMap<>();
    for (Entry e : entries) {
      if (e.trainId != LabelMapping.IGNORE) {
        byTrain.putIfAbsent(e.trainId, new ClassInfo(e.name, e.rgb));
      }
    }
    return List.copyOf(byTrain.values());
  }

  /** The mapping from raw ids in channel {@code channel} to train ids. */
  public LabelMapping mapping(String name, int channel) {
    Map<Integer, Integer> m = new LinkedHashMap<>();
    for (Entry e : entries) {
      m.put(e.id, e.trainId);
    }
    return new LabelMapping(name, channel, m);
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws DataException naming the file, the entry and the field that is wrong
   */
  public static ClassMap read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataException("class map " + file + " does not exist (expected a JSON class map)");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    JsonNode arr = root == null ? null : root.get("classes");
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      throw new DataException(file + ": expected an object with a non-empty array \"classes\"");
    }
    Iterator<String> top = root.fieldNames();
    while (top.hasNext()) {
      String k = top.next();
      if (!k.equals("classes")) {
        throw new DataException(file + ": unknown key \"" + k + "\" (expected only \"classes\")");
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonNode e = arr.get(i);
      String where = file + ": classes[" + i + "]";
      if (!e.isObject()) {
        throw new DataException(where + " must be an object");
      }
      Iterator<String> keys = e.fieldNames();
      while (keys.hasNext()) {
        String k = keys.next();
        if (!KEYS.contains(k)) {
          throw new DataException(
              where
                  + ": unknown key \""
                  + k
                  + "\" (expected "
                  + new java.util.TreeSet<>(KEYS)
                  + ")");
        }
      }
      int id = intField(e, "id", where, 0, 65535);
      String name = e.path("name").asText("");
      if (!e.path("name").isTextual() || name.isBlank()) {
        throw new DataException(where + ": \"name\" must be a non-empty string");
      }
      where = where + " (" + name + ")";
      JsonNode color = e.get("color");
      if (color == null || !color.isArray() || color.size() != 3) {
        throw new DataException(where + ": \"color\" must be [r, g, b], found " + color);
      }
      int rgb = 0;
      for (int c = 0; c < 3; c++) {
        JsonNode v = color.get(c);
        if (!v.isInt() || v.asInt() < 0 || v.asInt() > 255) {
          throw new DataException(
              where + ": color components must be integers 0..255, found " + color);
        }
        rgb = (rgb << 8) | v.asInt();
      }
      JsonNode ign = e.get("ignore");
      if (ign != null && !ign.isBoolean()) {
        throw new DataException(where + ": \"ignore\" must be true or false, found " + ign);
      }
      int trainId;
      if (ign != null && ign.asBoolean()) {
        if (e.has("trainId") && e.get("trainId").asInt() != LabelMapping.IGNORE) {
          throw new DataException(where + ": \"ignore\": true contradicts \"trainId\"");
        }
        trainId = LabelMapping.IGNORE;
      } else {
        trainId = intField(e, "trainId", where, 0, LabelMapping.IGNORE);
      }
      entries.add(new Entry(id, name, rgb, trainId));
    }
    try {
      return new ClassMap(entries);
    } catch (DataException e) {
      throw new DataException(file + ": " + e.getMessage(), e);
    }
  }

  private static int intField(JsonNode e, String key, String where, int min, int max) {
    JsonNode v = e.get(key);
    if (v == null || !v.isInt() || v.asInt() < min || v.asInt() > max) {
      throw new DataException(
          where + ": \"" + key + "\" must be an integer " + min + ".." + max + ", found " + v);
    }
    return v.asInt();
  }

  /**
   * The map as JSON text in the layout {@link #read} accepts, written by Jackson so that any class
   * name (quotes, back slashes, control characters) is escaped correctly.
   */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode classes = root.putArray("classes");
    for (Entry e : entries) {
      ObjectNode o = classes.addObject();
      o.put("id", e.id);
      o.put("name", e.name);
      o.putArray("color").add((e.rgb >> 16) & 0xFF).add((e.rgb >> 8) & 0xFF).add(e.rgb & 0xFF);
      if (e.trainId == LabelMapping.IGNORE) {
        o.put("ignore", true);
      } else {
        o.put("trainId", e.trainId);
      }
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the class map as JSON: " + e.getMessage(), e);
    }
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }
}

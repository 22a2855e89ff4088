package org.real2sim.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per evaluation (stage, epoch, method, metric, value,
 * per-class values), appended and flushed line by line so a crash loses at most the line being
 * written.
 */
public final class MetricsLog {

  /**
   * One evaluation.
   *
   * @param stage the stage that produced it (expert, cyclegan, taskaware, supervised, evaluate)
   * @param epoch the epoch (1-based) or 0 for a final evaluation
   * @param method the method (in-domain, M1, M2, M3, ours, oracle, or a sweep label)
   * @param metric accuracy or miou
   * @param value the metric's value in [0, 1]
   * @param perClass per-class values (recall for classification, IoU for segmentation); NaN =
   *     undefined
   */
  public record Entry(
      String stage, int epoch, String method, String metric, double value, double[] perClass) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Path file;

  /** A log appending to {@code file}. */
  public MetricsLog(Path file) {
    this.file = file;
  }

  /** The file this log appends to. */
  public Path file() {
    return file;
  }

  /** Appends one entry. */
  public synchronized void append(Entry e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("time", java.time.Instant.now().toString());
    o.put("stage", e.stage());
    o.put("epoch", e.epoch());
    o.put("method", e.method());
    o.put("metric", e.metric());
    o.put("value", e.value());
    ArrayNode pc = o.putArray("perClass");
    if (e.perClass() != null) {
      for (double v : e.perClass()) {
        if (Double.isNaN(v)) {
          pc.addNull();
        } else {
          pc.add(v);
        }
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          MAPPER.writeValueAsString(o) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot append to " + file, ex);
    }
  }

  /** Reads every entry of a metrics file; a torn last line (from a crash) is ignored. */
  public static List<Entry> read(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode o;
      try {
        o = MAPPER.readTree(line);
      } catch (IOException ex) {
        if (i == lines.size() - 1) {
          break;
        }
        throw new IOException(
            file + " line " + (i + 1) + " is not valid JSON: " + ex.getMessage(), ex);
      }
      JsonNode pcNode = o.path("perClass");
      double[] pc = new double[pcNode.size()];
      for (int j = 0; j < pc.length; j++) {
        pc[j] = pcNode.get(j).isNull() ? Double.NaN : pcNode.get(j).asDouble();
      }
      out.add(
          new Entry(
              o.path("stage").asText(),
              o.path("epoch").asInt(),
              o.path("method").asText(),
              o.path("metric").asText(),
              o.path("value").asDouble(),
              pc));
    }
    return out;
  }
}

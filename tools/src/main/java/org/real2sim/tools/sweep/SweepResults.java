package org.real2sim.tools.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.real2sim.trainer.run.AtomicFiles;

/**
 * The results of a run's sweeps: the finished points and the skipped ones, written as {@value #CSV}
 * and {@value #JSON} in the run's {@code sweep/} folder.
 *
 * <p>Both files hold the same points in the same order (α points by α, then labeled points by
 * fraction, ours before M3) with the columns {@code kind, alpha, fraction, count, method, metric,
 * value, best_epoch, stage}; the JSON file also lists the skipped points (same order) with their
 * reason. An undefined number (α of M3) is an empty CSV cell and a JSON {@code null}.
 */
public final class SweepResults {

  /** The CSV file name. */
  public static final String CSV = "sweep.csv";

  /** The JSON file name. */
  public static final String JSON = "sweep.json";

  /** The CSV header. */
  public static final String CSV_HEADER =
      "kind,alpha,fraction,count,method,metric,value,best_epoch,stage";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final Comparator<SweepPoint> ORDER =
      Comparator.comparing((SweepPoint p) -> p.kind().equals(SweepPoint.ALPHA) ? 0 : 1)
          .thenComparingDouble(p -> p.kind().equals(SweepPoint.ALPHA) ? p.alpha() : p.fraction())
          .thenComparing(p -> p.method().equals(SweepPoint.OURS) ? 0 : 1);

  private static final Comparator<SweepSkip> SKIP_ORDER =
      Comparator.comparing((SweepSkip k) -> k.kind().equals(SweepPoint.ALPHA) ? 0 : 1)
          .thenComparingDouble(SweepSkip::value)
          .thenComparing(SweepSkip::stage);

  private final List<SweepPoint> points;
  private final List<SweepSkip> skipped;

  /** Results holding {@code points} and {@code skipped}, each sorted α first, then by value. */
  public SweepResults(List<SweepPoint> points, List<SweepSkip> skipped) {
    List<SweepPoint> p = new ArrayList<>(points);
    p.sort(ORDER);
    this.points = List.copyOf(p);
    List<SweepSkip> k = new ArrayList<>(skipped);
    k.sort(SKIP_ORDER);
    this.skipped = List.copyOf(k);
  }

  /** No results. */
  public static SweepResults empty() {
    return new SweepResults(List.of(), List.of());
  }

  /** The finished points, α points first. */
  public List<SweepPoint> points() {
    return points;
  }

  /** The points of one kind and method, in order. */
  public List<SweepPoint> points(String kind, String method) {
    return points.stream().filter(p -> p.kind().equals(kind) && p.method().equals(method)).toList();
  }

  /** The skipped points. */
  public List<SweepSkip> skipped() {
    return skipped;
  }

  /**
   * These results with {@code p} added, replacing a point with the same {@link SweepPoint#key} and
   * dropping the skips it settles (same stage folder, or the folder it lies in).
   */
  public SweepResults with(SweepPoint p) {
    Map<String, SweepPoint> byKey = new LinkedHashMap<>();
    points.forEach(q -> byKey.put(q.key(), q));
    byKey.put(p.key(), p);
    List<SweepSkip> s = new ArrayList<>(skipped);
    s.removeIf(k -> k.coveredBy(p));
    return new SweepResults(new ArrayList<>(byKey.values()), s);
  }

  /** These results with {@code s} added, replacing a skip with the same {@link SweepSkip#key}. */
  public SweepResults with(SweepSkip s) {
    List<SweepSkip> out = new ArrayList<>(skipped);
    out.removeIf(k -> k.key().equals(s.key()));
    out.add(s);
    return new SweepResults(points, out);
  }

  /** The CSV text: the header, then one line per point. */
  public String toCsv() {
    StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
    for (SweepPoint p : points) {
      b.append(p.kind())
          .append(',')
          .append(number(p.alpha()))
          .append(',')
          .append(number(p.fraction()))
          .append(',')
          .append(p.count())
          .append(',')
          .append(p.method())
          .append(',')
          .append(p.metric())
          .append(',')
          .append(number(p.value()))
          .append(',')
          .append(p.bestEpoch())
          .append(',')
          .append(p.stage())
          .append('\n');
    }
    return b.toString();
  }

  /** The JSON text: {@code {"points": [...], "skipped": [...]}}. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode pts = root.putArray("points");
    for (SweepPoint p : points) {
      ObjectNode o = pts.addObject();
      o.put("kind", p.kind());
      putNumber(o, "alpha", p.alpha());
      putNumber(o, "fraction", p.fraction());
      o.put("count", p.count());
      o.put("method", p.method());
      o.put("metric", p.metric());
      putNumber(o, "value", p.value());
      o.put("bestEpoch", p.bestEpoch());
      o.put("stage", p.stage());
    }
    ArrayNode sk = root.putArray("skipped");
    for (SweepSkip s : skipped) {
      ObjectNode o = sk.addObject();
      o.put("kind", s.kind());
      putNumber(o, "value", s.value());
      o.put("stage", s.stage());
      o.put("reason", s.reason());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise sweep results", e);
    }
  }

  /** Writes {@value #CSV} and {@value #JSON} into {@code dir}, each atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.writeString(dir.resolve(CSV), toCsv());
    AtomicFiles.writeString(dir.resolve(JSON), toJson());
  }

  /**
   * Reads a {@value #JSON} file written by {@link #write}.
   *
   * @throws IOException naming the file and the entry that is malformed
   */
  public static SweepResults readJson(Path file) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.path("points").isArray()) {
      throw new IOException(file + " has no 'points' array: not a sweep result file");
    }
    List<SweepPoint> points = new ArrayList<>();
    int i = 0;
    for (JsonNode o : root.path("points")) {
      for (String field : List.of("kind", "method", "metric", "value", "stage")) {
        if (!o.hasNonNull(field)) {
          throw new IOException(file + ": points[" + i + "] has no '" + field + "'");
        }
      }
      points.add(
          new SweepPoint(
              o.path("kind").asText(),
              readNumber(o, "alpha"),
              readNumber(o, "fraction"),
              o.path("count").asInt(),
              o.path("method").asText(),
              o.path("metric").asText(),
              readNumber(o, "value"),
              o.path("bestEpoch").asInt(),
              o.path("stage").asText()));
      i++;
    }
    List<SweepSkip> skipped = new ArrayList<>();
    for (JsonNode o : root.path("skipped")) {
      skipped.add(
          new SweepSkip(
              o.path("kind").asText(),
              readNumber(o, "value"),
              o.path("stage").asText(),
              o.path("reason").asText()));
    }
    return new SweepResults(points, skipped);
  }

  /** A console table of the points (values in percent) and the skipped points. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-8s %6s %9s %6s %-6s %9s %5s  %s%n",
            "kind",
            "alpha",
            "fraction",
            "N_L",
            "method",
            "value",
            "epoch",
            "stage"));
    b.append("-".repeat(78)).append('\n');
    for (SweepPoint p : points) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-8s %6s %8s%% %6d %-6s %8.2f%% %5d  %s%n",
              p.kind(),
              Double.isNaN(p.alpha()) ? "-" : String.format(Locale.ROOT, "%.2f", p.alpha()),
              percent(p.fraction()),
              p.count(),
              p.method(),
              100 * p.value(),
              p.bestEpoch(),
              p.stage()));
    }
    for (SweepSkip s : skipped) {
      b.append("skipped ").append(s.stage()).append(": ").append(s.reason()).append('\n');
    }
    return b.toString();
  }

  private static String percent(double fraction) {
    if (Double.isNaN(fraction)) {
      return "-";
    }
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : BigDecimal.valueOf(v).toPlainString();
  }

  private static void putNumber(ObjectNode o, String field, double v) {
    if (Double.isNaN(v)) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  private static double readNumber(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
  }
}

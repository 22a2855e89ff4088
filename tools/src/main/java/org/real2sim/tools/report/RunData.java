package org.real2sim.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.tools.sweep.SweepPlan;
import org.real2sim.tools.sweep.SweepResults;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.stage.Method;

/**
 * Everything the report shows, read from a run directory alone: {@code config.txt} (or {@code
 * config.json}), {@code results.json}, {@code metrics.jsonl}, {@code sweep/sweep.json} and {@code
 * bundle/bundle.json}. A missing or unreadable file leaves its part empty and a note in {@link
 * #problems}; only a folder with none of the first three is refused.
 *
 * @param root the run directory
 * @param name the run name (results.json, else config, else the folder name)
 * @param task classification or segmentation, or "" when unknown
 * @param metric accuracy or miou
 * @param classes class names in id order (from results.json; empty when unknown)
 * @param methods the methods table in the order in-domain, M2, M1, M3, ours, oracle
 * @param evaluated whether the methods come from results.json (else from metrics.jsonl)
 * @param metrics every line of metrics.jsonl
 * @param config the configuration fields, empty when neither config file exists
 * @param configSource the file the configuration came from, or null
 * @param sweep the sweep results, or null
 * @param bundle the bundle manifest as JSON, or null
 * @param problems files that exist but could not be read, with the reason
 */
record RunData(
    Path root,
    String name,
    String task,
    String metric,
    List<String> classes,
    List<MethodRow> methods,
    boolean evaluated,
    List<MetricsLog.Entry> metrics,
    List<ConfigEntry> config,
    String configSource,
    SweepResults sweep,
    JsonNode bundle,
    List<String> problems) {

  /** The methods in table order. */
  static final List<String> METHODS = Method.ids();

  /** The stages whose best validation value stands for a method when results.json is missing. */
  static final Map<String, List<String>> STAGES_OF_METHOD = stagesOfMethod();

  private static Map<String, List<String>> stagesOfMethod() {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (Method m : Method.values()) {
      if (m != Method.M2) { // M2 has no training stage of its own: it needs `real2sim evaluate`
        out.put(m.id(), m.folders());
      }
    }
    return out;
  }

  private static String description(String method) {
    return Method.of(method).description();
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The bundle manifest's path inside a run directory. */
  static final String BUNDLE = "bundle/bundle.json";

  /**
   * Reads the run directory {@code root}.
   *
   * @throws ReportException if {@code root} is not a directory or holds none of config.json,
   *     config.txt, results.json and metrics.jsonl
   */
  static RunData read(Path root) {
    if (!Files.isDirectory(root)) {
      throw new ReportException("Run directory " + root + " does not exist or is not a folder");
    }
    if (!Files.exists(root.resolve("config.json"))
        && !Files.exists(root.resolve("config.txt"))
        && !Files.exists(root.resolve(Evaluation.RESULTS))
        && !Files.exists(root.resolve("metrics.jsonl"))) {
      throw new ReportException(
          root
              + " is not a run directory: it holds none of config.json, config.txt, "
              + Evaluation.RESULTS
              + " and metrics.jsonl");
    }
    List<String> problems = new ArrayList<>();
    JsonNode configJson = readJson(root, "config.json", problems);
    JsonNode results = readJson(root, Evaluation.RESULTS, problems);
    JsonNode bundle = readJson(root, BUNDLE, problems);

    List<MetricsLog.Entry> metrics = List.of();
    try {
      metrics = MetricsLog.read(root.resolve("metrics.jsonl"));
    } catch (IOException e) {
      problems.add("metrics.jsonl cannot be read: " + e.getMessage());
    }

    SweepResults sweep = null;
    Path sweepFile = root.resolve(SweepPlan.FOLDER).resolve(SweepResults.JSON);
    if (Files.exists(sweepFile)) {
      try {
        sweep = SweepResults.readJson(sweepFile);
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }

    List<ConfigEntry> config = List.of();
    String configSource = null;
    Path txt = root.resolve("config.txt");
    if (Files.exists(txt)) {
      try {
        config = ConfigEntry.parseConfigTxt(Files.readAllLines(txt));
        configSource = "config.txt";
      } catch (IOException e) {
        problems.add("config.txt cannot be read: " + e.getMessage());
      }
    }
    if (configSource == null && configJson != null) {
      config = ConfigEntry.flattenConfig(configJson);
      configSource = "config.json";
    }

    List<MethodRow> methods = results != null ? fromResults(results) : fromMetrics(metrics);
    String task = text(results, "task");
    if (task.isEmpty() && configJson != null) {
      task = configJson.path("data").path("task").asText("");
    }
    String metric;
    if (!methods.isEmpty()) {
      metric = methods.get(0).metric();
    } else if (!metrics.isEmpty()) {
      metric = metrics.get(metrics.size() - 1).metric();
    } else {
      metric = Metric.forTask(task.equals("segmentation")).key();
    }
    String name = text(results, "run");
    if (name.isEmpty() && configJson != null) {
      name = configJson.path("name").asText("");
    }
    if (name.isEmpty()) {
      name = root.toAbsolutePath().normalize().getFileName().toString();
    }
    List<String> classes = new ArrayList<>();
    if (results != null) {
      results.path("classes").forEach(c -> classes.add(c.asText()));
    }
    return new RunData(
        root,
        name,
        task,
        metric,
        List.copyOf(classes),
        methods,
        results != null,
        metrics,
        config,
        configSource,
        sweep,
        bundle,
        List.copyOf(problems));
  }

  /** The row of {@code method}, or null. */
  MethodRow method(String method) {
    return methods.stream().filter(m -> m.method().equals(method)).findFirst().orElse(null);
  }

  /** The value of {@code method}, or NaN when the run has none. */
  double value(String method) {
    MethodRow r = method(method);
    return r == null ? Double.NaN : r.value();
  }

  /**
   * The stages in {@code metrics.jsonl}, in order of first appearance (final evaluations left out).
   */
  List<String> stages() {
    List<String> out = new ArrayList<>();
    for (MetricsLog.Entry e : metrics) {
      if (e.epoch() > 0 && !out.contains(e.stage())) {
        out.add(e.stage());
      }
    }
    return out;
  }

  /** The best validation entry of {@code stage} (the first of equal values), or null. */
  MetricsLog.Entry best(String stage) {
    MetricsLog.Entry best = null;
    for (MetricsLog.Entry e : metrics) {
      if (e.stage().equals(stage) && e.epoch() > 0 && (best == null || e.value() > best.value())) {
        best = e;
      }
    }
    return best;
  }

  private static List<MethodRow> fromResults(JsonNode results) {
    Map<String, MethodRow> byMethod = new LinkedHashMap<>();
    for (JsonNode m : results.path("methods")) {
      JsonNode pc = m.path("perClass");
      double[] perClass = new double[pc.size()];
      for (int i = 0; i < perClass.length; i++) {
        perClass[i] = pc.get(i).isNull() ? Double.NaN : pc.get(i).asDouble();
      }
      String method = m.path("method").asText();
      byMethod.put(
          method,
          new MethodRow(
              method,
              m.path("description").asText(""),
              m.path("metric").asText(""),
              m.path("value").asDouble(Double.NaN),
              m.path("images").asInt(-1),
              m.path("checkpoint").asText(""),
              perClass,
              Evaluation.RESULTS));
    }
    return ordered(byMethod);
  }

  private static List<MethodRow> fromMetrics(List<MetricsLog.Entry> metrics) {
    Map<String, MethodRow> byMethod = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> m : STAGES_OF_METHOD.entrySet()) {
      MetricsLog.Entry best = null;
      for (MetricsLog.Entry e : metrics) {
        if (m.getValue().contains(e.stage())
            && e.epoch() > 0
            && (best == null || e.value() > best.value())) {
          best = e;
        }
      }
      if (best != null) {
        byMethod.put(m.getKey(), fromEntry(m.getKey(), best));
      }
    }
    for (MetricsLog.Entry e : metrics) {
      if (e.method().equals(Method.M2.id())) {
        byMethod.put(Method.M2.id(), fromEntry(Method.M2.id(), e));
      }
    }
    return ordered(byMethod);
  }

  private static MethodRow fromEntry(String method, MetricsLog.Entry e) {
    String where =
        e.epoch() > 0
            ? "metrics.jsonl: best of " + e.stage() + ", epoch " + e.epoch()
            : "metrics.jsonl: " + e.stage();
    return new MethodRow(
        method,
        description(method),
        e.metric(),
        e.value(),
        -1,
        "",
        e.perClass() == null ? new double[0] : e.perClass(),
        where);
  }

  private static List<MethodRow> ordered(Map<String, MethodRow> byMethod) {
    List<MethodRow> out = new ArrayList<>();
    for (String m : METHODS) {
      if (byMethod.containsKey(m)) {
        out.add(byMethod.remove(m));
      }
    }
    out.addAll(byMethod.values());
    return List.copyOf(out);
  }

  private static JsonNode readJson(Path root, String name, List<String> problems) {
    Path file = root.resolve(name);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode n = MAPPER.readTree(Files.readString(file));
      if (n == null || !n.isObject()) {
        problems.add(name + " does not hold a JSON object");
        return null;
      }
      return n;
    } catch (IOException e) {
      problems.add(name + " is not valid JSON: " + e.getMessage());
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    return node == null ? "" : node.path(field).asText("");
  }
}

package org.real2sim.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code provenance.json} of a run directory: the code version ({@link CodeVersion}) in force each
 * time a training command started on the run, and when each stage started training. The exporter
 * reads it, so a bundle names the commit its networks were trained with rather than the one that
 * exported them.
 *
 * <pre>{@code
 * {"starts": [{"time": "...", "codeVersion": "git:<sha>", "commit": "<sha>", "dirty": false}],
 *  "stages": {"expert": {"time": "...", "codeVersion": "git:<sha>", ...}, "taskaware": {...}}}
 * }</pre>
 *
 * Each write replaces the file atomically.
 */
public final class RunProvenance {

  /** The file name inside the run directory. */
  public static final String FILE = "provenance.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunProvenance() {}

  /** Records that a training command started on {@code run} with {@code version}. */
  public static void recordStart(RunDir run, CodeVersion version) {
    update(run, p -> starts(p).add(entry(version)));
  }

  /**
   * Records that {@code stage} started training with {@code version}; a stage resumed later with
   * another version keeps its first entry and lists the other under {@code resumedWith}.
   */
  public static void recordStage(RunDir run, String stage, CodeVersion version) {
    update(
        run,
        p -> {
          Map<String, Object> first = asMap(stages(p).get(stage));
          if (first.isEmpty()) {
            stages(p).put(stage, entry(version));
          } else if (!version.toString().equals(first.get("codeVersion"))) {
            Map<String, Object> e = new LinkedHashMap<>(first);
            @SuppressWarnings("unchecked")
            List<Object> later =
                new ArrayList<>((List<Object>) e.getOrDefault("resumedWith", List.of()));
            if (!later.contains(version.toString())) {
              later.add(version.toString());
            }
            e.put("resumedWith", later);
            stages(p).put(stage, e);
          }
        });
  }

  /**
   * The code versions the run's stages trained with, by stage (with the versions a stage was
   * resumed with, if any), from {@code provenance.json}; empty when the run has none (made before
   * it existed).
   */
  public static Map<String, String> stageVersions(Path runDir) {
    Map<String, Object> p = read(runDir.resolve(FILE));
    Map<String, String> out = new LinkedHashMap<>();
    stages(p)
        .forEach(
            (k, v) -> {
              Map<String, Object> e = asMap(v);
              String version = String.valueOf(e.get("codeVersion"));
              if (e.get("resumedWith") instanceof List<?> later && !later.isEmpty()) {
                version += " (resumed with " + later.stream().map(String::valueOf).toList() + ")";
              }
              out.put(k, version);
            });
    return out;
  }

  /**
   * The one code version string for a bundle made from {@code stages} of the run: the version they
   * all trained with, or {@code stage=version} pairs when they differ; null when the run recorded
   * none of them.
   */
  public static String codeVersionOf(Path runDir, List<String> stages) {
    Map<String, String> all = stageVersions(runDir);
    Map<String, String> used = new LinkedHashMap<>();
    for (String s : stages) {
      if (all.containsKey(s)) {
        used.put(s, all.get(s));
      }
    }
    if (used.isEmpty()) {
      return null;
    }
    Set<String> distinct = new LinkedHashSet<>(used.values());
    if (distinct.size() == 1) {
      return distinct.iterator().next();
    }
    List<String> parts = new ArrayList<>();
    used.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }

  private static Map<String, Object> entry(CodeVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", Instant.now().toString());
    m.put("codeVersion", v.toString());
    m.put("commit", v.commit());
    m.put("dirty", v.dirty());
    if (v.reason() != null) {
      m.put("reason", v.reason());
    }
    return m;
  }

  private interface Change {
    void apply(Map<String, Object> provenance);
  }

  private static synchronized void update(RunDir run, Change change) {
    Path file = run.root().resolve(FILE);
    Map<String, Object> p = read(file);
    change.apply(p);
    try {
      byte[] json = JSON.writeValueAsBytes(p);
      AtomicFiles.write(file, out -> out.write(json));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) {
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(file.toFile(), LinkedHashMap.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          file + " is not a readable provenance file: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> starts(Map<String, Object> p) {
    return (List<Object>) p.computeIfAbsent("starts", k -> new ArrayList<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stages(Map<String, Object> p) {
    return (Map<String, Object>) p.computeIfAbsent("stages", k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }
}

package org.real2sim.tools.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PyTorch reference's time for a case, measured in the same invocation ({@link #measure}, a
 * command such as {@code ../shared/peer/bench_any.py}) or read from a result file written minutes
 * before ({@link #readFile}). A ratio is only ever printed against one of these.
 *
 * @param source where the time comes from (the command, or the file and its age)
 * @param secondsByThreads the reference's median seconds per iteration for each thread count it ran
 *     with
 */
public record Reference(String source, Map<Integer, Double> secondsByThreads) {

  /** The placeholders a {@code --reference-cmd} template may use. */
  public static final List<String> PLACEHOLDERS =
      List.of("{ngf}", "{blocks}", "{ndf}", "{size}", "{threads}");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the map and checks that it holds at least one positive time. */
  public Reference {
    secondsByThreads = Map.copyOf(new TreeMap<>(secondsByThreads));
    if (secondsByThreads.isEmpty()) {
      throw new IllegalArgumentException("a reference needs at least one time");
    }
    for (var e : secondsByThreads.entrySet()) {
      if (!(e.getValue() > 0)) {
        throw new IllegalArgumentException(
            "reference time with " + e.getKey() + " thread(s) must be > 0, found " + e.getValue());
      }
    }
  }

  /** The fastest of the reference's times. */
  public double best() {
    return secondsByThreads.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** {@code "2 threads 0.040 s, 1 thread 0.045 s"}, fastest marked. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(secondsByThreads)
        .descendingMap()
        .forEach(
            (t, s) ->
                parts.add(
                    String.format(
                        Locale.ROOT, "%d thread%s %.4f s", t, t == 1 ? "" : "s", s.doubleValue())));
    return String.join(", ", parts);
  }

  /**
   * Runs {@code template} for case {@code c} (through {@code bash -c}, placeholders {@link
   * #PLACEHOLDERS} substituted; with {@code {threads}} once per thread count 1 … {@code cores}) and
   * reads the median from the last line of its output: a JSON object with {@code median_s} (what
   * {@code bench_any.py} prints) or a bare number of seconds.
   *
   * @throws IllegalStateException naming the command, its exit code and its last output lines
   */
  public static Reference measure(
      String template, CycleGanCase c, int cores, PrintStream progress) {
    Map<Integer, Double> times = new LinkedHashMap<>();
    List<Integer> threads = new ArrayList<>();
    if (template.contains("{threads}")) {
      for (int t = cores; t >= 1; t--) {
        threads.add(t);
      }
    } else {
      threads.add(0);
    }
    for (int t : threads) {
      String cmd =
          template
              .replace("{ngf}", Integer.toString(c.generator().ngf()))
              .replace("{blocks}", Integer.toString(c.generator().nBlocks()))
              .replace("{ndf}", Integer.toString(c.discriminator().ndf()))
              .replace("{size}", Integer.toString(c.size()))
              .replace("{threads}", Integer.toString(t));
      progress.printf("%s: reference: %s%n", c.name(), cmd);
      double s = runOnce(cmd);
      progress.printf(Locale.ROOT, "%s: reference median %.4f s%n", c.name(), s);
      times.put(t == 0 ? 1 : t, s);
    }
    return new Reference("measured now: " + template, times);
  }

  private static double runOnce(String cmd) {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true);
    List<String> lines = new ArrayList<>();
    int rc;
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      try (InputStream in = p.getInputStream()) {
        String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        out.lines().filter(l -> !l.isBlank()).forEach(lines::add);
      }
      rc = p.waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the reference command '" + cmd + "': " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running '" + cmd + "'", e);
    }
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    if (rc != 0 || lines.isEmpty()) {
      throw new IllegalStateException(
          "the reference command '" + cmd + "' failed (exit code " + rc + "):\n" + tail);
    }
    try {
      return median(lines.get(lines.size() - 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the reference command '" + cmd + "' printed no median: " + e.getMessage(), e);
    }
  }

  /** The median seconds of one result line: JSON with {@code median_s}, or a number. */
  static double median(String line) {
    String t = line.trim();
    if (t.startsWith("{")) {
      try {
        JsonNode n = JSON.readTree(t).get("median_s");
        if (n == null || !n.isNumber()) {
          throw new IllegalArgumentException("no numeric median_s in '" + shorten(t) + "'");
        }
        return n.asDouble();
      } catch (IOException e) {
        throw new IllegalArgumentException("not JSON: '" + shorten(t) + "'", e);
      }
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected JSON with median_s or a number of seconds, found '" + shorten(t) + "'");
    }
  }

  /**
   * Reads {@code bench_any.py train} result lines (JSON objects with {@code ngf}, {@code blocks},
   * {@code ndf}, {@code size}, {@code threads}, {@code median_s}; other lines are ignored) from a
   * file at most {@code maxAge} old, keyed by case name.
   *
   * @throws IllegalArgumentException naming the file when it is older, unreadable or holds no
   *     result
   */
  public static Map<String, Reference> readFile(Path file, Duration maxAge, Instant now) {
    Instant modified;
    List<String> lines;
    try {
      modified = Files.getLastModifiedTime(file).toInstant();
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the reference file " + file + ": " + e, e);
    }
    Duration age = Duration.between(modified, now);
    if (age.compareTo(maxAge) > 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the reference file %s was written %.0f min ago, more than the %d min allowed: measure"
                  + " the reference again (or pass --reference-cmd)",
              file,
              age.toSeconds() / 60.0,
              maxAge.toMinutes()));
    }
    Map<String, Map<Integer, Double>> times = new LinkedHashMap<>();
    for (String line : lines) {
      String t = line.trim();
      if (!t.startsWith("{")) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(t);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "the reference file " + file + " holds a line that is not JSON: '" + shorten(t) + "'");
      }
      if (!n.has("median_s") || !n.has("ngf") || !n.has("blocks") || !n.has("size")) {
        continue;
      }
      String name =
          CycleGanCase.of(
                  n.get("ngf").asInt(),
                  n.get("blocks").asInt(),
                  n.path("ndf").asInt(64),
                  n.get("size").asInt(),
                  0)
              .name();
      times
          .computeIfAbsent(name, k -> new LinkedHashMap<>())
          .merge(n.path("threads").asInt(1), n.get("median_s").asDouble(), Math::min);
    }
    if (times.isEmpty()) {
      throw new IllegalArgumentException(
          "the reference file "
              + file
              + " holds no bench_any.py train result (JSON with median_s)");
    }
    Map<String, Reference> out = new LinkedHashMap<>();
    String source =
        String.format(
            Locale.ROOT, "file %s, written %.0f min before", file, age.toSeconds() / 60.0);
    times.forEach((k, v) -> out.put(k, new Reference(source, v)));
    return out;
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}

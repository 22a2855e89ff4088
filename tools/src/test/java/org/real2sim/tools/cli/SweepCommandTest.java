package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

  @TempDir Path dir;

  @Test
  void usageErrorsNameTheOptionAndTheValue() {
    CommandRun r = real2sim("sweep", "--kind", "alfa", "--runs", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(
        r.err().contains("Unknown sweep kind 'alfa', expected one of [alpha, labeled, both]"));
    r = real2sim("sweep", "--alphas", "0,2", "--runs", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--alphas values must be in [0, 1], found 2.0"), r.err());
    r = real2sim("sweep", "--fractions", "0.1,abc", "--runs", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--fractions entry 'abc' is not a number"), r.err());
    r = real2sim("sweep", "--bogus");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("Unrecognized option: --bogus"), r.err());
    assertEquals(List.of(), listing(dir), "a usage error creates no run directory");
  }

  @Test
  void helpListsTheSweepOptions() {
    CommandRun r = real2sim("sweep", "--help");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("--alphas"), r.out());
    assertTrue(r.out().contains("--fractions"), r.out());
    assertTrue(r.out().contains("alpha|labeled|both"), r.out());
  }

  /**
   * The smoke test: a tiny benchmark (16 px, 16 real training images, 1 epoch everywhere), both
   * sweeps, then the same command again.
   */
  @Test
  void sweepWritesEveryPointAndARerunSkipsThem() throws Exception {
    Path data = dir.resolve("data");
    CommandRun.tinyShapes(data);
    Path runs = dir.resolve("runs");
    String[] args = {
      "sweep",
      "--preset",
      "shapes-tiny",
      "--runs",
      runs.toString(),
      "--name",
      "s",
      "--threads",
      "2",
      "--set",
      "data.synthetic.root=" + data.resolve("synthetic"),
      "--set",
      "data.real.root=" + data.resolve("real"),
      "--set",
      "data.validate=false",
      "--set",
      "stageB.iterationsPerEpoch=4",
      "--set",
      "eval.sampleRows=1",
      "--alphas",
      "0,1",
      "--fractions",
      "0.05,0.25,0.5"
    };
    CommandRun first = real2sim(args);
    assertEquals(0, first.rc(), first.err() + first.out());
    Path root = runs.resolve("s");
    // Points: alpha 0 is the alpha = 0 control, alpha 1 its own folder; 0.25 is the run's own
    // labeled fraction (shapes-tiny), so it reuses taskaware/ and supervised/; 0.05 of 16
    // images selects none.
    for (String stage :
        List.of(
            "alpha0-control",
            "sweep/alpha-1.00",
            "taskaware",
            "supervised",
            "sweep/labeled-0.500/taskaware",
            "sweep/labeled-0.500/supervised")) {
      assertTrue(Files.exists(root.resolve(stage).resolve("done.json")), stage + " not finished");
    }
    assertFalse(Files.exists(root.resolve("sweep/labeled-0.050/taskaware")));

    JsonNode json = new ObjectMapper().readTree(root.resolve("sweep/sweep.json").toFile());
    List<String> csv = Files.readAllLines(root.resolve("sweep/sweep.csv"));
    JsonNode points = json.get("points");
    assertEquals(6, points.size(), json.toString());
    assertEquals(points.size() + 1, csv.size());
    List<String> expectedStages =
        List.of(
            "alpha0-control",
            "sweep/alpha-1.00",
            "taskaware",
            "supervised",
            "sweep/labeled-0.500/taskaware",
            "sweep/labeled-0.500/supervised");
    List<String> stages = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      JsonNode p = points.get(i);
      String[] c = csv.get(i + 1).split(",", -1);
      assertEquals(p.get("kind").asText(), c[0]);
      assertEquals(p.get("count").asInt(), Integer.parseInt(c[3]));
      assertEquals(p.get("method").asText(), c[4]);
      assertEquals(p.get("value").asDouble(), Double.parseDouble(c[6]), 0);
      assertEquals(p.get("bestEpoch").asInt(), Integer.parseInt(c[7]));
      assertEquals(p.get("stage").asText(), c[8]);
      stages.add(p.get("stage").asText());
      // The value is the best validation value of that stage during training: the largest value
      // metrics.jsonl recorded for the stage (an independent record written epoch by epoch).
      assertEquals(bestLogged(root, p.get("stage").asText()), p.get("value").asDouble(), 0);
    }
    assertEquals(expectedStages, stages);
    assertEquals(4, points.get(0).get("count").asInt(), "0.25 of 16 real training images");
    assertEquals(8, points.get(4).get("count").asInt(), "0.5 of 16 real training images");
    assertTrue(points.get(5).get("alpha").isNull(), "M3 has no alpha");
    assertEquals(0.8, points.get(4).get("alpha").asDouble(), 0, "labeled points use stageC.alpha");
    JsonNode skip = json.get("skipped").get(0);
    assertEquals(0.05, skip.get("value").asDouble(), 0);
    assertTrue(skip.get("reason").asText().contains("selects none"), skip.toString());

    // Nested subsets: the 0.5 subset contains the run's 0.25 subset.
    Set<String> small = paths(root.resolve("labeled_subset.txt"));
    Set<String> large = paths(root.resolve("sweep/labeled-0.500/labeled_subset.txt"));
    assertEquals(4, small.size());
    assertEquals(8, large.size());
    assertTrue(large.containsAll(small), large + " does not contain " + small);

    byte[] before = Files.readAllBytes(root.resolve("sweep/sweep.json"));
    CommandRun second = real2sim(args);
    assertEquals(0, second.rc(), second.err());
    assertFalse(second.out().contains("epoch 1/1:"), "a finished point was trained again");
    for (String stage : expectedStages) {
      assertTrue(
          second.out().contains(stage + ": finished earlier"),
          stage + " not skipped:\n" + second.out());
    }
    assertArrayEquals(before, Files.readAllBytes(root.resolve("sweep/sweep.json")));

    // A point that fails (here: an unfinished point without --resume) is recorded as skipped,
    // the other points stay, the exit code is 1; the next invocation retries it.
    Files.delete(root.resolve("sweep/alpha-1.00/done.json"));
    CommandRun third = real2sim(args);
    assertEquals(1, third.rc(), third.out());
    assertTrue(third.err().contains("1 sweep point(s) failed"), third.err());
    assertTrue(third.err().contains("[sweep/alpha-1.00]"), third.err());
    JsonNode failed = new ObjectMapper().readTree(root.resolve("sweep/sweep.json").toFile());
    assertEquals(5, failed.get("points").size());
    JsonNode skipped = failed.get("skipped");
    assertEquals("sweep/alpha-1.00", skipped.get(0).get("stage").asText(), skipped.toString());
    assertTrue(skipped.get(0).get("reason").asText().contains("--resume"), skipped.toString());
    assertEquals("sweep/labeled-0.050", skipped.get(1).get("stage").asText(), skipped.toString());
    List<String> fourthArgs = new ArrayList<>(List.of(args));
    fourthArgs.add("--resume");
    CommandRun fourth = real2sim(fourthArgs.toArray(String[]::new));
    assertEquals(0, fourth.rc(), fourth.err());
    assertArrayEquals(before, Files.readAllBytes(root.resolve("sweep/sweep.json")));
  }

  private static double bestLogged(Path root, String stage) throws Exception {
    double best = Double.NEGATIVE_INFINITY;
    ObjectMapper m = new ObjectMapper();
    for (String line : Files.readAllLines(root.resolve("metrics.jsonl"))) {
      JsonNode e = m.readTree(line);
      if (e.get("stage").asText().equals(stage)) {
        best = Math.max(best, e.get("value").asDouble());
      }
    }
    return best;
  }

  private static Set<String> paths(Path subset) throws Exception {
    Set<String> out = new HashSet<>();
    for (String l : Files.readAllLines(subset)) {
      if (!l.isBlank() && !l.startsWith("#")) {
        out.add(l.strip());
      }
    }
    return out;
  }

  private static List<String> listing(Path d) {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

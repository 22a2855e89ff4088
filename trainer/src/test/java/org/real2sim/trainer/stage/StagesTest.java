package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.Names;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.nn.Weights;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.CodeVersion;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.run.RunProvenance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagesTest {

  @TempDir static Path tmp;
  private RunConfig config;
  private List<Evaluation.Row> rows;

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static List<Evaluation.Row> run(RunConfig c, Path runs) {
    try (TrainContext ctx = new TrainContext(c, RunDir.of(runs, c.name()), quiet(), false)) {
      return Stages.runAll(ctx);
    }
  }

  @BeforeAll
  void trainOnce() {
    Path data = TinyData.classification(tmp.resolve("data"), 6);
    config = TinyData.build(TinyData.classificationConfig(data).set("name=one"));
    rows = run(config, tmp.resolve("runs"));
  }

  @Test
  void tinyRunTrainsEveryStageAndReportsEveryMethod() throws Exception {
    assertEquals(
        List.of("in-domain", "M2", "M1", "alpha0-control", "M3", "ours"),
        rows.stream().map(r -> r.method().id()).toList());
    for (Evaluation.Row r : rows) {
      assertTrue(r.score().value() >= 0 && r.score().value() <= 1, r.toString());
      assertEquals(18, r.score().images());
    }
    Path root = tmp.resolve("runs/one");
    for (String f :
        List.of(
            "config.json", "config.txt", "labeled_subset.txt", "metrics.jsonl", "results.json")) {
      assertTrue(Files.exists(root.resolve(f)), f);
    }
    for (String stage :
        List.of(
            "expert",
            "cyclegan",
            "cyclegan-continued",
            "taskaware",
            "alpha0-control",
            "supervised")) {
      assertTrue(Files.exists(root.resolve(stage).resolve(StageState.DONE)), stage);
      assertTrue(
          Files.exists(CheckpointFolder.resolve(root.resolve(stage), CheckpointFolder.BEST)),
          stage);
    }
    // labeledFraction 0.25 of the 18 real training images selects floor(4.5) = 4.
    assertEquals(
        4,
        Files.readAllLines(root.resolve("labeled_subset.txt")).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .count());
    List<MetricsLog.Entry> log = MetricsLog.read(root.resolve("metrics.jsonl"));
    assertEquals(2, log.stream().filter(e -> e.stage().equals("cyclegan")).count());
    List<String> evaluated =
        log.stream()
            .filter(e -> e.stage().equals("evaluate"))
            .map(MetricsLog.Entry::method)
            .toList();
    assertEquals(
        List.of("in-domain", "M2", "M1", "alpha0-control", "M3", "ours"),
        evaluated.subList(0, 6),
        evaluated.toString());
    // The code version is recorded when the run starts and when each stage starts training.
    String version = CodeVersion.current().toString();
    Map<String, String> trained = RunProvenance.stageVersions(root);
    for (String stage :
        List.of(
            "expert",
            "cyclegan",
            "cyclegan-continued",
            "taskaware",
            "alpha0-control",
            "supervised")) {
      assertEquals(version, trained.get(stage), stage + " in " + trained);
    }
    // One TensorBoard run folder per stage, each with its own event file.
    for (String stage :
        List.of(
            "expert",
            "cyclegan",
            "cyclegan-continued",
            "taskaware",
            "alpha0-control",
            "supervised")) {
      try (Stream<Path> s = Files.list(root.resolve("events").resolve(stage))) {
        assertTrue(
            s.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")), stage);
      }
    }
    try (Stream<Path> s = Files.list(root.resolve("events"))) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")),
          "no event file outside the stage folders");
    }
    try (Stream<Path> s = Files.list(root.resolve("samples"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("taskaware_epoch")));
    }
    // Stage c checkpoints hold the generators and discriminators, never the expert.
    Map<String, Weights> gan =
        Checkpoints.read(CheckpointFolder.resolve(root.resolve("taskaware"), "best"));
    assertTrue(gan.keySet().stream().noneMatch(k -> k.startsWith(Names.EXPERT + "/")));
    assertTrue(gan.keySet().stream().anyMatch(k -> k.startsWith(Names.G_RS + "/")));
  }

  @Test
  void runningAgainSkipsFinishedStagesAndGivesTheSameTable() {
    List<Evaluation.Row> again = run(config, tmp.resolve("runs"));
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(
          rows.get(i).score().value(), again.get(i).score().value(), rows.get(i).method().id());
    }
  }

  @Test
  void sameConfigAndSeedGiveTheSameWeightsAndMetrics() throws Exception {
    RunConfig two =
        TinyData.build(TinyData.classificationConfig(tmp.resolve("data")).set("name=two"));
    List<Evaluation.Row> r2 = run(two, tmp.resolve("runs"));
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(
          rows.get(i).score().value(), r2.get(i).score().value(), rows.get(i).method().id());
    }
    for (String stage : List.of("expert", "cyclegan", "taskaware", "supervised")) {
      Map<String, Weights> wa =
          Checkpoints.read(
              CheckpointFolder.resolve(tmp.resolve("runs/one").resolve(stage), "latest"));
      Map<String, Weights> wb =
          Checkpoints.read(
              CheckpointFolder.resolve(tmp.resolve("runs/two").resolve(stage), "latest"));
      assertEquals(wa, wb, stage + " weights differ between two runs with one seed");
    }
  }

  private static int evaluate(String... args) {
    return org.real2sim.trainer.cli.EvaluateCommand.run(args, quiet(), quiet());
  }

  @Test
  void evaluatingOnAnotherSetWritesItsOwnResultsAndLeavesTheRunAlone() throws Exception {
    Path root = tmp.resolve("runs/one");
    Path other = tmp.resolve("other-real");
    Path real = tmp.resolve("data/real");
    try (Stream<Path> files = Files.walk(real)) {
      for (Path f : files.toList()) {
        Path to = other.resolve(real.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    byte[] config = Files.readAllBytes(root.resolve("config.json"));
    byte[] results = Files.readAllBytes(root.resolve("results.json"));
    byte[] metrics = Files.readAllBytes(root.resolve("metrics.jsonl"));
    String[] args = {
      "--runs",
      tmp.resolve("runs").toString(),
      "--config",
      root.resolve("config.json").toString(),
      "--set",
      "data.real.root=" + other,
      "--methods",
      "M2,ours"
    };
    assertEquals(0, evaluate(args));
    List<Path> own;
    try (Stream<Path> s = Files.list(root)) {
      own = s.filter(p -> p.getFileName().toString().startsWith("results-")).toList();
    }
    assertEquals(1, own.size(), own.toString());
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(own.get(0).toFile());
    assertEquals(other.toString(), json.get("validation").get("root").asText());
    assertEquals(2, json.get("methods").size());
    assertArrayEquals(config, Files.readAllBytes(root.resolve("config.json")), "config.json");
    assertArrayEquals(results, Files.readAllBytes(root.resolve("results.json")), "results.json");
    assertArrayEquals(metrics, Files.readAllBytes(root.resolve("metrics.jsonl")), "metrics");
    // Another training setting is still refused, and config.json is left as it was.
    String[] changed = {
      "--runs",
      tmp.resolve("runs").toString(),
      "--config",
      root.resolve("config.json").toString(),
      "--set",
      "stageB.epochs=3"
    };
    assertEquals(2, evaluate(changed));
    assertArrayEquals(config, Files.readAllBytes(root.resolve("config.json")), "config.json");
  }
}

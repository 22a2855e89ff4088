package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.Names;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.run.RunDir;

/**
 * Stage a through the data-parallel path on two virtual CPU devices (the equality with one device
 * is tested in tf-models' DataParallelTest; this checks the trainer's call site and its events).
 */
class DataParallelStageTest {

  @AfterEach
  void backToOneCpu() {
    System.clearProperty(TfSessions.CPU_REPLICAS_PROPERTY);
    TfSessions.useDevice("cpu");
  }

  @Test
  void stageATrainsOnTwoVirtualCpuReplicas(@TempDir Path tmp) throws Exception {
    System.setProperty(TfSessions.CPU_REPLICAS_PROPERTY, "2");
    TfSessions.useDevice("cpu");
    Path data = TinyData.classification(tmp.resolve("data"), 4);
    RunConfig c = TinyData.classificationConfig(data).set("name=dp").build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (TrainContext ctx = new TrainContext(c, RunDir.of(tmp.resolve("runs"), "dp"), out, false)) {
      Dataset s = ctx.synthetic();
      SupervisedTrainer.train(
          ctx,
          new SupervisedTrainer.Job(
              "expert",
              Names.EXPERT,
              "in-domain",
              s,
              s.samples("train"),
              s,
              s.samples("val"),
              ctx.config().stageA(),
              1,
              0,
              5,
              1e-3));
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.contains("expert: 2 data-parallel replicas on /device:CPU:0, /device:CPU:1"), text);
    assertTrue(text.matches("(?s).*expert epoch 1/1: loss \\d+\\.\\d+.*"), text);
    assertTrue(Files.exists(tmp.resolve("runs/dp/expert").resolve(StageState.DONE)));
    // The event writer's session runs with the same two-CPU configuration.
    try (var files = Files.walk(tmp.resolve("runs/dp/events"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out")));
    }
  }
}

package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.Names;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.RunDir;

class NanTest {

  @Test
  void aNonFiniteLossStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp)
      throws Exception {
    Path data = TinyData.classification(tmp.resolve("data"), 4);
    RunConfig c = TinyData.classificationConfig(data).set("name=nan").build();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path stage = tmp.resolve("runs/nan/expert");
    try (TrainContext ctx =
        new TrainContext(c, RunDir.of(tmp.resolve("runs"), "nan"), quiet, false)) {
      SupervisedTrainer.train(ctx, job(ctx, 1, 1e-3));
    }
    // Reopen the finished epoch as an unfinished run and go on with an absurd learning rate.
    Files.delete(stage.resolve(StageState.DONE));
    Path good = CheckpointFolder.resolve(stage, CheckpointFolder.LATEST);
    var before = Checkpoints.read(good, Names.EXPERT);
    try (TrainContext ctx =
        new TrainContext(c, RunDir.of(tmp.resolve("runs"), "nan"), quiet, true)) {
      TrainingException e =
          assertThrows(
              TrainingException.class, () -> SupervisedTrainer.train(ctx, job(ctx, 3, 1e30)));
      assertTrue(
          e.getMessage()
              .matches("(?s)stage expert, epoch 2, step \\d+: loss_expert is (NaN|-?Infinity).*"),
          e.getMessage());
      assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
    }
    assertEquals(
        good, CheckpointFolder.resolve(stage, CheckpointFolder.LATEST), "latest must not move");
    assertEquals(before, Checkpoints.read(good, Names.EXPERT), "the good checkpoint changed");
    assertFalse(Files.exists(stage.resolve(StageState.DONE)));
  }

  private static SupervisedTrainer.Job job(TrainContext ctx, int epochs, double lr) {
    Dataset s = ctx.synthetic();
    return new SupervisedTrainer.Job(
        "expert",
        Names.EXPERT,
        "in-domain",
        s,
        s.samples("train"),
        s,
        s.samples("val"),
        ctx.config().stageA(),
        epochs,
        0,
        4,
        lr);
  }
}

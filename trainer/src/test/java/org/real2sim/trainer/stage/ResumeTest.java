package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.nn.Weights;
import org.real2sim.trainer.cli.RunCommand;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.RunDir;

/**
 * Kills a training process in the middle of stage b, resumes it, and checks that it ends exactly
 * where an uninterrupted run ends.
 */
class ResumeTest {

  /** Entry point of the child process: {@code real2sim run} with the given arguments. */
  public static void main(String[] args) {
    System.exit(RunCommand.run(args, System.out, System.err));
  }

  private static ConfigLoader config(Path data) {
    return TinyData.classificationConfig(data)
        .set("stageA.epochs=1")
        .set("stageB.epochs=4")
        .set("stageB.iterationsPerEpoch=24")
        .set("stageC.epochs=1")
        .set("stageB.continueEpochs=0")
        .set("stageC.baselineAlphaZero=false")
        .set("supervised.epochs=1");
  }

  @Test
  void killedMidEpochAndResumedEndsLikeAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path data = TinyData.classification(tmp.resolve("data"), 4);
    Path runs = tmp.resolve("runs");

    RunConfig straight = config(data).set("name=straight").build();
    List<Evaluation.Row> expected;
    try (TrainContext ctx =
        new TrainContext(straight, RunDir.of(runs, "straight"), quiet(), false)) {
      expected = Stages.runAll(ctx);
    }

    // The same configuration in a child JVM, killed once stage b has a checkpoint and is mid-epoch.
    Path configFile = tmp.resolve("killed.json");
    RunConfig killedConfig = config(data).set("name=killed").build();
    Files.writeString(configFile, ConfigLoader.mapper().writeValueAsString(killedConfig));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ResumeTest.class.getName()));
    cmd.addAll(List.of("--config", configFile.toString(), "--runs", runs.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process child = pb.start();
    Path latest = runs.resolve("killed/cyclegan/latest");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.exists(latest) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(
        child.isAlive(),
        "the child ended before stage b saved a checkpoint:\n"
            + Files.readString(tmp.resolve("child.log")));
    Thread.sleep(300); // into the next epoch
    child.destroyForcibly().waitFor();
    assertFalse(
        Files.exists(runs.resolve("killed/cyclegan").resolve(StageState.DONE)),
        "stage b finished before the kill; the test needs a longer epoch");

    List<Evaluation.Row> resumed;
    try (TrainContext ctx =
        new TrainContext(killedConfig, RunDir.of(runs, "killed"), quiet(), true)) {
      resumed = Stages.runAll(ctx);
    }
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(
          expected.get(i).score().value(),
          resumed.get(i).score().value(),
          expected.get(i).method().id());
    }
    for (String stage : List.of("cyclegan", "taskaware")) {
      Map<String, Weights> a =
          Checkpoints.read(
              CheckpointFolder.resolve(runs.resolve("straight").resolve(stage), "latest"));
      Map<String, Weights> b =
          Checkpoints.read(
              CheckpointFolder.resolve(runs.resolve("killed").resolve(stage), "latest"));
      assertEquals(a, b, stage + ": resumed weights differ from the uninterrupted run");
    }
  }

  @Test
  void anUnfinishedStageIsNotOverwrittenWithoutResume(@TempDir Path tmp) throws Exception {
    Path data = TinyData.classification(tmp.resolve("data"), 3);
    RunConfig c = config(data).set("name=r").set("stageB.epochs=2").build();
    Path runs = tmp.resolve("runs");
    try (TrainContext ctx = new TrainContext(c, RunDir.of(runs, "r"), quiet(), false)) {
      Stages.expert(ctx);
      Stages.cycleGan(ctx);
    }
    // Pretend stage b was interrupted: remove its done marker.
    Files.delete(runs.resolve("r/cyclegan").resolve(StageState.DONE));
    try (TrainContext ctx = new TrainContext(c, RunDir.of(runs, "r"), quiet(), false)) {
      TrainingException e = assertThrows(TrainingException.class, () -> Stages.cycleGan(ctx));
      assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}

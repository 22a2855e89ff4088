package org.real2sim.trainer.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCliTest {

  private record Out(int rc, String out, String err) {}

  interface Cmd {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static Out run(Cmd c, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc =
        c.run(
            args,
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  private static final List<Cmd> ALL =
      List.of(
          RunCommand::run,
          TrainExpertCommand::run,
          TrainCycleGanCommand::run,
          TrainTaskAwareCommand::run,
          TrainSupervisedCommand::run,
          EvaluateCommand::run);

  @Test
  void everyCommandHasHelpAndRejectsUnknownOptions() {
    for (Cmd c : ALL) {
      Out h = run(c, "--help");
      assertEquals(0, h.rc());
      assertTrue(h.out().contains("--preset") && h.out().contains("--set"), h.out());
      Out bad = run(c, "--bogus");
      assertEquals(2, bad.rc());
      assertTrue(bad.err().contains("bogus"), bad.err());
    }
  }

  @Test
  void configErrorsAreUsageErrorsNamingTheField(@TempDir Path tmp) {
    Out alpha = run(RunCommand::run, "--runs", tmp.toString(), "--set", "stageC.alpha=2");
    assertEquals(2, alpha.rc());
    assertTrue(alpha.err().contains("stageC.alpha must be in [0.0, 1.0], found 2.0"), alpha.err());
    Out key = run(RunCommand::run, "--runs", tmp.toString(), "--set", "stageB.epoch=2");
    assertEquals(2, key.rc());
    assertTrue(key.err().contains("did you mean 'epochs'"), key.err());
    Out preset = run(RunCommand::run, "--runs", tmp.toString(), "--preset", "nope");
    assertEquals(2, preset.rc());
    assertTrue(preset.err().contains("shapes-quick"), preset.err());
  }

  @Test
  void missingDataAndMissingStagesFailWithWhatToDo(@TempDir Path tmp) {
    Out data =
        run(
            TrainExpertCommand::run,
            "--runs",
            tmp.toString(),
            "--preset",
            "shapes-tiny",
            "--set",
            "data.synthetic.root=" + tmp.resolve("nowhere"));
    assertEquals(1, data.rc());
    assertTrue(data.err().contains("nowhere"), data.err());
    Out stage =
        run(
            TrainCycleGanCommand::run,
            "--runs",
            tmp.toString(),
            "--preset",
            "shapes-tiny",
            "--set",
            "data.validate=false",
            "--set",
            "data.synthetic.root=" + tmp.resolve("nowhere"));
    assertEquals(1, stage.rc());
  }

  @Test
  void aRunDirectoryRefusesAnotherConfiguration(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("r");
    Files.createDirectories(dir);
    org.real2sim.trainer.config.ConfigText.write(
        new org.real2sim.trainer.config.ConfigLoader().set("name=r").build(), dir);
    Out o =
        run(
            EvaluateCommand::run,
            "--runs",
            tmp.toString(),
            "--name",
            "r",
            "--set",
            "stageB.epochs=3");
    assertEquals(2, o.rc());
    assertTrue(o.err().contains("stageB.epochs"), o.err());
  }

  @Test
  void configShowPrintsTheEffectiveConfigurationWithDefaultsAndHelp() {
    Out o =
        run(
            ConfigCommand::run,
            "--show",
            "--preset",
            "synthia-cityscapes",
            "--set",
            "stageC.alpha=0.7");
    assertEquals(0, o.rc(), o.err());
    assertTrue(o.out().contains("* stageC.alpha = 0.7   (number, default 0.8)"), o.out());
    assertTrue(o.out().contains("* stageA.cropWidth = 1024   (integer, default 0)"), o.out());
    assertTrue(o.out().contains("* stageB.continueEpochs = 125") == false, o.out());
    assertTrue(o.out().contains("  stageB.continueEpochs = 125   (integer, default 125)"), o.out());
    assertTrue(o.out().contains("M1 as in the paper"), "descriptions are printed");
    Out bad = run(ConfigCommand::run, "--show", "--set", "stageB.epochs=abc");
    assertEquals(2, bad.rc());
    assertTrue(bad.err().contains("stageB.epochs takes an integer"), bad.err());
    Out help = run(RunCommand::run, "--help");
    assertTrue(help.out().contains("real2sim config"), help.out());
  }

  @Test
  void alphaOptionSetsStageCAlphaInEitherSpelling(@TempDir Path tmp) throws Exception {
    for (String[] alpha : List.of(new String[] {"--alpha=0.5"}, new String[] {"--alpha", "0.5"})) {
      Path runs = tmp.resolve("runs" + alpha.length);
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "--runs",
                  runs.toString(),
                  "--preset",
                  "shapes-tiny",
                  "--set",
                  "data.real.root=" + tmp.resolve("nowhere")));
      args.addAll(List.of(alpha));
      Out o = run(TrainTaskAwareCommand::run, args.toArray(String[]::new));
      assertEquals(1, o.rc(), "no data: " + o.err());
      String json = Files.readString(runs.resolve("tiny/config.json"));
      assertTrue(json.contains("\"alpha\" : 0.5"), json);
    }
  }
}

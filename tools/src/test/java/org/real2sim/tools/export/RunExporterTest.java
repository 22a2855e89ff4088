package org.real2sim.tools.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.pipeline.ExportResult;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.trainer.run.CodeVersion;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.run.RunProvenance;

class RunExporterTest {

  @Test
  void runIsExportedWithItsClassesMetricsAndValidationImages(@TempDir Path dir) throws Exception {
    Path run = TinyRun.create(dir);
    // What training recorded (provenance.json) is what the bundle names, not the exporter's commit.
    CodeVersion trained = new CodeVersion("c0de".repeat(10), true, null);
    RunProvenance.recordStage(new RunDir(run), "expert", trained);
    RunProvenance.recordStage(new RunDir(run), "taskaware", trained);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    RunExporter.Report r =
        RunExporter.export(run, null, ExportOptions.defaults(), new PrintStream(log, true));

    ExportResult x = r.result();
    assertEquals(run.resolve("bundle"), x.bundle());
    assertTrue(x.parity().passed(), x.parity().summary());
    assertEquals(
        6 + 4 * 2, x.parity().images(), "6 validation images, 2 of them at 4 full sizes each");
    assertTrue(r.samples().contains("real validation image"), r.samples());
    assertEquals(run.resolve("taskaware").resolve("ckpt-00000001"), r.generatorCheckpoint());
    BundleManifest m = BundleManifest.read(run.resolve("bundle"));
    assertEquals(TinyRun.CLASSES, m.classes());
    assertEquals(3, m.palette().size());
    assertEquals(InputPolicy.any(), m.inputPolicy());
    assertEquals(16, m.preprocessing().height());
    assertEquals(16, m.preprocessing().width());
    assertEquals(0.625, m.provenance().metrics().get("ours").get("accuracy"));
    assertEquals(1L, m.provenance().seed());
    assertEquals("fixture", m.provenance().config().get("name"));
    assertEquals("git:" + "c0de".repeat(10) + "-dirty", m.provenance().codeVersion());
    try (Pipeline p = Pipeline.open(run.resolve("bundle"), Options.defaults().translated(true))) {
      ClassificationResult c = p.classify(new RgbImage(40, 24, new byte[40 * 24 * 3]));
      assertTrue(c.classId() >= 0 && c.classId() < 3);
      assertEquals(16, c.translated().orElseThrow().height(), "resized to the training size");
    }
  }

  @Test
  void runWithoutRecordedVersionIsUnknownNotTheExportersCommit(@TempDir Path dir) throws Exception {
    Path run = TinyRun.create(dir);
    String v = BundleProvenance.trainedCodeVersion(new RunDir(run), "taskaware");
    assertTrue(
        v.startsWith("unknown (the run records no training code version; exported with "), v);
  }

  @Test
  void expertPartNeedsNoGeneratorCheckpointAndMultiplePolicyFollowsTheGraph(@TempDir Path dir)
      throws Exception {
    Path run = TinyRun.create(dir);
    Files.walk(run.resolve("taskaware"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    ExportOptions o =
        new ExportOptions(
            BundlePart.EXPERT,
            "taskaware",
            false,
            17,
            2,
            ExportOptions.PolicyMode.MULTIPLE,
            64,
            1,
            true);

    RunExporter.Report r =
        RunExporter.export(run, dir.resolve("m2"), o, new PrintStream(new ByteArrayOutputStream()));

    assertEquals(BundlePart.EXPERT, r.result().manifest().part());
    assertEquals(
        InputPolicy.multipleOf(1, 1, 64, InputPolicy.OnMismatch.RESIZE),
        r.result().manifest().inputPolicy());
    ExportException e =
        assertThrows(
            ExportException.class,
            () ->
                RunExporter.export(
                    run,
                    dir.resolve("p"),
                    ExportOptions.defaults(),
                    new PrintStream(new ByteArrayOutputStream())));
    assertTrue(
        e.getMessage().contains("'taskaware'") && e.getMessage().contains("has not finished"),
        e.getMessage());
  }

  @Test
  void missingDataFallsBackToSeededImagesAndResultsClasses(@TempDir Path dir) throws Exception {
    Path run = TinyRun.create(dir);
    Files.walk(dir.resolve("data"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    RunExporter.Report r =
        RunExporter.export(run, null, ExportOptions.defaults(), new PrintStream(log, true));

    assertTrue(r.samples().contains("8 seeded random image(s) of 16x16"), r.samples());
    assertEquals(TinyRun.CLASSES, r.result().manifest().classes());
    assertTrue(log.toString().contains("not readable"), log.toString());
  }

  @Test
  void aStageWithoutDoneJsonIsNotExported(@TempDir Path dir) throws Exception {
    Path run = TinyRun.create(dir);
    Files.delete(run.resolve("taskaware").resolve("done.json"));
    ExportException e =
        assertThrows(
            ExportException.class,
            () ->
                RunExporter.export(
                    run,
                    null,
                    ExportOptions.defaults(),
                    new PrintStream(new ByteArrayOutputStream(), true)));
    assertTrue(
        e.getMessage().contains("stage 'taskaware' has not finished")
            && e.getMessage().contains("done.json"),
        e.getMessage());
    assertTrue(!Files.exists(run.resolve("bundle")), "nothing published");
  }
}

package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  @TempDir Path dir;

  @Test
  void generatesASmallShapesBenchmark() {
    Path out = dir.resolve("b");
    CommandRun r =
        real2sim(
            "generate",
            "--benchmark",
            "shapes",
            "--out",
            out.toString(),
            "--count",
            "10",
            "--val-count",
            "10",
            "--size",
            "16",
            "--threads",
            "1");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("wrote 40 images (16x16, seed 0)"), r.out());
    assertTrue(Files.isRegularFile(out.resolve("benchmark.json")));
    assertTrue(Files.isRegularFile(out.resolve("real/val/disc/disc_00003.jpg")));
  }

  @Test
  void usageErrorsNameTheOptionAndTheChoices() {
    CommandRun r = real2sim("generate", "--benchmark", "street", "--out", dir.toString());
    assertEquals(2, r.rc());
    assertTrue(
        r.err().contains("Unknown benchmark 'street', expected one of [shapes, streets]"), r.err());
    r = real2sim("generate", "--benchmark", "streets");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--out is required"), r.err());
    r = real2sim("generate", "--benchmark", "streets", "--out", dir.toString(), "--size", "33");
    assertEquals(2, r.rc());
    assertTrue(
        r.err().contains("--size for streets must be an even width 32..2048, found 33"), r.err());
    r = real2sim("generate", "--benchmark", "shapes", "--out", dir.toString(), "--seed", "x");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--seed must be an integer, found 'x'"), r.err());
  }

  @Test
  void aNonEmptyOutputFolderIsAFailure() throws Exception {
    Files.writeString(dir.resolve("other.txt"), "x");
    CommandRun r =
        real2sim(
            "generate",
            "--benchmark",
            "shapes",
            "--out",
            dir.toString(),
            "--count",
            "1",
            "--val-count",
            "1");
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("is not empty"), r.err());
  }

  @Test
  void helpListsEveryOption() {
    CommandRun r = real2sim("generate", "--help");
    assertEquals(0, r.rc());
    for (String o : GenerateCommand.optionNames()) {
      assertTrue(r.out().contains("--" + o), o);
    }
  }
}

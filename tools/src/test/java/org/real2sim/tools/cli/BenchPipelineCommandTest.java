package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPipelineCommandTest {

  @TempDir Path dir;

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return Real2Sim.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void parsesSizesAndThreadLists() throws Exception {
    BenchPipelineCommand.Args a =
        BenchPipelineCommand.parse(new String[] {"--sizes", "64, 1024x512", "--threads", "1,2,4"});
    assertArrayEquals(new int[] {64, 64}, a.sizes().get(0));
    assertArrayEquals(new int[] {1024, 512}, a.sizes().get(1));
    assertEquals(java.util.List.of(1, 2, 4), a.threads());
    assertEquals(32, a.images());
    assertEquals(500, a.windowMs());
  }

  @Test
  void badValuesAreUsageErrors() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, run(out, err, "bench-pipeline", "--sizes", "64x"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sizes"), err.toString());
    err.reset();
    assertEquals(2, run(out, err, "bench-pipeline", "--threads", "0"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("--threads needs positive integers, found '0'"));
  }

  @Test
  void runsATinyBenchmarkAndPrintsTheTable() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path work = dir.resolve("w");
    int rc =
        run(
            out,
            err,
            "bench-pipeline",
            "--sizes",
            "32x16",
            "--threads",
            "1",
            "--images",
            "4",
            "--window-ms",
            "1",
            "--work",
            work.toString());
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("| 32x16 | 1 |"), text);
    assertTrue(Files.isRegularFile(work.resolve("32x16/classes.json")), "kept in --work");
  }
}

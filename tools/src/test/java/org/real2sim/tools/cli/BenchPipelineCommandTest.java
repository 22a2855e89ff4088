package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPipelineCommandTest {

  @TempDir Path dir;

  @Test
  void parsesSizesAndThreadLists() throws Exception {
    BenchPipelineCommand.Args a =
        BenchPipelineCommand.parse(new String[] {"--sizes", "64, 512x1024", "--threads", "1,2,4"});
    assertArrayEquals(new int[] {64, 64}, a.sizes().get(0));
    // Read height x width (512 rows of 1024), held as {width, height} by the benchmark.
    assertArrayEquals(new int[] {1024, 512}, a.sizes().get(1));
    assertEquals(java.util.List.of(1, 2, 4), a.threads());
    assertEquals(32, a.images());
    assertEquals(500, a.windowMs());
  }

  @Test
  void badValuesAreUsageErrors() {
    CommandRun r = real2sim("bench-pipeline", "--sizes", "64x");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--sizes"), r.err());
    r = real2sim("bench-pipeline", "--threads", "0");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--threads needs positive integers, found '0'"), r.err());
  }

  @Test
  void runsATinyBenchmarkAndPrintsTheTable() throws Exception {
    Path work = dir.resolve("w");
    CommandRun r =
        real2sim(
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
    assertEquals(0, r.rc(), r.err());
    String text = r.out();
    assertTrue(text.contains("| 32x16 | 1 |"), text);
    assertTrue(Files.isRegularFile(work.resolve("32x16/classes.json")), "kept in --work");
  }
}

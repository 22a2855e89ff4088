package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import org.junit.jupiter.api.Test;

class SoakCommandTest {

  @Test
  void shortSoakOnAGeneratedBundlePrintsSamplesAndAVerdict() {
    CommandRun r =
        real2sim(
            "soak",
            "--iterations",
            "200",
            "--every",
            "100",
            "--warmup",
            "5",
            "--size",
            "8x8",
            "--max-growth-mb",
            "1024");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("generated a tiny bundle"), r.out());
    assertTrue(r.out().matches("(?s).*\\n +200 +[0-9.]+ +[0-9.]+ +[0-9.]+\\n.*"), r.out());
    assertTrue(r.out().contains("limit 1024.0 MB") && r.out().contains(": flat"), r.out());
  }

  @Test
  void badOptionsAreUsageErrors() {
    CommandRun r = real2sim("soak", "--iterations", "0");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--iterations must be >= 1, found 0"), r.err());
    r = real2sim("soak", "--size", "8by8");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--size needs HxW"), r.err());
  }
}

package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoakCommandTest {

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Real2Sim.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(rc),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void shortSoakOnAGeneratedBundlePrintsSamplesAndAVerdict() {
    String[] r =
        run(
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
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("generated a tiny bundle"), r[1]);
    assertTrue(r[1].matches("(?s).*\\n +200 +[0-9.]+ +[0-9.]+ +[0-9.]+\\n.*"), r[1]);
    assertTrue(r[1].contains("limit 1024.0 MB") && r[1].contains(": flat"), r[1]);
  }

  @Test
  void badOptionsAreUsageErrors() {
    String[] r = run("soak", "--iterations", "0");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--iterations must be >= 1, found 0"), r[2]);
    r = run("soak", "--size", "8by8");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--size needs HxW"), r[2]);
  }
}

package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class BenchInferenceCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Real2Sim.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  @Test
  void usageErrorsExitWith2AndNameTheChoices() {
    assertEquals(2, run("bench-inference", "--preset", "huge"));
    assertTrue(err.toString().contains("[quick, paper]"), err.toString());
    assertEquals(2, run("bench-inference", "--size", "7x7"));
    assertTrue(err.toString().contains("64x64, 256x128, 512x256"), err.toString());
    assertEquals(2, run("bench-inference", "--case", "faces"));
    assertEquals(2, run("bench-inference", "--threads", "0"));
    assertEquals(0, run("bench-inference", "--help"));
    assertTrue(out.toString().contains("--iterations"), out.toString());
  }
}

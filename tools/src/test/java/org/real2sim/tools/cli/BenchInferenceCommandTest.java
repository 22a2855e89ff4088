package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import org.junit.jupiter.api.Test;

class BenchInferenceCommandTest {

  @Test
  void usageErrorsExitWith2AndNameTheChoices() {
    CommandRun r = real2sim("bench-inference", "--preset", "huge");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("[quick, paper]"), r.err());
    r = real2sim("bench-inference", "--size", "7x7");
    assertEquals(2, r.rc());
    assertTrue(
        r.err().contains("(height x width); the cases have [64x64, 128x256, 256x512]"), r.err());
    assertEquals(2, real2sim("bench-inference", "--case", "faces").rc());
    assertEquals(2, real2sim("bench-inference", "--threads", "0").rc());
    r = real2sim("bench-inference", "--help");
    assertEquals(0, r.rc());
    assertTrue(r.out().contains("--iterations"), r.out());
  }
}

package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageStateTest {

  @Test
  void skippedLineNamesTheStageAndItsBestEpoch() {
    Locale before = Locale.getDefault(Locale.Category.FORMAT);
    try {
      Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
      StageState s = new StageState("expert", 14, 700, "accuracy", 0.912, 12, 0.9, 61.5);
      assertEquals(
          "expert-a: finished earlier (best accuracy 0.9120 at epoch 12), skipping"
              + System.lineSeparator(),
          s.skippedLine("expert-a"));
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, before);
    }
  }

  @Test
  void doneStateRoundTripsThroughItsFile(@TempDir Path dir) throws Exception {
    StageState s =
        StageState.start("cyclegan", "accuracy").afterEpoch(10, 0.5, 2.0).afterEpoch(20, 0.25, 3);
    assertEquals(1, s.bestEpoch());
    assertEquals(0.5, s.bestValue());
    assertEquals(0.25, s.lastValue());
    s.write(dir.resolve(StageState.DONE));
    assertEquals(s, StageState.done(dir).orElseThrow());
  }
}

package org.real2sim.trainer.util;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong();

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logOutputPrintsOneLinePerTenth() {
    try (ProgressBar bar = new ProgressBar("validate", 200, out, false, now::get)) {
      for (int i = 0; i < 200; i++) {
        now.addAndGet(50_000_000L); // 20 steps per second
        bar.step();
      }
    }
    String[] lines = text().split("\n");
    assertEquals(10, lines.length, text());
    assertTrue(lines[0].startsWith("validate [##"), lines[0]);
    assertTrue(lines[0].contains(" 20/200  10% 20.0/s ETA 0:09"), lines[0]);
    assertTrue(lines[9].contains("200/200 100% 20.0/s in 0:10"), lines[9]);
  }

  @Test
  void terminalOutputRedrawsInPlaceWithValues() {
    ProgressBar bar = new ProgressBar("epoch 1", 100, out, true, now::get);
    now.set(5_000_000_000L);
    bar.value("loss_g", 0.51234);
    bar.stepBy(25); // 25 in 5 s: 5/s, 75 left: ETA 15 s
    String t = text();
    assertTrue(t.startsWith("\r"), t);
    assertTrue(
        t.contains("epoch 1 [######..................] 25/100  25% 5.0/s ETA 0:15 loss_g=0.5123"),
        t);
    bar.close();
    assertTrue(text().endsWith("\n"));
  }

  @Test
  void unknownTotalShowsCountAndRate() {
    try (ProgressBar bar = new ProgressBar("scan", 0, out, false, now::get)) {
      now.set(1_000_000_000L);
      bar.stepBy(3);
    }
    assertTrue(text().startsWith("scan 3 3.0/s"), text());
  }

  @Test
  void durationsReadAsMinutesOrHours() {
    assertEquals("0:09", ProgressBar.duration(9.4));
    assertEquals("2:05", ProgressBar.duration(125));
    assertEquals("1:00:01", ProgressBar.duration(3601));
  }
}

package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceTest {

  @Test
  void readsTheMedianFromJsonOrANumber() {
    assertEquals(0.04, Reference.median("{\"median_s\": 0.04, \"threads\": 2}"));
    assertEquals(1.5, Reference.median(" 1.5 "));
    var e = assertThrows(IllegalArgumentException.class, () -> Reference.median("{\"x\": 1}"));
    assertTrue(e.getMessage().contains("no numeric median_s"), e.getMessage());
  }

  @Test
  void measuresOncePerThreadCountAndTakesTheBest() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Reference r =
        Reference.measure(
            "echo 0.{threads}",
            CycleGanCase.parse("g16b3-d16-32"),
            2,
            new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(Map.of(1, 0.1, 2, 0.2), r.secondsByThreads());
    assertEquals(0.1, r.best());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("reference: echo 0.2"));
  }

  @Test
  void aFailingCommandIsReportedWithItsOutput() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Reference.measure(
                    "echo no torch; exit 3",
                    CycleGanCase.parse("g16b3-d16-32"),
                    1,
                    new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("no torch"), e.getMessage());
  }

  @Test
  void readsAFreshFileAndRefusesAnOldOne(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("ref.jsonl");
    Files.writeString(
        f,
        "waiting for idle\n"
            + "{\"ngf\": 16, \"blocks\": 3, \"ndf\": 16, \"size\": 32, \"threads\": 2, \"median_s\": 0.05}\n"
            + "{\"ngf\": 16, \"blocks\": 3, \"ndf\": 16, \"size\": 32, \"threads\": 1, \"median_s\": 0.04}\n");
    Instant written = Files.getLastModifiedTime(f).toInstant();
    Map<String, Reference> refs = Reference.readFile(f, Duration.ofMinutes(30), written);
    assertEquals(0.04, refs.get("g16b3-d16-32").best());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Reference.readFile(f, Duration.ofMinutes(30), written.plusSeconds(3600)));
    assertTrue(e.getMessage().contains("written 60 min ago"), e.getMessage());
  }
}

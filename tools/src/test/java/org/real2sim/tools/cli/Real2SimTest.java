package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Real2SimTest {

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Real2Sim.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownCommandIsAUsageErrorNamingTheChoices() {
    Run r = run("trian");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown command 'trian'"), r.err());
    assertTrue(r.err().contains("info"), r.err());
  }

  @Test
  void helpListsEveryCommand() {
    Run r = run("--help");
    assertEquals(0, r.rc());
    for (String name : Real2Sim.commands().keySet()) {
      assertTrue(r.out().contains(name), name + " missing from help");
    }
  }

  @Test
  void infoPrintsNativeVersions() {
    Run r = run("info");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().matches("(?s).*tensorflow \\(native\\)\\s+2\\.18.*"), r.out());
    assertTrue(r.out().contains("CPU"), r.out());
  }
}

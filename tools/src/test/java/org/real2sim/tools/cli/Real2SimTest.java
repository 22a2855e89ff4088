package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import org.junit.jupiter.api.Test;

class Real2SimTest {

  @Test
  void unknownCommandIsAUsageErrorNamingTheChoices() {
    CommandRun r = real2sim("trian");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown command 'trian'"), r.err());
    assertTrue(r.err().contains("info"), r.err());
  }

  @Test
  void helpListsEveryCommand() {
    CommandRun r = real2sim("--help");
    assertEquals(0, r.rc());
    for (String name : Real2Sim.commands().keySet()) {
      assertTrue(r.out().contains(name), name + " missing from help");
    }
  }

  @Test
  void infoPrintsNativeVersions() {
    CommandRun r = real2sim("info");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().matches("(?s).*tensorflow \\(native\\)\\s+2\\.18.*"), r.out());
    assertTrue(r.out().contains("CPU"), r.out());
  }
}

package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CycleGanCaseTest {

  @Test
  void standardCasesAreTheSideBySideOnesWithoutBuiltInReferenceTimes() {
    assertEquals(
        java.util.List.of("g16b3-d16-32", "g32b6-d32-32", "g32b6-d32-64", "g64b9-d64-128"),
        CycleGanCase.standard().stream().map(CycleGanCase::name).toList());
    CycleGanCase big = CycleGanCase.parse("g64b9-d64-128");
    assertEquals(64, big.generator().ngf());
    assertEquals(9, big.generator().nBlocks());
    assertEquals(64, big.discriminator().ndf());
    assertEquals(128, big.size());
    for (CycleGanCase c : CycleGanCase.standard()) {
      assertFalse(c.hasReference(), c.name());
    }
    assertEquals(0.04, big.withReference(0.04).referenceSeconds());
  }

  @Test
  void parsesAnyConfigurationWithoutAReference() {
    CycleGanCase c = CycleGanCase.parse("g8b2-d4-32");
    assertEquals(8, c.generator().ngf());
    assertEquals(2, c.generator().nBlocks());
    assertEquals(4, c.discriminator().ndf());
    assertEquals(3, c.discriminator().nLayers());
    assertEquals(32, c.size());
    assertFalse(c.hasReference());
  }

  @Test
  void unknownNamesListTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CycleGanCase.parse("big"));
    assertTrue(e.getMessage().contains("'big'"), e.getMessage());
    assertTrue(e.getMessage().contains("g64b9-d64-128"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CycleGanCase.parse("g8b2-d4-30"));
    assertTrue(e.getMessage().contains("30"), e.getMessage());
  }
}

package org.real2sim.tools.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

  @Test
  void folderNamesKeepEveryDigitOfTheValue() {
    assertEquals("sweep/alpha-0.30", SweepPlan.alphaFolder(0.3));
    assertEquals("sweep/alpha-0.00", SweepPlan.alphaFolder(0));
    assertEquals("sweep/alpha-1.00", SweepPlan.alphaFolder(1));
    assertEquals("sweep/alpha-0.125", SweepPlan.alphaFolder(0.125));
    assertEquals("sweep/labeled-0.005", SweepPlan.labeledFolder(0.005));
    assertEquals("sweep/labeled-0.050", SweepPlan.labeledFolder(0.05));
    assertEquals("sweep/labeled-0.100", SweepPlan.labeledFolder(0.1));
    assertEquals("sweep/labeled-0.0025", SweepPlan.labeledFolder(0.0025));
  }

  @Test
  void defaultsAreThePapersGrids() {
    List<Double> a = SweepPlan.DEFAULT_ALPHAS;
    assertEquals(11, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(i / 10.0, a.get(i), 1e-12);
    }
    assertEquals(List.of(0.005, 0.01, 0.02, 0.05, 0.1), SweepPlan.DEFAULT_FRACTIONS);
    SweepPlan p = SweepPlan.defaults(SweepKind.BOTH);
    assertTrue(p.kind().alpha() && p.kind().labeled());
  }

  @Test
  void rejectsValuesOutsideTheirRangeNamingTheOption() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SweepPlan(SweepKind.ALPHA, List.of(0.2, 1.5), List.of()));
    assertEquals("--alphas values must be in [0, 1], found 1.5", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SweepPlan(SweepKind.LABELED, List.of(), List.of(0.0)));
    assertEquals("--fractions values must be in (0, 1], found 0.0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SweepPlan(SweepKind.BOTH, List.of(0.3, 0.30), List.of(0.1)));
    assertEquals("--alphas lists 0.3 twice", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SweepPlan(SweepKind.ALPHA, List.of(), List.of()));
    assertEquals("--alphas must list at least one value", e.getMessage());
  }

  @Test
  void aKindIgnoresTheListItDoesNotUse() {
    SweepPlan p = new SweepPlan(SweepKind.LABELED, List.of(7.0), List.of(0.5));
    assertEquals(List.of(0.5), p.fractions());
  }

  @Test
  void parseListNamesTheEntryThatIsNotANumber() {
    assertEquals(List.of(0.0, 0.25, 1.0), SweepPlan.parseList("--alphas", "0, 0.25,1"));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> SweepPlan.parseList("--alphas", "0,x,1"));
    assertEquals("--alphas entry 'x' is not a number (in '0,x,1')", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SweepPlan.parseList("--fractions", "0.1,,0.2"));
    assertTrue(e.getMessage().startsWith("--fractions holds an empty entry"), e.getMessage());
  }

  @Test
  void kindParsingListsTheChoices() {
    assertEquals(SweepKind.LABELED, SweepKind.parse("Labeled"));
    var e = assertThrows(IllegalArgumentException.class, () -> SweepKind.parse("alfa"));
    assertEquals(
        "Unknown sweep kind 'alfa', expected one of [alpha, labeled, both]", e.getMessage());
  }
}

package org.real2sim.trainer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMappingTest {

  private final LabelMapping m =
      new LabelMapping("test", 0, Map.of(0, 255, 1, 0, 2, 0, 3, 1, 7, 2));

  @Test
  void mapsKnownIdsAndMarksUnknownOnes() {
    assertEquals(255, m.map(0));
    assertEquals(0, m.map(2));
    assertEquals(2, m.map(7));
    assertEquals(LabelMapping.UNKNOWN, m.map(5));
    assertEquals(LabelMapping.UNKNOWN, m.map(70000));
    assertEquals("0..3, 7", m.expectedIds());
  }

  @Test
  void applyMapsInPlace() {
    int[] ids = {3, 7, 0, 1};
    m.apply(ids, Path.of("x.png"));
    assertArrayEquals(new int[] {1, 2, 255, 0}, ids);
  }

  @Test
  void rejectsLabelIdOutsideTheClassMapNamingFileAndId() {
    DataException e =
        assertThrows(DataException.class, () -> m.apply(new int[] {1, 5}, Path.of("/d/l.png")));
    assertEquals(
        "/d/l.png: label id 5 is not in the class map (test; expected one of 0..3, 7)",
        e.getMessage());
  }

  @Test
  void rejectsATargetOutsideTheClassRange() {
    assertThrows(IllegalArgumentException.class, () -> new LabelMapping("bad", 0, Map.of(1, 300)));
  }
}

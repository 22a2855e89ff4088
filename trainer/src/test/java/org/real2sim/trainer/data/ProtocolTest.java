package org.real2sim.trainer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolTest {

  @Test
  void cityscapesClassesAreTheNineteenOfficialOnesWithTheirColours() {
    // From shared/notes/datasets.md, in train-id order (names in NotesClasses).
    int[][] colours = {
      {128, 64, 128},
      {244, 35, 232},
      {70, 70, 70},
      {102, 102, 156},
      {190, 153, 153},
      {153, 153, 153},
      {250, 170, 30},
      {220, 220, 0},
      {107, 142, 35},
      {152, 251, 152},
      {70, 130, 180},
      {220, 20, 60},
      {255, 0, 0},
      {0, 0, 142},
      {0, 0, 70},
      {0, 60, 100},
      {0, 80, 100},
      {0, 0, 230},
      {119, 11, 32}
    };
    List<ClassInfo> c = Protocol.CITYSCAPES19.classes();
    assertEquals(19, c.size());
    for (int i = 0; i < 19; i++) {
      assertEquals(NotesClasses.CITYSCAPES19.get(i), c.get(i).name());
      assertArrayEquals(colours[i], new int[] {c.get(i).red(), c.get(i).green(), c.get(i).blue()});
      assertEquals(i, Protocol.CITYSCAPES19.fromCityscapesTrainId(i));
    }
  }

  @Test
  void synthiaProtocolDropsTerrainTruckTrainAndRenumbers() {
    List<String> expected = NotesClasses.SYNTHIA16;
    assertEquals(expected, Protocol.SYNTHIA16.classes().stream().map(ClassInfo::name).toList());
    for (int t = 0; t < 19; t++) {
      String name = Protocol.CITYSCAPES_CLASSES.get(t).name();
      int p = Protocol.SYNTHIA16.fromCityscapesTrainId(t);
      if (t == 9 || t == 14 || t == 16) {
        assertEquals(255, p, name);
      } else {
        assertEquals(name, expected.get(p));
      }
    }
  }

  @Test
  void carlaProtocolMergesPedestriansAndVehicles() {
    List<String> expected = NotesClasses.CARLA13;
    assertEquals(expected, Protocol.CARLA13.classes().stream().map(ClassInfo::name).toList());
    int[] expectedIds = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12, 12, 12, 12, 12, 12};
    for (int t = 0; t < 19; t++) {
      assertEquals(expectedIds[t], Protocol.CARLA13.fromCityscapesTrainId(t), "train id " + t);
    }
    assertEquals(255, Protocol.CARLA13.fromCityscapesTrainId(255));
  }

  @Test
  void unknownProtocolListsTheChoices() {
    DataException e = assertThrows(DataException.class, () -> Protocol.parse("synthia13"));
    assertEquals(
        "Unknown label protocol 'synthia13', expected one of [cityscapes19, synthia16, carla13]",
        e.getMessage());
    assertEquals(Protocol.SYNTHIA16, Protocol.parse("SYNTHIA16"));
  }
}

package org.real2sim.trainer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetSpecTest {

  @Test
  void parsesFormatRootAndOptions() {
    DatasetSpec s = DatasetSpec.parse("carla:/data/carla,version=0.9.13,coarsen=5");
    assertEquals("carla", s.format());
    assertEquals(Path.of("/data/carla"), s.root());
    assertEquals(Map.of("version", "0.9.13", "coarsen", "5"), s.options());
    assertEquals(5, s.intOption("coarsen", 0));
    assertEquals(7, s.intOption("absent", 7));
    assertEquals("carla:/data/carla,coarsen=5,version=0.9.13", s.toString());
  }

  @Test
  void rejectsTextWithoutFormat() {
    DataException e = assertThrows(DataException.class, () -> DatasetSpec.parse("/data/x"));
    assertTrue(e.getMessage().contains("FORMAT:ROOT"), e.getMessage());
  }

  @Test
  void rejectsNonIntegerOptionNamingIt() {
    DatasetSpec s = DatasetSpec.of("synthia", Path.of("/s"), "holdout", "many");
    DataException e = assertThrows(DataException.class, () -> s.intOption("holdout", 1400));
    assertEquals("synthia option 'holdout' must be an integer, found 'many'", e.getMessage());
  }

  @Test
  void rejectsUnknownOptionListingTheKnownOnes() {
    DatasetSpec s = DatasetSpec.of("cityscapes", Path.of("/c"), "protocoll", "synthia16");
    DataException e =
        assertThrows(
            DataException.class, () -> s.requireKnownOptions(List.of("protocol", "splits")));
    assertEquals(
        "Unknown option 'protocoll' for dataset format cityscapes, expected one of [protocol,"
            + " splits]",
        e.getMessage());
  }
}

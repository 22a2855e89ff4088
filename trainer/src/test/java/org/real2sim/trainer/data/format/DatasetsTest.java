package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.DatasetSpec;

class DatasetsTest {

  @TempDir Path dir;

  @Test
  void knowsTheSevenFormats() {
    assertEquals(
        List.of("imagefolder", "paired", "unpaired", "cityscapes", "synthia", "carla", "sketchy"),
        Datasets.names());
  }

  @Test
  void unknownFormatIsAnErrorListingTheFormats() {
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.parse("cityscape:/x")));
    assertEquals(
        "Unknown dataset format 'cityscape', expected one of [imagefolder, paired, unpaired,"
            + " cityscapes, synthia, carla, sketchy]",
        e.getMessage());
  }

  @Test
  void unknownOptionIsRejectedBeforeTheDiskIsRead() {
    DataException e =
        assertThrows(
            DataException.class,
            () -> Datasets.open(DatasetSpec.parse("carla:/nowhere,verison=0.9.13")));
    assertTrue(e.getMessage().startsWith("Unknown option 'verison' for dataset format carla"));
  }

  @Test
  void missingRootIsNamed() {
    Path root = dir.resolve("absent");
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("imagefolder", root)));
    assertEquals("imagefolder data set root folder " + root + " does not exist", e.getMessage());
  }
}

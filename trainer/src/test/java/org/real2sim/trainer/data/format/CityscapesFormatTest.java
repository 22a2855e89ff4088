package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Protocol;
import org.real2sim.trainer.data.TestImages;
import org.real2sim.trainer.data.image.ImageDecoder;

class CityscapesFormatTest {

  @TempDir Path root;

  /** A label image holding every Cityscapes label id 0..33 once, left to right. */
  private static int[] allIds() {
    int[] ids = new int[34];
    for (int i = 0; i < 34; i++) {
      ids[i] = i;
    }
    return ids;
  }

  private void frame(String split, String city, String name) {
    DatasetTrees.cityscapesFrame(root, split, city, name, 34, 1, (x, y) -> x, allIds());
  }

  @BeforeEach
  void tree() {
    frame("train", "aachen", "aachen_000000_000019");
    frame("train", "bochum", "bochum_000000_000313");
    frame("val", "frankfurt", "frankfurt_000000_000294");
  }

  private int[] mappedRow(Dataset ds) {
    int[] ids = new ImageDecoder().readChannel(ds.samples("train").get(0).label(), 0).data();
    ds.labelMapping().apply(ids, ds.samples("train").get(0).label());
    return ids;
  }

  @Test
  void findsTheSplitsAndPairsEachImageWithItsLabelIds() {
    Dataset ds = Datasets.open(DatasetSpec.of("cityscapes", root));
    assertEquals(List.of("train", "val"), List.copyOf(ds.splits()));
    assertEquals(2, ds.samples("train").size());
    assertEquals(
        "leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit",
        ds.samples("train").get(0).id());
    assertEquals(
        root.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png"),
        ds.samples("val").get(0).label());
    assertEquals(19, ds.numClasses());
  }

  @Test
  void everyLabelIdMapsToItsTrainIdFromTheNotes() {
    // shared/notes/datasets.md: labelId -> trainId; all other ids -> 255.
    int[] expected = new int[34];
    java.util.Arrays.fill(expected, 255);
    int[][] table = {
      {7, 0}, {8, 1}, {11, 2}, {12, 3}, {13, 4}, {17, 5}, {19, 6}, {20, 7}, {21, 8}, {22, 9},
      {23, 10}, {24, 11}, {25, 12}, {26, 13}, {27, 14}, {28, 15}, {31, 16}, {32, 17}, {33, 18}
    };
    for (int[] e : table) {
      expected[e[0]] = e[1];
    }
    assertArrayEquals(expected, mappedRow(Datasets.open(DatasetSpec.of("cityscapes", root))));
  }

  @Test
  void synthiaAndCarlaProtocolsMapCityscapesIntoTheirClassSpace() {
    Dataset s16 = Datasets.open(DatasetSpec.of("cityscapes", root, "protocol", "synthia16"));
    assertEquals(Protocol.SYNTHIA16.classes(), s16.classes());
    int[] row = mappedRow(s16);
    // Terrain (22), truck (27), train (31) are ignored; bus (28) is class 13, bicycle (33) 15.
    assertEquals(255, row[22]);
    assertEquals(255, row[27]);
    assertEquals(255, row[31]);
    assertEquals(9, row[23]); // sky
    assertEquals(13, row[28]);
    assertEquals(15, row[33]);
    int[] c13 = mappedRow(Datasets.open(DatasetSpec.of("cityscapes", root, "protocol", "carla13")));
    // person 24 and rider 25 -> pedestrian 11; car..bicycle 26..33 -> vehicles 12; terrain kept.
    assertEquals(11, c13[24]);
    assertEquals(11, c13[25]);
    for (int id : new int[] {26, 27, 28, 31, 32, 33}) {
      assertEquals(12, c13[id], "label id " + id);
    }
    assertEquals(9, c13[22]);
    assertEquals(255, c13[29]); // caravan
  }

  @Test
  void rejectsLabelIdOutsideTheTable() {
    Dataset ds = Datasets.open(DatasetSpec.of("cityscapes", root));
    Path label = ds.samples("train").get(0).label();
    DataException e =
        assertThrows(DataException.class, () -> ds.labelMapping().apply(new int[] {34}, label));
    assertEquals(
        label
            + ": label id 34 is not in the class map (cityscapes labelId -> cityscapes19;"
            + " expected one of 0..33)",
        e.getMessage());
  }

  @Test
  void rejectsAnImageWithoutLabelAndAMissingSplit() throws Exception {
    TestImages.rgb(
        root.resolve("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png"),
        2,
        1,
        (x, y) -> 0);
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("cityscapes", root)));
    assertTrue(
        e.getMessage()
            .endsWith(
                "has no label: expected "
                    + root.resolve("gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png")),
        e.getMessage());
    java.nio.file.Files.delete(
        root.resolve("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png"));
    e =
        assertThrows(
            DataException.class,
            () -> Datasets.open(DatasetSpec.of("cityscapes", root, "splits", "train,test")));
    assertEquals(
        "cityscapes data set at " + root + " has no split 'test' (found [train, val])",
        e.getMessage());
  }
}

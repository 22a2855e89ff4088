package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Protocol;
import org.real2sim.trainer.data.image.ImageDecoder;

class CarlaFormatTest {

  @TempDir Path root;

  /** One split with a raw segmentation image holding tags 0..maxTag in red, noise in green/blue. */
  private void tree(int maxTag) {
    int w = maxTag + 1;
    int[][] ch = new int[3][w];
    for (int x = 0; x < w; x++) {
      ch[0][x] = x;
      ch[1][x] = (x * 53) & 0xFF;
      ch[2][x] = (x * 97 + 11) & 0xFF;
    }
    DatasetTrees.carlaFrame(root, "train", "000001", w, 1, 0x102030, ch);
  }

  private int[] mapped(String version) {
    Dataset ds = Datasets.open(DatasetSpec.of("carla", root, "version", version));
    assertEquals(Protocol.CARLA13.classes(), ds.classes());
    Path label = ds.samples("train").get(0).label();
    int[] ids = new ImageDecoder().readChannel(label, ds.labelMapping().channel()).data();
    ds.labelMapping().apply(ids, label);
    return ids;
  }

  @Test
  void everyTagUpTo0913MapsAsInTheNotes() {
    tree(22);
    // Notes: road 7, sidewalk 8, building 1, wall 11, fence 2, pole 5, traffic light 18,
    // traffic sign 12, vegetation 9, terrain 22, sky 13, pedestrian 4, vehicles 10; else 255.
    int[] expected = new int[23];
    java.util.Arrays.fill(expected, 255);
    int[] tagOfClass = {7, 8, 1, 11, 2, 5, 18, 12, 9, 22, 13, 4, 10};
    for (int c = 0; c < 13; c++) {
      expected[tagOfClass[c]] = c;
    }
    assertArrayEquals(expected, mapped("0.9.13"));
    assertArrayEquals(expected, mapped("0.9.10"));
  }

  @Test
  void everyTagFrom0914MapsAsInTheNotes() {
    tree(28);
    // Notes: tags 1..11 are classes 0..10; 12 and 13 (rider) pedestrian; 14..19 vehicles; 0 and
    // 20..28 ignored.
    int[] expected = new int[29];
    java.util.Arrays.fill(expected, 255);
    for (int t = 1; t <= 11; t++) {
      expected[t] = t - 1;
    }
    expected[12] = 11;
    expected[13] = 11;
    for (int t = 14; t <= 19; t++) {
      expected[t] = 12;
    }
    assertArrayEquals(expected, mapped("0.9.14"));
    assertArrayEquals(expected, mapped("0.9.15"));
    assertArrayEquals(expected, mapped("0.10.0"));
  }

  @Test
  void oldTableRejectsTagsOnlyTheNewOneKnows() {
    tree(28);
    DataException e = assertThrows(DataException.class, () -> mapped("0.9.13"));
    assertTrue(e.getMessage().contains("label id 23 is not in the class map"), e.getMessage());
    assertTrue(e.getMessage().contains("expected one of 0..22"), e.getMessage());
  }

  @Test
  void versionIsRequiredAndMustParse() {
    tree(22);
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("carla", root)));
    assertTrue(e.getMessage().contains("option 'version' is required"), e.getMessage());
    e = assertThrows(DataException.class, () -> mapped("latest"));
    assertEquals(
        "carla option 'version' must look like 0.9.13 or 0.9.15, found 'latest'", e.getMessage());
  }
}

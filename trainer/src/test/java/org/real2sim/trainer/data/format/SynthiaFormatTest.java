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
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.image.ImageDecoder;

class SynthiaFormatTest {

  @TempDir Path root;

  @BeforeEach
  void tree() {
    // Six frames; ids deliberately written out of order (10 sorts after 9 numerically).
    for (int f : new int[] {0, 1, 2, 9, 10, 3}) {
      // 16-bit, three channels: class id (0..22) in channel 0, instance ids (> 255) in the others.
      int[][] channels = new int[3][23];
      for (int x = 0; x < 23; x++) {
        channels[0][x] = x;
        channels[1][x] = 1000 + 37 * x;
        channels[2][x] = 65535 - x;
      }
      DatasetTrees.synthiaFrame(
          root.resolve("RAND_CITYSCAPES"), String.format("%07d", f), 23, 1, channels);
    }
  }

  private Dataset open(String... options) {
    return Datasets.open(DatasetSpec.of("synthia", root, options));
  }

  @Test
  void holdsOutTheLastFramesAndValidatesOnTheFirstOfThem() {
    Dataset ds = open("holdout", "3", "val", "2");
    assertEquals(List.of("train", "val", "test"), List.copyOf(ds.splits()));
    assertEquals(
        List.of(
            "RAND_CITYSCAPES/RGB/0000000",
            "RAND_CITYSCAPES/RGB/0000001",
            "RAND_CITYSCAPES/RGB/0000002"),
        ds.samples("train").stream().map(Sample::id).toList());
    assertEquals(
        List.of("RAND_CITYSCAPES/RGB/0000003", "RAND_CITYSCAPES/RGB/0000009"),
        ds.samples("val").stream().map(Sample::id).toList());
    assertEquals("RAND_CITYSCAPES/RGB/0000010", ds.samples("test").get(0).id());
    assertEquals(16, ds.numClasses());
  }

  @Test
  void everySynthiaIdInTheFirstChannelOfASixteenBitLabelMapsAsInTheNotes() {
    // shared/notes/datasets.md: SYNTHIA id -> Cityscapes trainId; then the 16-class renumbering.
    int[] trainId = new int[23];
    java.util.Arrays.fill(trainId, 255);
    int[][] table = {
      {3, 0}, {4, 1}, {2, 2}, {21, 3}, {5, 4}, {7, 5}, {15, 6}, {9, 7}, {6, 8}, {1, 10}, {10, 11},
      {17, 12}, {8, 13}, {19, 15}, {12, 17}, {11, 18}
    };
    for (int[] e : table) {
      trainId[e[0]] = e[1];
    }
    int[] to16 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 255, 9, 10, 11, 12, 255, 13, 255, 14, 15};
    for (String protocol : List.of("synthia16", "cityscapes19")) {
      Dataset ds = open("holdout", "1", "val", "1", "protocol", protocol);
      Path label = ds.samples("train").get(0).label();
      int[] ids = new ImageDecoder().readChannel(label, ds.labelMapping().channel()).data();
      ds.labelMapping().apply(ids, label);
      for (int id = 0; id < 23; id++) {
        int t = trainId[id];
        int expected = protocol.equals("cityscapes19") || t == 255 ? t : to16[t];
        assertEquals(expected, ids[id], protocol + ", SYNTHIA id " + id);
      }
    }
  }

  @Test
  void rejectsTooFewFramesForTheHoldout() {
    DataException e = assertThrows(DataException.class, () -> open());
    assertTrue(
        e.getMessage().contains("has 6 frames") && e.getMessage().contains("the 1400 held out"),
        e.getMessage());
  }

  @Test
  void rejectsTheCarlaProtocol() {
    DataException e =
        assertThrows(DataException.class, () -> open("holdout", "1", "protocol", "carla13"));
    assertTrue(e.getMessage().contains("synthia16 or cityscapes19"), e.getMessage());
  }
}

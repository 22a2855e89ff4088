package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.LabelMapping;
import org.real2sim.trainer.data.TestImages;
import org.real2sim.trainer.data.image.ImageDecoder;

class PairedFormatTest {

  @TempDir Path root;

  private static final String MAP =
      "{\"classes\": [\n"
          + " {\"id\": 7, \"name\": \"road\", \"color\": [128, 64, 128], \"trainId\": 0},\n"
          + " {\"id\": 300, \"name\": \"car\", \"color\": [0, 0, 142], \"trainId\": 1},\n"
          + " {\"id\": 301, \"name\": \"truck\", \"color\": [0, 0, 70], \"trainId\": 1},\n"
          + " {\"id\": 0, \"name\": \"void\", \"color\": [0, 0, 0], \"ignore\": true}\n"
          + "]}";

  private void write(String json) throws Exception {
    Files.writeString(root.resolve("classes.json"), json);
  }

  @Test
  void readsPairsAndMapsSixteenBitIdsThroughTheClassMap() throws Exception {
    write(MAP);
    TestImages.rgb(root.resolve("train/images/a.png"), 4, 1, (x, y) -> 0);
    TestImages.gray16(root.resolve("train/labels/a.png"), 4, 1, 7, 300, 301, 0);
    TestImages.jpeg(root.resolve("val/images/b.jpg"), 4, 1, 0);
    TestImages.gray8(root.resolve("val/labels/b.png"), 4, 1, 7, 7, 0, 0);
    Dataset ds = Datasets.open(DatasetSpec.of("paired", root));
    assertEquals(Task.SEGMENTATION, ds.task());
    assertEquals(List.of("road", "car"), ds.classNames());
    assertArrayEquals(new int[] {0x804080, 0x00008E}, ds.palette());
    assertEquals("train/images/a", ds.samples("train").get(0).id());
    assertEquals(root.resolve("val/labels/b.png"), ds.samples("val").get(0).label());
    int[] ids = new ImageDecoder().readChannel(ds.samples("train").get(0).label(), 0).data();
    ds.labelMapping().apply(ids, root);
    assertArrayEquals(new int[] {0, 1, 1, LabelMapping.IGNORE}, ids);
  }

  @Test
  void rejectsAnImageWithoutLabelAndALabelWithoutImage() throws Exception {
    write(MAP);
    TestImages.rgb(root.resolve("train/images/a.png"), 2, 2, (x, y) -> 0);
    TestImages.gray8(root.resolve("train/labels/b.png"), 2, 2, 7, 7, 7, 7);
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertEquals(
        root.resolve("train/images/a.png")
            + " has no label: expected "
            + root.resolve("train/labels/a.png"),
        e.getMessage());
    TestImages.gray8(root.resolve("train/labels/a.png"), 2, 2, 7, 7, 7, 7);
    e = assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertTrue(e.getMessage().startsWith(root.resolve("train/labels/b.png") + " has no image"));
  }

  @Test
  void classMapErrorsNameTheEntryAndField() throws Exception {
    TestImages.rgb(root.resolve("train/images/a.png"), 1, 1, (x, y) -> 0);
    TestImages.gray8(root.resolve("train/labels/a.png"), 1, 1, 7);
    Path f = root.resolve("classes.json");
    write(
        "{\"classes\": [{\"id\": 7, \"name\": \"road\", \"colour\": [1, 2, 3], \"trainId\": 0}]}");
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertTrue(
        e.getMessage().startsWith(f + ": classes[0]: unknown key \"colour\""), e.getMessage());
    write(
        "{\"classes\": [{\"id\": 7, \"name\": \"road\", \"color\": [1, 2, 300], \"trainId\": 0}]}");
    e = assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertTrue(
        e.getMessage().contains("classes[0] (road): color components must be integers 0..255"));
    write("{\"classes\": [{\"id\": 7, \"name\": \"road\", \"color\": [1, 2, 3], \"trainId\": 1}]}");
    e = assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertEquals(
        f + ": class map: train ids must be 0..K-1 without gaps, but 0 is missing", e.getMessage());
    write(
        "{\"classes\": [{\"id\": 7, \"name\": \"a\", \"color\": [1, 2, 3], \"trainId\": 0},"
            + " {\"id\": 7, \"name\": \"b\", \"color\": [1, 2, 3], \"trainId\": 0}]}");
    e = assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertTrue(e.getMessage().endsWith("class map: id 7 is listed twice (b)"), e.getMessage());
    Files.delete(f);
    e = assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("paired", root)));
    assertEquals("class map " + f + " does not exist (expected a JSON class map)", e.getMessage());
  }

  @Test
  void classMapRoundTripsThroughJson() throws Exception {
    write(MAP);
    ClassMap m = ClassMap.read(root.resolve("classes.json"));
    Path copy = root.resolve("copy.json");
    m.write(copy);
    assertEquals(m, ClassMap.read(copy));
    assertEquals(4, m.entries().size());
    assertEquals(new ClassMap.Entry(301, "truck", 0x000046, 1), m.entries().get(2));
  }

  @Test
  void optionsRenameFoldersAndRequireCoarseningToBeOdd() throws Exception {
    write(MAP);
    TestImages.rgb(root.resolve("train/rgb/a.png"), 1, 1, (x, y) -> 0);
    TestImages.gray8(root.resolve("train/gt/a.png"), 1, 1, 7);
    Dataset ds =
        Datasets.open(
            DatasetSpec.of("paired", root, "images", "rgb", "labels", "gt", "coarsen", "5"));
    assertEquals(5, ds.coarsening());
    DataException e =
        assertThrows(
            DataException.class,
            () ->
                Datasets.open(
                    DatasetSpec.of(
                        "paired", root, "images", "rgb", "labels", "gt", "coarsen", "4")));
    assertEquals(
        "paired option 'coarsen' must be 0 (off) or an odd size >= 3, found 4", e.getMessage());
  }
}

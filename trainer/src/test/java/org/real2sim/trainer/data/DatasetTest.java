package org.real2sim.trainer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.real2sim.models.expert.Task;

class DatasetTest {

  private static Dataset twoSplits() {
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    splits.put(
        "train",
        List.of(
            Sample.classified("train/a/1", Path.of("/r/train/a/1.png"), 0),
            Sample.classified("train/b/2", Path.of("/r/train/b/2.png"), 1)));
    splits.put("val", List.of(Sample.classified("val/a/3", Path.of("/r/val/a/3.png"), 0)));
    return new Dataset(
        "imagefolder",
        Path.of("/r"),
        Task.CLASSIFICATION,
        List.of(ClassInfo.of("a", 1, 2, 3), ClassInfo.of("b", 255, 0, 0)),
        splits,
        null,
        0);
  }

  @Test
  void missingSplitIsAnErrorListingTheSplits() {
    DataException e = assertThrows(DataException.class, () -> twoSplits().samples("test"));
    assertEquals(
        "imagefolder data set at /r has no split 'test', found [train, val]", e.getMessage());
  }

  @Test
  void withoutRemovesSamplesFromEverySplit() {
    Dataset ds = twoSplits();
    Dataset less = ds.without(List.of(ds.samples("train").get(0)));
    assertEquals(List.of(ds.samples("train").get(1)), less.samples("train"));
    assertEquals(ds.samples("val"), less.samples("val"));
  }

  @Test
  void exposesNamesPaletteAndRelativePaths() {
    Dataset ds = twoSplits();
    assertEquals(List.of("a", "b"), ds.classNames());
    assertArrayEquals(new int[] {0x010203, 0xFF0000}, ds.palette());
    assertEquals("train/a/1.png", ds.relative(Path.of("/r/train/a/1.png")));
  }
}

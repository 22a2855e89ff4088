package org.real2sim.trainer.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.expert.Task;

class LabeledSubsetTest {

  @TempDir Path root;

  private Dataset ds;

  @BeforeEach
  void makeDataset() throws Exception {
    List<Sample> train = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      Path f = root.resolve("train/c" + (i % 10) + "/img_" + i + ".png");
      Files.createDirectories(f.getParent());
      Files.createFile(f);
      train.add(Sample.classified("train/c" + (i % 10) + "/img_" + i, f, i % 10));
    }
    Path v = root.resolve("val/c0/v.png");
    Files.createDirectories(v.getParent());
    Files.createFile(v);
    List<Sample> val = List.of(Sample.classified("val/c0/v", v, 0));
    ds =
        new Dataset(
            "imagefolder",
            root,
            Task.CLASSIFICATION,
            List.of(new ClassInfo("c", 0)),
            Map.of("train", train, "val", val),
            null,
            0);
  }

  @Test
  void fractionTakesTheFloorOfTheCount() {
    // The paper: 10 % of 700 photos = 70; 0.5 % of 700 = 3.5 -> 3.
    assertEquals(70, LabeledSubset.byFraction(ds, "train", 0.10, 0).size());
    assertEquals(3, LabeledSubset.byFraction(ds, "train", 0.005, 0).size());
    assertEquals(7, LabeledSubset.byFraction(ds, "train", 0.01, 0).size());
  }

  @Test
  void smallerFractionsAreNestedInLargerOnes() {
    double[] fractions = {0.005, 0.01, 0.02, 0.05, 0.10, 1.0};
    List<Sample> previous = List.of();
    for (double f : fractions) {
      List<Sample> now = LabeledSubset.byFraction(ds, "train", f, 42).samples();
      assertTrue(new HashSet<>(now).containsAll(previous), "fraction " + f);
      previous = now;
    }
    assertEquals(700, previous.size());
    // Counts nest with fractions of the same seed.
    assertTrue(
        new HashSet<>(LabeledSubset.byFraction(ds, "train", 0.05, 42).samples())
            .containsAll(LabeledSubset.byCount(ds, "train", 20, 42).samples()));
  }

  @Test
  void sameSeedSameSubsetOtherSeedOtherSubset() {
    List<Sample> a = LabeledSubset.byCount(ds, "train", 14, 1).samples();
    assertEquals(a, LabeledSubset.byCount(ds, "train", 14, 1).samples());
    assertNotEquals(a, LabeledSubset.byCount(ds, "train", 14, 2).samples());
  }

  @Test
  void writeThenReadGivesTheSameSamples() throws Exception {
    LabeledSubset s = LabeledSubset.byFraction(ds, "train", 0.02, 3);
    Path file = root.resolve("run/" + LabeledSubset.FILE_NAME);
    s.write(file);
    List<String> lines = Files.readAllLines(file);
    assertTrue(
        lines.get(0).startsWith("# real2sim labeled subset: 14 of 700 samples"), lines.get(0));
    assertTrue(lines.get(2).matches("train/c\\d/img_\\d+\\.png"), lines.get(2));
    LabeledSubset back = LabeledSubset.read(file, ds, "train");
    assertEquals(s.samples(), back.samples());
  }

  @Test
  void rejectsAListedFileThatDoesNotExist() throws Exception {
    Path file = root.resolve("subset.txt");
    Files.writeString(file, "# header\ntrain/c1/img_1.png\ntrain/c1/gone.png\n");
    DataException e =
        assertThrows(DataException.class, () -> LabeledSubset.read(file, ds, "train"));
    assertEquals(
        file + " line 3: 'train/c1/gone.png' does not exist under the data root " + root,
        e.getMessage());
  }

  @Test
  void rejectsAFileOfAnotherSplitOrListedTwice() throws Exception {
    Path file = root.resolve("subset.txt");
    Files.writeString(file, "val/c0/v.png\n");
    DataException e =
        assertThrows(DataException.class, () -> LabeledSubset.read(file, ds, "train"));
    assertTrue(e.getMessage().contains("is not a sample of split 'train'"), e.getMessage());
    Files.writeString(file, "train/c1/img_1.png\ntrain/c1/img_1.png\n");
    e = assertThrows(DataException.class, () -> LabeledSubset.read(file, ds, "train"));
    assertTrue(
        e.getMessage().endsWith("line 2: 'train/c1/img_1.png' is listed twice"), e.getMessage());
  }

  @Test
  void rejectsAFractionThatSelectsNothing() {
    DataException e =
        assertThrows(DataException.class, () -> LabeledSubset.byFraction(ds, "train", 0.001, 0));
    assertTrue(e.getMessage().contains("selects none"), e.getMessage());
    assertThrows(DataException.class, () -> LabeledSubset.byCount(ds, "train", 701, 0));
  }
}

package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.NotesClasses;
import org.real2sim.trainer.data.Sample;

class SketchyFormatTest {

  @TempDir Path root;

  @BeforeEach
  void tree() {
    for (String cls : List.of("cat", "cup", "hot-air_balloon")) {
      for (int p = 0; p < 4; p++) {
        DatasetTrees.sketchyPhoto(root, cls, "n0" + cls.length() + "_" + p, 3);
      }
    }
    DatasetTrees.sketchyInfo(root, "n03_0-1\nn03_1-2\n", "n03_2-3\n", "\n", "n015_0-1\n");
  }

  private Dataset open(String... options) {
    return Datasets.open(DatasetSpec.of("sketchy", root, options));
  }

  @Test
  void removesInvalidSketchesAndSplitsValidationPerClass() {
    Dataset ds = open("domain", "sketch", "classes", "cat,cup,hot-air_balloon", "valPerClass", "2");
    assertEquals(List.of("cat", "cup", "hot-air_balloon"), ds.classNames());
    List<Sample> all = new java.util.ArrayList<>(ds.samples("train"));
    all.addAll(ds.samples("val"));
    Set<String> names = new HashSet<>();
    for (Sample s : all) {
      names.add(s.image().getFileName().toString());
    }
    // cat and cup photos are both named n03_*: each loses 3 of 12 sketches; the balloon loses 1.
    assertFalse(names.contains("n03_0-1.png"));
    assertFalse(names.contains("n03_2-3.png"));
    assertFalse(names.contains("n015_0-1.png"));
    assertTrue(names.contains("n03_0-2.png"));
    int[] perClassVal = new int[3];
    int[] perClassAll = new int[3];
    for (Sample s : ds.samples("val")) {
      perClassVal[s.classId()]++;
    }
    for (Sample s : all) {
      perClassAll[s.classId()]++;
    }
    assertArrayEquals(new int[] {2, 2, 2}, perClassVal);
    assertArrayEquals(new int[] {9, 9, 11}, perClassAll);
    assertEquals(
        "rendered_256x256/256x256/sketch/tx_000000000000/cat/n03_0-2",
        ds.samples("train").get(0).id());
  }

  @Test
  void validationDrawDependsOnlyOnTheSeed() {
    List<Sample> a =
        open("domain", "photo", "classes", "cat,cup", "valPerClass", "1").samples("val");
    List<Sample> b =
        open("domain", "photo", "classes", "cat,cup", "valPerClass", "1").samples("val");
    assertEquals(a, b);
    assertEquals(2, a.size());
    boolean differs = false;
    for (int seed = 1; seed < 20 && !differs; seed++) {
      differs =
          !a.equals(
              open("domain", "photo", "classes", "cat,cup", "valPerClass", "1", "seed", "" + seed)
                  .samples("val"));
    }
    assertTrue(differs, "another seed should draw other photos");
  }

  @Test
  void rejectsAMissingClassAndAMissingDomain() {
    DataException e =
        assertThrows(
            DataException.class,
            () -> open("domain", "photo", "classes", "cat,dog", "valPerClass", "1"));
    assertTrue(
        e.getMessage().contains("/photo/tx_000000000000/dog does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("[cat, cup, hot-air_balloon]"), e.getMessage());
    e = assertThrows(DataException.class, () -> open());
    assertEquals(
        "sketchy option 'domain' is required: photo or sketch, found none", e.getMessage());
  }

  @Test
  void defaultSubsetIsThePapersTenClasses() {
    DataException e = assertThrows(DataException.class, () -> open("domain", "photo"));
    assertTrue(e.getMessage().contains("alarm_clock does not exist"), e.getMessage());
    assertEquals(NotesClasses.SKETCHY_PAPER, SketchyFormat.PAPER_CLASSES);
  }

  @Test
  void rejectsAMissingInvalidList() throws Exception {
    Files.delete(root.resolve("info/invalid-pose.txt"));
    DataException e =
        assertThrows(DataException.class, () -> open("domain", "sketch", "classes", "cat"));
    assertTrue(e.getMessage().contains("invalid-pose.txt does not exist"), e.getMessage());
  }
}

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
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.TestImages;

class ImageFolderFormatTest {

  @TempDir Path root;

  private void image(String rel) {
    if (rel.endsWith(".jpg")) {
      TestImages.jpeg(root.resolve(rel), 4, 4, 0x808080);
    } else {
      TestImages.rgb(root.resolve(rel), 4, 4, (x, y) -> 0);
    }
  }

  @Test
  void classesAreTheSortedUnionOfFoldersAcrossSplits() throws Exception {
    image("train/dog/b.png");
    image("train/dog/a.jpg");
    image("train/cat/c.png");
    image("val/emu/d.png");
    Files.writeString(root.resolve("train/dog/notes.txt"), "ignored");
    Dataset ds = Datasets.open(DatasetSpec.of("imagefolder", root));
    assertEquals(Task.CLASSIFICATION, ds.task());
    assertEquals(List.of("cat", "dog", "emu"), ds.classNames());
    assertEquals(List.of("train", "val"), List.copyOf(ds.splits()));
    List<Sample> train = ds.samples("train");
    assertEquals(
        List.of("train/cat/c", "train/dog/a", "train/dog/b"),
        train.stream().map(Sample::id).toList());
    assertEquals(List.of(0, 1, 1), train.stream().map(Sample::classId).toList());
    assertEquals(2, ds.samples("val").get(0).classId());
    assertEquals(3, ds.palette().length);
  }

  @Test
  void classesOptionFixesTheIdOrder() {
    image("train/dog/a.png");
    image("train/cat/b.png");
    Dataset ds = Datasets.open(DatasetSpec.of("imagefolder", root, "classes", "dog,cat,owl"));
    assertEquals(List.of("dog", "cat", "owl"), ds.classNames());
    assertEquals(1, ds.samples("train").get(0).classId()); // cat/b sorts first
  }

  @Test
  void rejectsAClassFolderOutsideTheClassesOption() {
    image("train/dog/a.png");
    image("train/cat/b.png");
    DataException e =
        assertThrows(
            DataException.class,
            () -> Datasets.open(DatasetSpec.of("imagefolder", root, "classes", "dog")));
    assertTrue(
        e.getMessage().contains(root.resolve("train/cat") + " is not one of the classes [dog]"));
  }

  @Test
  void rejectsAnEmptyClassFolder() throws Exception {
    image("train/dog/a.png");
    Files.createDirectories(root.resolve("train/cat"));
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("imagefolder", root)));
    assertEquals(
        "imagefolder class folder "
            + root.resolve("train/cat")
            + " is empty (expected *.png, *.jpg or *.jpeg files)",
        e.getMessage());
  }

  @Test
  void rejectsAMissingRequiredSplit() {
    image("train/dog/a.png");
    DataException e =
        assertThrows(
            DataException.class,
            () -> Datasets.open(DatasetSpec.of("imagefolder", root, "splits", "train,val")));
    assertEquals(
        "imagefolder data set at " + root + " has no split 'val' (found [train])", e.getMessage());
  }
}

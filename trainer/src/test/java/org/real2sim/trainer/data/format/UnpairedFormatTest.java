package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.TestImages;

class UnpairedFormatTest {

  @TempDir Path root;

  private void image(String rel) {
    TestImages.rgb(root.resolve(rel), 2, 2, (x, y) -> 0);
  }

  @Test
  void readsTheCycleGanFoldersAsSplits() {
    image("trainA/1.png");
    image("trainA/sub/2.png");
    image("trainB/3.jpg");
    image("testA/4.png");
    Dataset ds = Datasets.open(DatasetSpec.of("unpaired", root));
    assertEquals(Task.UNLABELED, ds.task());
    assertEquals(List.of("trainA", "trainB", "testA"), List.copyOf(ds.splits()));
    assertEquals(2, ds.samples("trainA").size());
    assertEquals("trainA/sub/2", ds.samples("trainA").get(1).id());
  }

  @Test
  void domainOptionGivesOneDomainAsTrainAndTest() {
    image("trainA/1.png");
    image("trainB/3.png");
    image("testB/4.png");
    Dataset b = Datasets.open(DatasetSpec.of("unpaired", root, "domain", "B"));
    assertEquals(List.of("train", "test"), List.copyOf(b.splits()));
    assertEquals("trainB/3", b.samples("train").get(0).id());
    Dataset a = Datasets.open(DatasetSpec.of("unpaired", root, "domain", "A"));
    assertEquals(List.of("train"), List.copyOf(a.splits()));
  }

  @Test
  void rejectsAMissingTrainFolder() {
    image("trainA/1.png");
    DataException e =
        assertThrows(DataException.class, () -> Datasets.open(DatasetSpec.of("unpaired", root)));
    assertTrue(e.getMessage().contains("has no split folder trainB"), e.getMessage());
  }
}

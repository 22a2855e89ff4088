package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.TestImages;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.SampleOrder;

/**
 * Stage a of the paper presets trains on random crops of the synthetic frames at their own
 * resolution (paper Sec. 4.2 b): 1024 × 512 of SYNTHIA's 1280 × 760 frames, 512 × 512 squares of
 * CARLA's 1920 × 1080 frames, with horizontal flips, never resized. Fixture trees at the paper's
 * frame sizes are written here; every pixel encodes its own position, so each crop can be checked
 * to be an undistorted window (or its mirror) of the frame, with the label window aligned.
 */
class ExpertCropsTest {

  @TempDir Path tmp;

  /** Pixel (x, y) of a fixture frame: red x mod 256, green y mod 256, blue the high bits. */
  private static int encode(int x, int y) {
    return ((x & 255) << 16) | ((y & 255) << 8) | ((x >> 8) & 15) | (((y >> 8) & 15) << 4);
  }

  private static int channel(float v) {
    return (int) Math.round((v + 1) * 127.5);
  }

  /** The frame position of pixel {@code (i, j)} of batch element {@code k}: {x, y}. */
  private static int[] position(Batch b, int k, int i, int j) {
    int at = ((k * b.height() + j) * b.width() + i) * 3;
    float[] p = b.images();
    int r = channel(p[at]);
    int g = channel(p[at + 1]);
    int bl = channel(p[at + 2]);
    return new int[] {r | ((bl & 15) << 8), g | ((bl >> 4) << 8)};
  }

  /**
   * Checks every batch element is a {@code w × h} window of the frame at scale 1, mirrored or not,
   * whose label window is aligned; returns {flipped count, distinct x0 count}.
   */
  private static int[] checkWindows(
      BatchLoader loader, int batches, int w, int h, int frameW, int frameH, int labelEvery) {
    int flipped = 0;
    java.util.Set<Integer> starts = new java.util.HashSet<>();
    for (int n = 0; n < batches; n++) {
      Batch b = loader.next();
      assertEquals(w, b.width());
      assertEquals(h, b.height());
      for (int k = 0; k < b.size(); k++) {
        int[] first = position(b, k, 0, 0);
        int[] right = position(b, k, 1, 0);
        boolean flip = right[0] == first[0] - 1;
        assertTrue(flip || right[0] == first[0] + 1, "neighbours one frame pixel apart in x");
        flipped += flip ? 1 : 0;
        starts.add(first[0]);
        for (int[] ij :
            new int[][] {{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}, {w / 3, h / 2}}) {
          int[] p = position(b, k, ij[0], ij[1]);
          assertEquals(first[0] + (flip ? -ij[0] : ij[0]), p[0], "x of crop pixel " + ij[0]);
          assertEquals(first[1] + ij[1], p[1], "y of crop pixel");
          assertTrue(p[0] >= 0 && p[0] < frameW && p[1] >= 0 && p[1] < frameH);
          int label = b.labels()[(k * h + ij[1]) * w + ij[0]];
          assertEquals((p[0] / labelEvery) % 2 == 0 ? 0 : 2, label, "label window aligned");
        }
      }
    }
    return new int[] {flipped, starts.size()};
  }

  @Test
  void synthiaPresetTrainsTheExpertOnUndistorted1024By512CropsOf1280By760Frames() {
    RunConfig c = new ConfigLoader().preset("synthia-cityscapes").build();
    assertEquals(1024, c.stageA().cropWidth());
    assertEquals(512, c.stageA().resolvedCropHeight());
    assertEquals(107, c.stageA().epochs());
    assertEquals(2, c.stageA().batchSize());
    assertTrue(c.stageA().flip());
    assertTrue(c.supervised().oracle(), "the domain-gap table (Table 1) needs the oracle");
    Path root = tmp.resolve("RAND_CITYSCAPES");
    int w = 1280;
    int h = 760;
    int[][] label = new int[3][w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        label[0][y * w + x] = (x / 64) % 2 == 0 ? 3 : 2; // SYNTHIA road -> 0, building -> 2
      }
    }
    for (int f = 0; f < 3; f++) {
      String stem = String.format("%07d", f);
      TestImages.rgb(root.resolve("RGB/" + stem + ".png"), w, h, ExpertCropsTest::encode);
      TestImages.rgb16(root.resolve("GT/LABELS/" + stem + ".png"), w, h, label);
    }
    Dataset s =
        Datasets.open(
            new DatasetSpec(
                "synthia", root, Map.of("protocol", "synthia16", "holdout", "1", "val", "1")));
    List<Sample> train = s.samples("train");
    assertEquals(2, train.size());
    try (BatchLoader loader =
        new BatchLoader(
            s,
            train,
            SupervisedTrainer.trainLoader(c.stageA(), true, c.data().width(), c.data().height())
                .batchSize(c.stageA().batchSize())
                .seed(5)
                .threads(1)
                .build(),
            SampleOrder.shuffled(train.size(), 5))) {
      int[] r = checkWindows(loader, 6, 1024, 512, w, h, 64);
      assertTrue(r[0] > 0 && r[0] < 12, "some crops flipped, some not: " + r[0] + " of 12");
      assertTrue(r[1] > 3, "crop positions vary: " + r[1]);
    }
  }

  @Test
  void carlaPresetTrainsTheExpertOnSquare512CropsOf1920By1080Frames() {
    RunConfig c = new ConfigLoader().preset("carla-cityscapes").build();
    assertEquals(512, c.stageA().cropWidth());
    assertEquals(512, c.stageA().resolvedCropHeight());
    assertEquals(200, c.stageA().epochs());
    assertTrue(c.supervised().oracle());
    Path root = tmp.resolve("carla");
    int w = 1920;
    int h = 1080;
    int[][] label = new int[3][w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        label[0][y * w + x] = (x / 100) % 2 == 0 ? 7 : 1; // CARLA 0.9.13 road -> 0, building -> 2
      }
    }
    for (int f = 0; f < 2; f++) {
      String stem = String.format("%06d", f);
      TestImages.rgb(root.resolve("train/images/" + stem + ".png"), w, h, ExpertCropsTest::encode);
      TestImages.rgb8(root.resolve("train/labels/" + stem + ".png"), w, h, label);
    }
    // No coarsening here: the preset's blur would hide the position code (crops are the point).
    Dataset s = Datasets.open(new DatasetSpec("carla", root, Map.of("version", "0.9.13")));
    List<Sample> train = s.samples("train");
    try (BatchLoader loader =
        new BatchLoader(
            s,
            train,
            SupervisedTrainer.trainLoader(c.stageA(), true, c.data().width(), c.data().height())
                .batchSize(2)
                .seed(9)
                .threads(1)
                .build(),
            SampleOrder.shuffled(train.size(), 9))) {
      int[] r = checkWindows(loader, 5, 512, 512, w, h, 100);
      assertTrue(r[0] > 0 && r[0] < 10, "some crops flipped, some not: " + r[0] + " of 10");
    }
  }

  @Test
  void withoutCropSizeAndForM3TheFramesAreResizedToTheNetworkSize() {
    RunConfig c = new ConfigLoader().preset("synthia-cityscapes").build();
    var m3 = SupervisedTrainer.trainLoader(c.stageA(), false, 1024, 512).batchSize(1).build();
    assertEquals(1024, m3.cropWidth());
    assertEquals(512, m3.cropHeight());
    assertEquals(1024, m3.resizeWidth(), "cropScale 1 in the paper presets: no resize margin");
    RunConfig q = new ConfigLoader().preset("shapes-quick").build();
    var a = SupervisedTrainer.trainLoader(q.stageA(), true, 32, 32).batchSize(1).build();
    assertEquals(32, a.cropWidth());
    assertEquals(36, a.resizeWidth());
  }
}

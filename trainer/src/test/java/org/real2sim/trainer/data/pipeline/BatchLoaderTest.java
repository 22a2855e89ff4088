package org.real2sim.trainer.data.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.TestImages;
import org.real2sim.trainer.data.format.Datasets;

class BatchLoaderTest {

  @TempDir Path root;

  private static final String MAP =
      "{\"classes\": [{\"id\": 7, \"name\": \"road\", \"color\": [1, 1, 1], \"trainId\": 0},"
          + " {\"id\": 9, \"name\": \"sky\", \"color\": [2, 2, 2], \"trainId\": 1},"
          + " {\"id\": 0, \"name\": \"void\", \"color\": [0, 0, 0], \"ignore\": true}]}";

  /**
   * A paired data set of {@code n} images {@code w × h}: pixel {@code (x, y)} of image {@code i}
   * has red = 10x + y, green = 10i, blue = 200; the label is 7 left of x = 2, else 9, and 0 at (0,
   * 0).
   */
  private Dataset paired(int n, int w, int h) throws Exception {
    Files.writeString(root.resolve("classes.json"), MAP);
    for (int i = 0; i < n; i++) {
      int img = i;
      String stem = String.format("s%02d", i);
      TestImages.rgb(
          root.resolve("train/images/" + stem + ".png"),
          w,
          h,
          (x, y) -> ((10 * x + y) << 16) | ((10 * img) << 8) | 200);
      int[] label = new int[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          label[y * w + x] = x < 2 ? 7 : 9;
        }
      }
      label[0] = 0;
      TestImages.gray8(root.resolve("train/labels/" + stem + ".png"), w, h, label);
    }
    return Datasets.open(DatasetSpec.of("paired", root));
  }

  private static List<Batch> drain(BatchLoader loader) {
    List<Batch> out = new ArrayList<>();
    while (loader.hasNext()) {
      out.add(loader.next());
    }
    return out;
  }

  private static List<Batch> run(Dataset ds, LoaderConfig cfg) {
    try (BatchLoader l = new BatchLoader(ds, "train", cfg)) {
      return drain(l);
    }
  }

  @Test
  void sameSeedGivesIdenticalBatchesWhateverTheThreadCount() throws Exception {
    Dataset ds = paired(11, 12, 8);
    LoaderConfig.Builder b =
        LoaderConfig.builder().training().batchSize(3).resize(10, 6).crop(6, 4).seed(5).epochs(2);
    List<Batch> one = run(ds, b.threads(1).build());
    List<Batch> two = run(ds, b.threads(2).build());
    List<Batch> three = run(ds, b.threads(3).prefetch(1).build());
    assertEquals(6, one.size()); // 11 samples, batch 3, drop last: 3 per epoch, 2 epochs
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i).images(), two.get(i).images(), "batch " + i);
      assertArrayEquals(one.get(i).images(), three.get(i).images(), "batch " + i);
      assertArrayEquals(one.get(i).labels(), three.get(i).labels(), "batch " + i);
      assertEquals(one.get(i).samples(), two.get(i).samples());
    }
    List<Batch> other = run(ds, b.threads(2).seed(6).build());
    assertFalse(Arrays.equals(one.get(0).images(), other.get(0).images()));
  }

  @Test
  void randomWindowsAndFlipsAreUniformAndImageAndLabelAgree() throws Exception {
    // One 5x3 sample, crop 3x2: 3 x-offsets x 2 y-offsets x 2 flips = 12 possible outcomes.
    Dataset ds = paired(1, 5, 3);
    int[] counts = new int[12];
    LoaderConfig cfg =
        LoaderConfig.builder()
            .training()
            .crop(3, 2)
            .scaling(PixelScaling.unit())
            .epochs(600)
            .build();
    try (BatchLoader l = new BatchLoader(ds, "train", cfg)) {
      while (l.hasNext()) {
        Batch b = l.next();
        assertArrayEquals(new long[] {1, 2, 3, 3}, b.imageShape());
        assertArrayEquals(new long[] {1, 2, 3}, b.labelShape());
        // Recover the window from the red channel: red = (10x + y) / 255 at output (0, 0).
        int red00 = Math.round(b.images()[0] * 255);
        int red01 = Math.round(b.images()[3] * 255); // output pixel (1, 0)
        boolean flipped = red01 < red00;
        int x0 = red00 / 10 - (flipped ? 2 : 0);
        int y0 = red00 % 10;
        // Every output pixel must be the source pixel of that window and flip, label included.
        for (int y = 0; y < 2; y++) {
          for (int x = 0; x < 3; x++) {
            int sx = x0 + (flipped ? 2 - x : x);
            int sy = y0 + y;
            int o = (y * 3 + x) * 3;
            assertEquals((10 * sx + sy) / 255f, b.images()[o], 1e-6f);
            assertEquals(200 / 255f, b.images()[o + 2], 1e-6f);
            int expectedLabel = sx == 0 && sy == 0 ? 255 : (sx < 2 ? 0 : 1);
            assertEquals(expectedLabel, b.labels()[y * 3 + x], "label at " + x + "," + y);
          }
        }
        counts[(x0 * 2 + y0) * 2 + (flipped ? 1 : 0)]++;
      }
    }
    // 600 draws over 12 outcomes: 50 expected each; 20..80 is beyond 4 standard deviations.
    for (int c : counts) {
      assertTrue(c > 20 && c < 80, Arrays.toString(counts));
    }
  }

  @Test
  void evaluationTakesTheCentredWindowInOrderAndKeepsTheLastBatch() throws Exception {
    Dataset ds = paired(5, 5, 3);
    LoaderConfig cfg =
        LoaderConfig.builder()
            .evaluation()
            .batchSize(2)
            .crop(3, 1)
            .scaling(PixelScaling.unit())
            .build();
    try (BatchLoader l = new BatchLoader(ds, "train", cfg)) {
      List<Batch> batches = drain(l);
      assertEquals(List.of(2, 2, 1), batches.stream().map(Batch::size).toList());
      assertEquals(ds.samples("train").get(4), batches.get(2).samples().get(0));
      // Centre of 5x3 for 3x1: x0 = 1, y0 = 1 -> red of (1,1), (2,1), (3,1) = 11, 21, 31.
      float[] img = batches.get(0).images();
      assertEquals(11 / 255f, img[0], 1e-6f);
      assertEquals(21 / 255f, img[3], 1e-6f);
      assertEquals(31 / 255f, img[6], 1e-6f);
      assertEquals(10 / 255f, batches.get(0).images()[9 + 1], 1e-6f); // sample 1: green = 10
      assertThrows(NoSuchElementException.class, l::next);
    }
  }

  @Test
  void shuffledEpochsVisitEverySampleOnceInNewOrders() throws Exception {
    Dataset ds = paired(8, 2, 2);
    LoaderConfig cfg = LoaderConfig.builder().training().batchSize(1).epochs(3).seed(1).build();
    List<Batch> batches = run(ds, cfg);
    List<List<String>> epochs = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      List<String> ids = new ArrayList<>();
      for (Batch b : batches.subList(e * 8, e * 8 + 8)) {
        assertEquals(e, b.epoch());
        ids.add(b.samples().get(0).id());
      }
      assertEquals(8, new HashSet<>(ids).size());
      epochs.add(ids);
    }
    assertNotEquals(epochs.get(0), epochs.get(1));
    assertEquals(23, batches.get(23).index());
  }

  @Test
  void scalingMapsPixelsToMinusOneOneOrTheExpertsNormalisation() throws Exception {
    Dataset ds = paired(1, 3, 1);
    LoaderConfig.Builder b = LoaderConfig.builder().evaluation();
    float[] pm = run(ds, b.build()).get(0).images();
    // Pixel (0, 0): red 0, green 0, blue 200 -> -1, -1, 2*200/255 - 1.
    assertArrayEquals(new float[] {-1f, -1f, 400f / 255 - 1}, Arrays.copyOf(pm, 3), 1e-6f);
    PixelScaling imagenet =
        PixelScaling.normalize(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    float[] n = run(ds, b.scaling(imagenet).build()).get(0).images();
    assertEquals((200 / 255f - 0.406f) / 0.225f, n[2], 1e-5f);
    assertEquals((10 / 255f - 0.485f) / 0.229f, n[3], 1e-5f); // pixel (1, 0): red 10
  }

  @Test
  void classificationBatchesCarryClassIds() throws Exception {
    TestImages.rgb(root.resolve("train/cat/a.png"), 4, 4, (x, y) -> 0);
    TestImages.rgb(root.resolve("train/dog/b.png"), 4, 4, (x, y) -> 0);
    TestImages.jpeg(root.resolve("train/dog/c.jpg"), 4, 4, 0);
    Dataset ds = Datasets.open(DatasetSpec.of("imagefolder", root));
    Batch b = run(ds, LoaderConfig.builder().evaluation().batchSize(3).build()).get(0);
    assertArrayEquals(new int[] {0, 1, 1}, b.labels());
    assertArrayEquals(new long[] {3}, b.labelShape());
    Batch noLabels = run(ds, LoaderConfig.builder().evaluation().labels(false).build()).get(0);
    assertNull(noLabels.labels());
    assertNull(noLabels.labelShape());
  }

  @Test
  void aBadFileEndsTheStreamAtItsBatchNamingIt() throws Exception {
    Dataset ds = paired(4, 4, 4);
    Path bad = ds.samples("train").get(2).image();
    Files.writeString(bad, "garbage");
    LoaderConfig cfg = LoaderConfig.builder().evaluation().batchSize(1).threads(2).build();
    try (BatchLoader l = new BatchLoader(ds, "train", cfg)) {
      l.next();
      l.next();
      DataException e = assertThrows(DataException.class, l::next);
      assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }
  }

  @Test
  void imagesOfDifferentSizesNeedAResizeOrCrop() throws Exception {
    TestImages.rgb(root.resolve("train/a/1.png"), 4, 4, (x, y) -> 0);
    TestImages.rgb(root.resolve("train/a/2.png"), 6, 4, (x, y) -> 0);
    Dataset ds = Datasets.open(DatasetSpec.of("imagefolder", root));
    DataException e =
        assertThrows(
            DataException.class,
            () -> run(ds, LoaderConfig.builder().evaluation().batchSize(2).build()));
    assertTrue(e.getMessage().contains("set a resize or crop size"), e.getMessage());
    // Keeping the aspect ratio still disagrees (4x4 -> 3x3, 6x4 -> 3x2); a fixed size agrees.
    assertThrows(
        DataException.class,
        () -> run(ds, LoaderConfig.builder().evaluation().batchSize(2).resize(3, 0).build()));
    Batch b = run(ds, LoaderConfig.builder().evaluation().batchSize(2).resize(3, 3).build()).get(0);
    assertArrayEquals(new long[] {2, 3, 3, 3}, b.imageShape());
  }

  @Test
  void resizeFollowsTheAspectRatioWhenOneSideIsZero() throws Exception {
    Dataset ds = paired(1, 4, 2);
    try (BatchLoader l =
        new BatchLoader(ds, "train", LoaderConfig.builder().resize(0, 64).build())) {
      assertArrayEquals(new int[] {128, 64}, l.resized(2048, 1024));
      assertArrayEquals(new int[] {108, 64}, l.resized(1280, 760));
    }
  }

  @Test
  void workersStayWithinThePrefetchBound() throws Exception {
    Dataset ds = paired(6, 2, 2);
    LoaderConfig cfg = LoaderConfig.builder().training().threads(2).prefetch(2).build();
    try (BatchLoader l = new BatchLoader(ds, "train", cfg)) {
      Thread.sleep(300);
      assertEquals(2, l.started());
      l.next();
      Thread.sleep(300);
      assertEquals(3, l.started());
    }
  }

  @Test
  void aSmallSplitWithDropLastIsAnError() throws Exception {
    Dataset ds = paired(2, 2, 2);
    DataException e =
        assertThrows(
            DataException.class, () -> run(ds, LoaderConfig.builder().batchSize(4).build()));
    assertTrue(e.getMessage().contains("fewer than the batch size 4"), e.getMessage());
  }

  @Test
  void carlaCoarseningRemovesThinStructuresAndBlursTheImageToMatch() throws Exception {
    // A CARLA tree (version 0.9.13): 7x5, road (tag 7) everywhere except a one-pixel pole (tag 5)
    // in column 3; the image is black with a white pole.
    int w = 7;
    int h = 5;
    int[][] ch = new int[3][w * h];
    for (int i = 0; i < w * h; i++) {
      ch[0][i] = i % w == 3 ? 5 : 7;
    }
    TestImages.rgb8(root.resolve("train/labels/a.png"), w, h, ch);
    TestImages.rgb(root.resolve("train/images/a.png"), w, h, (x, y) -> x == 3 ? 0xFFFFFF : 0);
    LoaderConfig cfg = LoaderConfig.builder().evaluation().scaling(PixelScaling.unit()).build();
    Dataset sharp = Datasets.open(DatasetSpec.of("carla", root, "version", "0.9.13"));
    Batch b = run(sharp, cfg).get(0);
    assertEquals(5, b.labels()[2 * w + 3]); // pole class 5 in the 13-class protocol
    assertEquals(1f, b.images()[(2 * w + 3) * 3], 1e-6f);
    Dataset coarse =
        Datasets.open(DatasetSpec.of("carla", root, "version", "0.9.13", "coarsen", "3"));
    Batch c = run(coarse, cfg).get(0);
    for (int v : c.labels()) {
      assertEquals(0, v); // the 3x3 majority is road everywhere: the thin pole is gone
    }
    // The 3x3 box blur spreads the white column: 1/3 on and next to it (interior rows).
    assertEquals(1f / 3, c.images()[(2 * w + 3) * 3], 1e-6f);
    assertEquals(1f / 3, c.images()[(2 * w + 2) * 3], 1e-6f);
    assertEquals(0f, c.images()[(2 * w + 1) * 3], 1e-6f);
  }

  @Test
  void configRejectsBadValuesNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LoaderConfig.builder().batchSize(0).build());
    assertEquals("batchSize must be positive, found 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> LoaderConfig.builder().crop(-3, 4).build());
    assertEquals("cropWidth must be >= 0, found -3", e.getMessage());
  }

  @Test
  void ordersFromASamplerDriveTheLoader() throws Exception {
    Dataset ds = paired(3, 2, 2);
    List<Sample> samples = ds.samples("train");
    SampleOrder fixed = epoch -> new int[] {2, 2, 0};
    LoaderConfig cfg = LoaderConfig.builder().evaluation().epochs(1).build();
    try (BatchLoader l = new BatchLoader(ds, samples, cfg, fixed)) {
      List<String> ids = new ArrayList<>();
      while (l.hasNext()) {
        ids.add(l.next().samples().get(0).id());
      }
      assertEquals(List.of("train/images/s02", "train/images/s02", "train/images/s00"), ids);
    }
  }
}

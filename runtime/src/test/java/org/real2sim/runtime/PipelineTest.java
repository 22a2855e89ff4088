package org.real2sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.ModelMetadata;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;

class PipelineTest {

  @TempDir Path tmp;

  static RgbImage random(long seed, int h, int w) {
    byte[] px = new byte[3 * h * w];
    new SplittableRandom(seed).nextBytes(px);
    return new RgbImage(h, w, px);
  }

  /** Checks a segmentation against the plain-Java reference of {@link TinyBundles}. */
  static void assertSegmentation(RgbImage image, SegmentationResult r) {
    assertEquals(image.height(), r.height());
    assertEquals(image.width(), r.width());
    byte[] px = image.pixels();
    int hw = image.height() * image.width();
    for (int i = 0; i < hw; i++) {
      double[] l = TinyBundles.logits(px[3 * i] & 0xFF, px[3 * i + 1] & 0xFF, px[3 * i + 2] & 0xFF);
      assertEquals(TinyBundles.argmax(l), r.mask()[i] & 0xFF, "class of pixel " + i);
      if (r.hasScores()) {
        double[] p = TinyBundles.softmax(l);
        for (int k = 0; k < p.length; k++) {
          assertEquals(
              p[k], r.scores()[k * hw + i], 1e-6, "score of class " + k + " at pixel " + i);
        }
      }
    }
  }

  @Test
  void segmentationMatchesPlainJavaReferenceWithScoresAndTranslated() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    RgbImage image = random(1, 12, 16);
    try (Pipeline p =
        Pipeline.open(dir, Options.defaults().scores(true).translated(true).intraOpThreads(1))) {
      assertEquals(Device.CPU, p.device());
      assertTrue(p.fallbackReason().isEmpty());
      SegmentationResult r = p.segment(image);
      assertSegmentation(image, r);
      assertEquals(12, r.scoresHeight());
      RgbImage t = r.translated().orElseThrow();
      for (int i = 0; i < image.pixels().length; i++) {
        assertEquals(255 - (image.pixels()[i] & 0xFF), t.pixels()[i] & 0xFF);
      }
      assertEquals(1, r.timing().batchSize());
      assertTrue(
          r.timing().inferenceNanos() > 0
              && r.timing().totalNanos() >= r.timing().inferenceNanos());
      long[] counts = r.pixelCounts();
      assertEquals(12 * 16, counts[0] + counts[1] + counts[2]);
    }
  }

  @Test
  void withoutScoresResultsSayHowToGetThem() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    try (Pipeline p = Pipeline.open(dir, Options.defaults())) {
      SegmentationResult r = p.segment(random(2, 8, 8));
      assertFalse(r.hasScores());
      assertTrue(r.translated().isEmpty());
      IllegalStateException e = assertThrows(IllegalStateException.class, r::scores);
      assertTrue(e.getMessage().contains("Options.scores(true)"), e.getMessage());
    }
  }

  @Test
  void rawBytesBufferedImageAndBatchEntryPointsAgree() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    RgbImage a = random(3, 8, 12);
    RgbImage b = random(4, 16, 4);
    RgbImage c = random(5, 8, 12);
    try (Pipeline p = Pipeline.open(dir, Options.defaults().scores(true))) {
      byte[] single = p.segment(a).mask();
      assertArrayEquals(single, p.segment(a.pixels(), 8, 12).mask());
      BufferedImage bgr = new BufferedImage(12, 8, BufferedImage.TYPE_3BYTE_BGR);
      BufferedImage rgb = a.toBufferedImage();
      bgr.getGraphics().drawImage(rgb, 0, 0, null);
      assertArrayEquals(single, p.segment(bgr).mask());
      List<SegmentationResult> batch = p.segmentBatch(List.of(a, b, c));
      assertEquals(3, batch.size());
      assertArrayEquals(single, batch.get(0).mask());
      assertSegmentation(b, batch.get(1));
      assertSegmentation(c, batch.get(2));
      assertEquals(3, batch.get(1).timing().batchSize());
    }
  }

  @Test
  void classificationMatchesPlainJavaReference() throws Exception {
    Path dir = tmp.resolve("cls");
    TinyBundles.write(dir, TinyBundles.classification());
    try (Pipeline p = Pipeline.open(dir, Options.defaults().scores(true))) {
      for (int seed = 0; seed < 5; seed++) {
        RgbImage image = random(seed, 5, 7);
        double[] mean = new double[3];
        for (int i = 0; i < 35; i++) {
          for (int ch = 0; ch < 3; ch++) {
            mean[ch] += (image.pixels()[3 * i + ch] & 0xFF) / 35.0;
          }
        }
        double[] l = TinyBundles.logits(mean[0], mean[1], mean[2]);
        ClassificationResult r = p.classify(image);
        assertEquals(TinyBundles.argmax(l), r.classId());
        assertEquals(TinyBundles.CLASSES.get(r.classId()), r.className());
        double[] s = TinyBundles.softmax(l);
        for (int k = 0; k < 3; k++) {
          assertEquals(s[k], r.scores()[k], 1e-5);
        }
        assertEquals(s[r.classId()], r.confidence(), 1e-5);
      }
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> p.segment(random(1, 4, 4)));
      assertTrue(e.getMessage().contains("segmentation bundle"), e.getMessage());
    }
  }

  @Test
  void generatorBundleTranslates() throws Exception {
    Path dir = tmp.resolve("gen");
    TinyBundles.write(
        dir,
        new TinyBundles.Spec(
            Task.SEGMENTATION,
            BundlePart.GENERATOR,
            false,
            true,
            InputPolicy.multipleOf(4, 4, 64, InputPolicy.OnMismatch.REJECT)));
    try (Pipeline p = Pipeline.open(dir, Options.defaults())) {
      RgbImage image = random(9, 4, 8);
      RgbImage t = p.translate(image).image();
      assertEquals(255 - (image.pixels()[5] & 0xFF), t.pixels()[5] & 0xFF);
      assertThrows(IllegalStateException.class, () -> p.segment(image));
    }
  }

  @Test
  void rejectsImagesOutsideThePolicyNamingSizeAndPolicy() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    try (Pipeline p = Pipeline.open(dir, Options.defaults())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> p.segment(random(1, 10, 12)));
      assertTrue(
          e.getMessage().contains("10x12") && e.getMessage().contains("multiples of 4"),
          e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> p.segmentBatch(List.of(random(1, 8, 8), random(2, 8, 68))));
      assertTrue(
          e.getMessage().contains("Image 1 of the batch") && e.getMessage().contains("8x68"),
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> p.segment(new byte[4 * 8 * 8], 8, 8));
      assertTrue(e.getMessage().contains("4 channels"), e.getMessage());
      // Greyscale is accepted as the trainer reads it: the grey value replicated to R, G and B.
      BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      byte[] rgb = new byte[3 * 64];
      for (int i = 0; i < 64; i++) {
        grey.getRaster().setSample(i % 8, i / 8, 0, 3 * i);
        rgb[3 * i] = (byte) (3 * i);
        rgb[3 * i + 1] = (byte) (3 * i);
        rgb[3 * i + 2] = (byte) (3 * i);
      }
      assertArrayEquals(p.segment(rgb, 8, 8).mask(), p.segment(grey).mask());
    }
  }

  @Test
  void resizePolicyRunsAtTheTargetSizeAndReturnsTheMaskAtTheImageSize() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(
        dir,
        new TinyBundles.Spec(
            Task.SEGMENTATION,
            BundlePart.PIPELINE,
            true,
            false,
            InputPolicy.fixed(8, 8, InputPolicy.OnMismatch.RESIZE)));
    RgbImage image = random(6, 13, 6);
    try (Pipeline p = Pipeline.open(dir, Options.defaults().scores(true))) {
      SegmentationResult r = p.segment(image);
      assertEquals(13, r.height());
      assertEquals(6, r.width());
      assertEquals(8, r.scoresHeight());
      assertEquals(8, r.scoresWidth());
      RgbImage fed = Images.resizeBilinear(image, 8, 8);
      byte[] small = new byte[64];
      for (int i = 0; i < 64; i++) {
        small[i] =
            (byte)
                TinyBundles.argmax(
                    TinyBundles.logits(
                        fed.pixels()[3 * i] & 0xFF,
                        fed.pixels()[3 * i + 1] & 0xFF,
                        fed.pixels()[3 * i + 2] & 0xFF));
      }
      assertArrayEquals(Images.resizeNearest(small, 8, 8, 13, 6), r.mask());
    }
  }

  @Test
  void concurrentCallsGiveTheSequentialResults() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    int n = 24;
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      images.add(random(100 + i, 4 * (1 + i % 3), 8));
    }
    try (Pipeline p = Pipeline.open(dir, Options.defaults().scores(true).intraOpThreads(1))) {
      List<SegmentationResult> sequential = new ArrayList<>();
      for (RgbImage im : images) {
        sequential.add(p.segment(im));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<SegmentationResult>> futures = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
          for (RgbImage im : images) {
            futures.add(pool.submit(() -> p.segment(im)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          SegmentationResult c = futures.get(i).get();
          SegmentationResult s = sequential.get(i % n);
          assertArrayEquals(s.mask(), c.mask(), "mask of image " + i % n);
          assertArrayEquals(s.scores(), c.scores(), "scores of image " + i % n);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void nativeBuffersAreReusedAcrossCalls() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    try (Pipeline p = Pipeline.open(dir, Options.defaults().scores(true))) {
      RgbImage a = random(1, 8, 8);
      RgbImage b = random(2, 8, 8);
      SegmentationResult first = p.segment(a);
      assertEquals(1, p.bufferSetsCreated());
      for (int i = 0; i < 20; i++) {
        p.segment(i % 2 == 0 ? b : a);
      }
      assertEquals(1, p.bufferSetsCreated(), "one buffer set serves every call of one shape");
      // The results were copied out: reusing the buffers did not change an earlier result.
      assertSegmentation(a, first);
      p.segment(random(3, 12, 8));
      assertEquals(2, p.bufferSetsCreated(), "a new shape needs its own buffer set");
    }
  }

  @Test
  void cudaRequestFallsBackToCpuAndLogsWhy() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Logger logger = Logger.getLogger(Pipeline.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(h);
    try (Pipeline p = Pipeline.open(dir, Options.defaults().device("cuda:0"))) {
      // On a machine whose ONNX Runtime can use CUDA device 0 there is nothing to fall back from.
      if (p.device().isCuda()) {
        return;
      }
      assertEquals(Device.CPU, p.device());
      String reason = p.fallbackReason().orElseThrow();
      assertTrue(reason.contains("cuda:0"), reason);
      assertTrue(
          records.stream()
              .anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("cuda:0")),
          "a warning names the device");
      assertSegmentation(random(1, 4, 4), p.segment(random(1, 4, 4)));
    } finally {
      logger.removeHandler(h);
    }
  }

  @Test
  void requiredCudaThatCannotBeUsedFailsClearly() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Options o = Options.defaults().device("cuda:7").requireDevice(true);
    PipelineException e =
        assertThrows(PipelineException.class, () -> Pipeline.open(dir, o).close());
    assertTrue(
        e.getMessage().contains("cuda:7") && e.getMessage().contains("requireDevice"),
        e.getMessage());
  }

  @Test
  void tamperedModelIsRefusedWithBothChecksums() throws Exception {
    Path dir = tmp.resolve("seg");
    BundleManifest m = TinyBundles.write(dir, TinyBundles.segmentation());
    byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
    bytes[bytes.length / 2] ^= 1;
    Files.write(dir.resolve("model.onnx"), bytes);
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(dir, Options.defaults()));
    assertTrue(
        e.getMessage().contains("Checksum mismatch") && e.getMessage().contains(m.modelSha256()),
        e.getMessage());
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
  }

  @Test
  void missingModelAndWrongFormatVersionAreNamed() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Files.delete(dir.resolve("model.onnx"));
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(dir, Options.defaults()));
    assertTrue(e.getMessage().contains("is missing model.onnx"), e.getMessage());

    Path dir2 = tmp.resolve("seg2");
    TinyBundles.write(dir2, TinyBundles.segmentation());
    String json =
        Files.readString(dir2.resolve("bundle.json"))
            .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");
    Files.writeString(dir2.resolve("bundle.json"), json);
    e = assertThrows(BundleException.class, () -> Pipeline.open(dir2, Options.defaults()));
    assertTrue(
        e.getMessage().contains("format version 2")
            && e.getMessage().contains("reads format version 1"),
        e.getMessage());

    e =
        assertThrows(
            BundleException.class, () -> Pipeline.open(tmp.resolve("nowhere"), Options.defaults()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void corruptModelWithMatchingChecksumIsRefusedByName() throws Exception {
    Path dir = tmp.resolve("bad");
    TinyBundles.write(
        dir,
        TinyBundles.manifest(TinyBundles.segmentation(), TinyBundles.CLASSES),
        "this is not a protobuf".getBytes());
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(dir, Options.defaults()));
    assertTrue(
        e.getMessage().contains("model.onnx is not a well-formed ONNX model"), e.getMessage());
  }

  @Test
  void wrongClassCountIsRefused() throws Exception {
    Path dir = tmp.resolve("k");
    TinyBundles.Spec spec = TinyBundles.segmentation();
    BundleManifest four = TinyBundles.manifest(spec, List.of("a", "b", "c", "d"));
    // The model has 3 classes and no class metadata, the manifest lists 4.
    TinyBundles.write(dir, four, TinyBundles.model(spec, java.util.Map.of()).toByteArray());
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(dir, Options.defaults()));
    assertTrue(
        e.getMessage().contains("has 3 classes") && e.getMessage().contains("lists 4"),
        e.getMessage());

    Path dir2 = tmp.resolve("k2");
    // Same class count, but the model's metadata records other names.
    BundleManifest renamed = TinyBundles.manifest(spec, List.of("x", "y", "z"));
    TinyBundles.write(
        dir2,
        renamed,
        TinyBundles.model(spec, TinyBundles.manifest(spec, TinyBundles.CLASSES).metadataProps())
            .toByteArray());
    e = assertThrows(BundleException.class, () -> Pipeline.open(dir2, Options.defaults()));
    assertTrue(e.getMessage().contains("exported with classes"), e.getMessage());
  }

  @Test
  void askingForAnOutputTheModelLacksFails() throws Exception {
    Path dir = tmp.resolve("noscores");
    TinyBundles.write(
        dir,
        new TinyBundles.Spec(
            Task.SEGMENTATION,
            BundlePart.PIPELINE,
            false,
            false,
            InputPolicy.multipleOf(4, 4, 64, InputPolicy.OnMismatch.REJECT)));
    PipelineException e =
        assertThrows(
            PipelineException.class, () -> Pipeline.open(dir, Options.defaults().scores(true)));
    assertTrue(e.getMessage().contains("no 'scores' output"), e.getMessage());
    e =
        assertThrows(
            PipelineException.class, () -> Pipeline.open(dir, Options.defaults().translated(true)));
    assertTrue(e.getMessage().contains("no 'translated' output"), e.getMessage());
  }

  @Test
  void closedPipelineRefusesCallsAndCloseIsIdempotent() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Pipeline p = Pipeline.open(dir, Options.defaults());
    assertTrue(p.modelMetadata().containsKey(ModelMetadata.PROVENANCE));
    p.close();
    p.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> p.segment(random(1, 4, 4)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void optionsValidateAndCopy() {
    Options d = Options.defaults();
    Options o = d.device("CUDA:2").intraOpThreads(3).spinning(true).scores(true);
    assertEquals("cuda:2", o.device().toString());
    assertEquals(3, o.intraOpThreads());
    assertNotEquals(d, o);
    assertEquals(Device.CPU, d.device());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.device("tpu"));
    assertTrue(
        e.getMessage().contains("'tpu'") && e.getMessage().contains("cuda:N"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.intraOpThreads(-1));
    assertThrows(IllegalArgumentException.class, () -> d.device("cuda:x"));
  }
}

package org.real2sim.exporter.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxChecker;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.TfReference;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.ModelMetadata;
import org.real2sim.runtime.bundle.NormalizationSpec;
import org.real2sim.runtime.bundle.Palette;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.RgbImage;

/**
 * End to end: a hand-assembled pipeline (pre → G → adapter → f → post) is written as a bundle,
 * opened by the runtime's {@link Pipeline}, and its masks, classes, scores and translated images
 * are compared with the same computation in TensorFlow.
 */
class BundleWriterTest {

  static final int H = 16;
  static final int W = 20;
  static final int N = 2;
  static final List<String> SEG_CLASSES = List.of("road", "building", "vegetation", "sky");

  @TempDir Path tmp;

  static BundleManifest manifest(Task task, List<String> classes) {
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        BundlePart.PIPELINE,
        task,
        classes,
        Palette.of(0x804080, 0x464646, 0x6b8e23, 0x4682b4, 0xdc143c).subList(0, classes.size()),
        InputPolicy.multipleOf(4, 8, 256, InputPolicy.OnMismatch.REJECT),
        NormalizationSpec.IMAGENET,
        17,
        8,
        BundleManifest.DEFAULT_MODEL,
        "0".repeat(64),
        Map.of(),
        new Provenance(
            Map.of("alpha", 0.9, "gamma", 0.25),
            11L,
            "deadbeef",
            Map.of(
                "M1",
                Map.of("mIoU", 0.213),
                "M2",
                Map.of("mIoU", 0.099),
                "M3",
                Map.of("mIoU", 0.28),
                "ours",
                Map.of("mIoU", 0.3475))));
  }

  static byte[] images(long seed) {
    byte[] b = new byte[N * H * W * 3];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static List<RgbImage> split(byte[] batch) {
    List<RgbImage> out = new ArrayList<>();
    int per = H * W * 3;
    for (int i = 0; i < N; i++) {
      byte[] px = new byte[per];
      System.arraycopy(batch, i * per, px, 0, per);
      out.add(new RgbImage(H, W, px));
    }
    return out;
  }

  /**
   * Max abs score error and mask agreement of the runtime against TensorFlow; asserts the parity
   * rule.
   */
  static double[] compareSegmentation(
      List<SegmentationResult> rs, Out scores, Out translated, int k, double tolerance) {
    double maxErr = 0;
    long agree = 0;
    long total = 0;
    int hw = H * W;
    for (int n = 0; n < N; n++) {
      SegmentationResult r = rs.get(n);
      for (int p = 0; p < hw; p++) {
        int best = 0;
        for (int c = 0; c < k; c++) {
          float ref = scores.floats()[(n * hw + p) * k + c];
          maxErr = Math.max(maxErr, Math.abs(ref - r.scores()[c * hw + p]));
          if (ref > scores.floats()[(n * hw + p) * k + best]) {
            best = c;
          }
        }
        agree += (r.mask()[p] & 0xFF) == best ? 1 : 0;
        total++;
      }
      byte[] t = r.translated().orElseThrow().pixels();
      for (int i = 0; i < t.length; i++) {
        int d = Math.abs((t[i] & 0xFF) - (translated.bytes()[n * hw * 3 + i] & 0xFF));
        assertTrue(d <= 1, "translated byte " + i + " of image " + n + " differs by " + d);
      }
    }
    double agreement = agree / (double) total;
    System.out.printf(
        "tiny segmentation parity: max abs score error %.3g, mask agreement %.4f%n",
        maxErr, agreement);
    assertTrue(maxErr <= tolerance, "max abs score error " + maxErr + " > " + tolerance);
    return new double[] {maxErr, agreement};
  }

  @Test
  void segmentationPipelineExportedAsBundleMatchesTensorFlowInTheRuntime() throws Exception {
    TinyPipeline tiny = new TinyPipeline(Task.SEGMENTATION, SEG_CLASSES.size(), 5);
    BundleManifest m = manifest(Task.SEGMENTATION, SEG_CLASSES);
    Path dir = tmp.resolve("bundle");
    BundleManifest written =
        BundleWriter.write(
            dir,
            tiny.onnx(WeightPrecision.FLOAT32, Map.of()),
            m,
            ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    assertEquals(written, BundleManifest.read(dir));
    OnnxChecker.check(dir.resolve("model.onnx"));

    byte[] batch = images(1);
    List<Out> ref =
        TfReference.runUint8All(new long[] {N, H, W, 3}, batch, (tf, x) -> tiny.tf(tf, x, H, W));
    try (Pipeline p =
        Pipeline.open(dir, Options.defaults().scores(true).translated(true).intraOpThreads(1))) {
      List<SegmentationResult> rs = p.segmentBatch(split(batch));
      double[] parity = compareSegmentation(rs, ref.get(0), ref.get(1), SEG_CLASSES.size(), 1e-4);
      assertEquals(1.0, parity[1], "every mask pixel agrees");
      assertEquals(
          m.provenance(),
          BundleManifest.parseProvenance(p.modelMetadata().get(ModelMetadata.PROVENANCE)));
      assertEquals("segmentation", p.modelMetadata().get(ModelMetadata.TASK));
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(dir), files.toList(), "no temporary directory left next to the bundle");
    }
  }

  @Test
  void classificationPipelineMatchesTensorFlowInTheRuntime() throws Exception {
    List<String> classes = List.of("cat", "chair", "cup", "horse", "shoe");
    TinyPipeline tiny = new TinyPipeline(Task.CLASSIFICATION, classes.size(), 6);
    Path dir = tmp.resolve("cls");
    BundleWriter.write(
        dir,
        tiny.onnx(WeightPrecision.FLOAT32, Map.of()),
        manifest(Task.CLASSIFICATION, classes),
        ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    OnnxChecker.check(dir.resolve("model.onnx"));
    byte[] batch = images(2);
    Out scores =
        TfReference.runUint8All(new long[] {N, H, W, 3}, batch, (tf, x) -> tiny.tf(tf, x, H, W))
            .get(0);
    try (Pipeline p = Pipeline.open(dir, Options.defaults().scores(true))) {
      List<ClassificationResult> rs = p.classifyBatch(split(batch));
      for (int n = 0; n < N; n++) {
        int best = 0;
        for (int c = 0; c < classes.size(); c++) {
          float ref = scores.floats()[n * classes.size() + c];
          assertEquals(ref, rs.get(n).scores()[c], 1e-5, "score " + c + " of image " + n);
          best = ref > scores.floats()[n * classes.size() + best] ? c : best;
        }
        assertEquals(best, rs.get(n).classId());
        assertEquals(classes.get(best), rs.get(n).className());
      }
    }
  }

  @Test
  void externalDataBundleGivesTheSameResultsAndItsChecksumIsVerified() throws Exception {
    TinyPipeline tiny = new TinyPipeline(Task.SEGMENTATION, SEG_CLASSES.size(), 5);
    ModelProto model = tiny.onnx(WeightPrecision.FLOAT32, Map.of());
    BundleManifest m = manifest(Task.SEGMENTATION, SEG_CLASSES);
    Path inline = tmp.resolve("inline");
    Path external = tmp.resolve("external");
    BundleWriter.write(inline, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    BundleManifest ext = BundleWriter.write(external, model, m, 1024);
    assertEquals(List.of("model.onnx.data"), List.copyOf(ext.externalData().keySet()));
    OnnxChecker.check(external.resolve("model.onnx"));
    List<RgbImage> images = split(images(3));
    try (Pipeline a = Pipeline.open(inline, Options.defaults().scores(true));
        Pipeline b = Pipeline.open(external, Options.defaults().scores(true))) {
      for (RgbImage im : images) {
        SegmentationResult x = a.segment(im);
        SegmentationResult y = b.segment(im);
        assertTrue(java.util.Arrays.equals(x.mask(), y.mask()));
        assertTrue(java.util.Arrays.equals(x.scores(), y.scores()));
      }
    }
    byte[] data = Files.readAllBytes(external.resolve("model.onnx.data"));
    data[data.length - 1] ^= 1;
    Files.write(external.resolve("model.onnx.data"), data);
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(external, Options.defaults()));
    assertTrue(
        e.getMessage().contains("model.onnx.data") && e.getMessage().contains("Checksum mismatch"),
        e.getMessage());
  }

  @Test
  void fp16WeightsHalveTheModelAndStayCloseToFloat32() throws Exception {
    TinyPipeline tiny = new TinyPipeline(Task.SEGMENTATION, SEG_CLASSES.size(), 5);
    BundleManifest m = manifest(Task.SEGMENTATION, SEG_CLASSES);
    Path fp32 = tmp.resolve("fp32");
    Path fp16 = tmp.resolve("fp16");
    ModelProto full = tiny.onnx(WeightPrecision.FLOAT32, Map.of());
    ModelProto half = tiny.onnx(WeightPrecision.FLOAT16, Map.of());
    BundleWriter.write(fp32, full, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    BundleWriter.write(fp16, half, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    OnnxChecker.check(fp16.resolve("model.onnx"));
    // Weights halve; the small float32 constants (normalisation, instance-norm scales) stay.
    long a = OnnxModels.initializerBytes(full);
    long b = OnnxModels.initializerBytes(half);
    assertTrue(b < 0.6 * a, "initializer bytes " + b + " (fp16) vs " + a + " (fp32)");
    assertTrue(Files.size(fp16.resolve("model.onnx")) < Files.size(fp32.resolve("model.onnx")));
    byte[] batch = images(4);
    List<Out> ref =
        TfReference.runUint8All(new long[] {N, H, W, 3}, batch, (tf, x) -> tiny.tf(tf, x, H, W));
    try (Pipeline p = Pipeline.open(fp16, Options.defaults().scores(true).translated(true))) {
      // Half-precision weights (relative rounding up to 2^-11) moved the scores by 7.0e-5 when
      // measured
      // (float32 weights: 8.9e-8); the tolerance leaves a factor of 14.
      compareSegmentation(
          p.segmentBatch(split(batch)), ref.get(0), ref.get(1), SEG_CLASSES.size(), 1e-3);
    }
  }

  @Test
  void tamperedWrongVersionAndMissingFilesAreRefusedByTheRuntime() throws Exception {
    TinyPipeline tiny = new TinyPipeline(Task.SEGMENTATION, SEG_CLASSES.size(), 5);
    ModelProto model = tiny.onnx(WeightPrecision.FLOAT32, Map.of());
    BundleManifest m = manifest(Task.SEGMENTATION, SEG_CLASSES);

    Path tampered = tmp.resolve("tampered");
    BundleWriter.write(tampered, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    byte[] bytes = Files.readAllBytes(tampered.resolve("model.onnx"));
    bytes[bytes.length - 5] ^= 0x10;
    Files.write(tampered.resolve("model.onnx"), bytes);
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(tampered, Options.defaults()));
    assertTrue(
        e.getMessage().contains("Checksum mismatch for") && e.getMessage().contains("model.onnx"),
        e.getMessage());

    Path version = tmp.resolve("version");
    BundleWriter.write(version, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    Path json = version.resolve(BundleManifest.FILE_NAME);
    Files.writeString(
        json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 3"));
    e = assertThrows(BundleException.class, () -> Pipeline.open(version, Options.defaults()));
    assertTrue(e.getMessage().contains("format version 3"), e.getMessage());

    Path missing = tmp.resolve("missing");
    BundleWriter.write(missing, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    Files.delete(missing.resolve(BundleManifest.FILE_NAME));
    e = assertThrows(BundleException.class, () -> Pipeline.open(missing, Options.defaults()));
    assertTrue(e.getMessage().contains("has no bundle.json"), e.getMessage());
  }

  @Test
  void wrongClassCountIsCaughtByTheRuntime() throws Exception {
    TinyPipeline tiny = new TinyPipeline(Task.SEGMENTATION, 3, 5);
    // The model predicts 3 classes; the manifest lists 4. The model's own class metadata is stamped
    // from
    // the manifest, so the runtime sees the contradiction in the scores output's shape.
    Path dir = tmp.resolve("k");
    BundleWriter.write(
        dir,
        tiny.onnx(WeightPrecision.FLOAT32, Map.of()),
        manifest(Task.SEGMENTATION, SEG_CLASSES),
        ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(dir, Options.defaults()));
    assertTrue(
        e.getMessage().contains("has 3 classes") && e.getMessage().contains("lists 4"),
        e.getMessage());
  }

  @Test
  void rewritingReplacesABundleButNeverAnUnrelatedDirectory() throws Exception {
    TinyPipeline tiny = new TinyPipeline(Task.CLASSIFICATION, 2, 7);
    ModelProto model = tiny.onnx(WeightPrecision.FLOAT32, Map.of());
    BundleManifest m = manifest(Task.CLASSIFICATION, List.of("a", "b"));
    Path dir = tmp.resolve("b");
    BundleManifest first =
        BundleWriter.write(dir, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    Files.writeString(dir.resolve("stale.txt"), "from an older export");
    BundleManifest second =
        BundleWriter.write(dir, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD);
    assertEquals(first.modelSha256(), second.modelSha256(), "the same model gives the same bytes");
    assertFalse(Files.exists(dir.resolve("stale.txt")), "the old bundle was replaced as a whole");

    Path other = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(other.resolve("keep.jpg"), "x");
    ExportException e =
        assertThrows(
            ExportException.class,
            () -> BundleWriter.write(other, model, m, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD));
    assertTrue(
        e.getMessage().contains("Will not replace") && e.getMessage().contains("photos"),
        e.getMessage());
    assertTrue(Files.exists(other.resolve("keep.jpg")));

    BundleManifest opset18 =
        new BundleManifest(
            1,
            null,
            Task.CLASSIFICATION,
            List.of("a", "b"),
            null,
            m.inputPolicy(),
            m.normalization(),
            18,
            8,
            null,
            "0".repeat(64),
            null,
            null);
    e =
        assertThrows(
            ExportException.class,
            () ->
                BundleWriter.write(
                    tmp.resolve("c"), model, opset18, ModelOptions.DEFAULT_EXTERNAL_THRESHOLD));
    assertTrue(
        e.getMessage().contains("declares opset 17") && e.getMessage().contains("says opset 18"),
        e.getMessage());
  }
}

package org.real2sim.exporter.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.onnx.OnnxChecker;
import org.real2sim.exporter.parity.ParityChecker;
import org.real2sim.exporter.parity.ParityReport;
import org.real2sim.exporter.parity.ParityTolerance;
import org.real2sim.exporter.parity.SampleImages;
import org.real2sim.exporter.parity.TfInference;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.ModelMetadata;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.RgbImage;

class PipelineExporterTest {

  private static final int S = TinyNetworks.SIDE;

  private static SampleImages samples(int n, long seed) {
    return SampleImages.seededRandom(n, S, S, seed);
  }

  private static RgbImage image(SampleImages s, int i) {
    return s.slice(i, i + 1).rgb().length == 3 * S * S
        ? new RgbImage(S, S, s.slice(i, i + 1).rgb())
        : null;
  }

  private static ExportResult export(ExportSpec spec, Path dir, SampleImages s) {
    return PipelineExporter.export(spec, dir, s, ParityChecker.Options.forSpec(spec));
  }

  @Test
  void segmentationPipelineMatchesTensorFlowInTheRuntimeElementWise(@TempDir Path dir)
      throws Exception {
    ExpertArchitecture expert = TinyNetworks.segmenter(3);
    Map<String, Weights> w = TinyNetworks.weights(expert, 21);
    ExportSpec spec = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).build();
    SampleImages s = samples(3, 1);
    Path bundle = dir.resolve("bundle");

    ExportResult r = export(spec, bundle, s);
    OnnxChecker.check(bundle.resolve("model.onnx"));

    ParityReport p = r.parity();
    assertTrue(p.passed(), p.summary());
    assertEquals(3L * S * S, p.predictions());
    assertEquals(p.predictions(), p.agreeing());
    assertEquals(3L * S * S * 3, p.translatedBytes());
    // Independently: the runtime on the published bundle against TensorFlow, image by image.
    double maxScore = 0;
    int maxTranslated = 0;
    try (TfInference tf = TfInference.open(spec, 1);
        Pipeline pipe = Pipeline.open(bundle, Options.defaults().scores(true).translated(true))) {
      for (int i = 0; i < s.count(); i++) {
        SegmentationResult seg = pipe.segment(image(s, i));
        TfInference.Outputs ref = tf.run(s.slice(i, i + 1), true, true);
        for (int px = 0; px < S * S; px++) {
          assertEquals(ref.predictions()[px], seg.mask()[px] & 0xff, "mask pixel " + px);
          for (int c = 0; c < 3; c++) {
            maxScore =
                Math.max(
                    maxScore, Math.abs(ref.scores()[px * 3 + c] - seg.scores()[c * S * S + px]));
          }
        }
        byte[] tr = seg.translated().orElseThrow().pixels();
        for (int b = 0; b < tr.length; b++) {
          maxTranslated =
              Math.max(maxTranslated, Math.abs((tr[b] & 0xff) - (ref.translated()[b] & 0xff)));
        }
      }
    }
    assertTrue(maxScore <= 1e-4, "max score error " + maxScore);
    assertTrue(maxTranslated <= 1, "max translated error " + maxTranslated);
    System.out.printf("tiny segmentation export: %s%n", p.summary());
  }

  @Test
  void classificationPipelineBundleCarriesItsManifestAndMatchesTensorFlow(@TempDir Path dir)
      throws Exception {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    ExportSpec spec =
        TinyNetworks.spec(BundlePart.PIPELINE, expert, TinyNetworks.weights(expert, 5)).build();
    SampleImages s = samples(4, 2);
    Path bundle = dir.resolve("bundle");

    ExportResult r = export(spec, bundle, s);

    assertTrue(r.parity().passed(), r.parity().summary());
    assertEquals(4, r.parity().predictions());
    BundleManifest m = BundleManifest.read(bundle);
    assertEquals(BundlePart.PIPELINE, m.part());
    assertEquals(Task.CLASSIFICATION, m.task());
    assertEquals(TinyNetworks.classes(4), m.classes());
    assertEquals(InputPolicy.Mode.FIXED, m.inputPolicy().mode());
    assertEquals(0.5, m.provenance().metrics().get("ours").get("accuracy"));
    assertEquals(18, m.opset());
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(bundle.resolve(m.model())));
    Map<String, String> meta = new LinkedHashMap<>();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      meta.put(e.getKey(), e.getValue());
    }
    assertEquals(BundleManifest.provenanceJson(m.provenance()), meta.get(ModelMetadata.PROVENANCE));
    try (TfInference tf = TfInference.open(spec, 1);
        Pipeline pipe = Pipeline.open(bundle, Options.defaults().scores(true))) {
      TfInference.Outputs ref = tf.run(s, true, false);
      for (int i = 0; i < s.count(); i++) {
        ClassificationResult c = pipe.classify(image(s, i));
        assertEquals(ref.predictions()[i], c.classId());
        for (int k = 0; k < 4; k++) {
          assertEquals(ref.scores()[i * 4 + k], c.scores()[k], 1e-4);
        }
      }
    }
  }

  @Test
  void fp16WeightsHalveTheWeightBytesAndPassTheirOwnTolerance(@TempDir Path dir) {
    ExpertArchitecture expert = TinyNetworks.segmenter(3);
    Map<String, Weights> w = TinyNetworks.weights(expert, 21);
    ExportSpec spec = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).fp16(true).build();

    ExportResult fp16 = export(spec, dir.resolve("b"), samples(2, 3));

    assertTrue(fp16.parity().passed(), fp16.parity().summary());
    assertEquals(ParityTolerance.FP16, fp16.parity().tolerance());
    // Every float32 weight of the float32 model is stored as float16 (half the bytes); only the
    // float32 constants (normalisation, instance-norm scale and bias) stay.
    ModelProto full =
        PipelineExporter.model(TinyNetworks.spec(BundlePart.PIPELINE, expert, w).build());
    ModelProto half = PipelineExporter.model(spec);
    long fullFloat = bytes(full, TensorProto.DataType.FLOAT_VALUE);
    long halfFloat = bytes(half, TensorProto.DataType.FLOAT_VALUE);
    long halfHalf = bytes(half, TensorProto.DataType.FLOAT16_VALUE);
    assertTrue(halfHalf > 0);
    assertEquals(fullFloat - halfFloat, 2 * halfHalf);
    System.out.printf("tiny fp16 export: %s%n", fp16.parity().summary());
  }

  private static long bytes(ModelProto m, int type) {
    return m.getGraph().getInitializerList().stream()
        .filter(t -> t.getDataType() == type)
        .mapToLong(t -> t.getRawData().size())
        .sum();
  }

  @Test
  void expertAndGeneratorPartsExportAloneAndMatchTensorFlow(@TempDir Path dir) throws Exception {
    ExpertArchitecture expert = TinyNetworks.classifier(3);
    Map<String, Weights> w = TinyNetworks.weights(expert, 8);
    SampleImages s = samples(2, 4);

    ExportResult m2 =
        export(TinyNetworks.spec(BundlePart.EXPERT, expert, w).build(), dir.resolve("m2"), s);
    ExportResult g =
        export(TinyNetworks.spec(BundlePart.GENERATOR, expert, w).build(), dir.resolve("g"), s);

    assertTrue(m2.parity().passed(), m2.parity().summary());
    assertEquals(0, m2.parity().translatedBytes());
    assertTrue(g.parity().passed(), g.parity().summary());
    assertEquals(0, g.parity().predictions());
    assertEquals(2L * S * S * 3, g.parity().translatedBytes());
    try (Pipeline p = Pipeline.open(dir.resolve("g"), Options.defaults())) {
      assertEquals(List.of("translated"), new ArrayList<>(p.outputs()));
    }
    ModelProto expertOnly =
        ModelProto.parseFrom(Files.readAllBytes(dir.resolve("m2").resolve("model.onnx")));
    assertFalse(
        expertOnly.getGraph().getInitializerList().stream()
            .anyMatch(t -> t.getName().startsWith("g_rs/")),
        "the expert part holds no generator weight");
  }

  @Test
  void classNamesThatContradictTheExpertAreRefused() {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    ExportSpec.Builder b =
        TinyNetworks.spec(
                BundlePart.PIPELINE, expert, Map.of("x", new Weights(new long[] {1}, new float[1])))
            .classes(List.of("a", "b", "c"));

    ExportException e = assertThrows(ExportException.class, b::build);

    assertTrue(
        e.getMessage().contains("3 classes") && e.getMessage().contains("4 outputs"),
        e.getMessage());
  }

  @Test
  void weightsOfAnotherClassCountAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
    Map<String, Weights> w = TinyNetworks.weights(TinyNetworks.classifier(4), 5);
    ExportSpec spec = TinyNetworks.spec(BundlePart.PIPELINE, TinyNetworks.classifier(6), w).build();

    ExportException e =
        assertThrows(ExportException.class, () -> export(spec, dir.resolve("b"), samples(1, 1)));

    assertTrue(
        e.getMessage().contains("expert/fc/kernel") && e.getMessage().contains("6 classes"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("b")));
  }

  @Test
  void layerTheExporterDoesNotKnowIsRefusedAsUnsupported() {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    Map<String, Weights> w = new LinkedHashMap<>(TinyNetworks.weights(expert, 5));
    w.put("expert/aux/conv/kernel", new Weights(new long[] {1, 1, 16, 4}, new float[64]));
    ExportSpec spec = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).build();

    ExportException e = assertThrows(ExportException.class, () -> PipelineExporter.model(spec));

    assertTrue(
        e.getMessage().contains("expert/aux/conv/kernel") && e.getMessage().contains("no layer"),
        e.getMessage());
  }

  @Test
  void unsupportedOpsetIsRefusedWithTheSupportedRange() {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    Map<String, Weights> w = Map.of("x", new Weights(new long[] {1}, new float[1]));

    ExportException e =
        assertThrows(
            ExportException.class,
            () -> TinyNetworks.spec(BundlePart.PIPELINE, expert, w).opset(13).build());

    assertTrue(
        e.getMessage().contains("opset 13") && e.getMessage().contains("17 to 22"), e.getMessage());
  }

  @Test
  void inputPolicyAndSamplesTheGeneratorCannotTakeAreRefused() {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    Map<String, Weights> w = TinyNetworks.weights(expert, 5);

    ExportException policy =
        assertThrows(
            ExportException.class,
            () ->
                TinyNetworks.spec(BundlePart.PIPELINE, expert, w)
                    .inputPolicy(InputPolicy.fixed(30, 32, InputPolicy.OnMismatch.RESIZE))
                    .build());
    ExportSpec spec = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).build();
    ExportException size =
        assertThrows(
            ExportException.class,
            () -> export(spec, Path.of("unused"), SampleImages.seededRandom(1, 18, 16, 1)));

    assertTrue(policy.getMessage().contains("multiples of 4"), policy.getMessage());
    assertTrue(size.getMessage().contains("18x16"), size.getMessage());
  }

  @Test
  void checkpointWeightsRoundTripAndACorruptedCheckpointIsNamed(@TempDir Path dir)
      throws Exception {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    Path ckpt = TinyNetworks.checkpoint(dir.resolve("expert"), expert, 3);
    Map<String, Weights> read = CheckpointWeights.read(dir.resolve("expert"), "expert");
    assertTrue(read.keySet().stream().allMatch(k -> k.startsWith("expert/")));
    assertTrue(read.containsKey("expert/fc/kernel"));

    Path data = ckpt.resolve("variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(data, bytes);
    ExportException e =
        assertThrows(ExportException.class, () -> CheckpointWeights.read(ckpt, "expert"));

    assertTrue(e.getMessage().contains("variables.data-00000-of-00001"), e.getMessage());
    assertTrue(e.getMessage().contains("'expert'"), e.getMessage());
  }

  @Test
  void inGraphResizeTakesAnySizeAndAtTheNetworkSizeEqualsTheGraphWithout(@TempDir Path dir)
      throws Exception {
    ExpertArchitecture expert = TinyNetworks.segmenter(3);
    Map<String, Weights> w = TinyNetworks.weights(expert, 21);
    ExportSpec plain = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).build();
    ExportSpec resizing = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).resizeTo(S, S).build();
    SampleImages s = samples(2, 9);
    ExportResult r = export(resizing, dir.resolve("resizing"), s);
    assertTrue(r.parity().passed(), r.parity().summary());
    BundleManifest m = BundleManifest.read(dir.resolve("resizing"));
    assertEquals(InputPolicy.Mode.ANY, m.inputPolicy().mode());
    assertEquals(S, m.preprocessing().height());
    assertEquals(1, m.minor());
    OnnxChecker.check(dir.resolve("resizing").resolve("model.onnx"));
    export(plain, dir.resolve("plain"), s);
    try (Pipeline a = Pipeline.open(dir.resolve("resizing"), Options.defaults().scores(true));
        Pipeline b = Pipeline.open(dir.resolve("plain"), Options.defaults().scores(true))) {
      // At the network's size the resize is the identity: the same masks and scores.
      for (int i = 0; i < s.count(); i++) {
        SegmentationResult x = a.segment(image(s, i));
        SegmentationResult y = b.segment(image(s, i));
        assertArrayEquals(y.mask(), x.mask());
        for (int k = 0; k < x.scores().length; k++) {
          assertEquals(y.scores()[k], x.scores()[k], 1e-5);
        }
      }
      // Any other size runs: the mask comes back at the image's size, scores at the network's.
      byte[] big = new byte[3 * 37 * 53];
      new java.util.Random(3).nextBytes(big);
      SegmentationResult z = a.segment(big, 37, 53);
      assertEquals(37 * 53, z.mask().length);
      assertEquals(S, z.scoresHeight());
      assertTrue(b.manifest().inputPolicy().mode() != InputPolicy.Mode.ANY);
    }
    // Full-size samples without the training side's preprocessing cannot be judged.
    SampleImages large = SampleImages.seededRandom(1, 24, 40, 3);
    ExportException e =
        assertThrows(
            ExportException.class,
            () ->
                PipelineExporter.export(
                    resizing,
                    dir.resolve("x"),
                    List.of(s, large),
                    ParityChecker.Options.forSpec(resizing)));
    assertTrue(e.getMessage().contains("withReference"), e.getMessage());
    // The in-graph resize needs opset 18.
    e =
        assertThrows(
            ExportException.class,
            () ->
                TinyNetworks.spec(BundlePart.PIPELINE, expert, w).resizeTo(S, S).opset(17).build());
    assertTrue(e.getMessage().contains("opset 18"), e.getMessage());
  }
}

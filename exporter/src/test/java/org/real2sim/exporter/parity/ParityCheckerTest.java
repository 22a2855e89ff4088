package org.real2sim.exporter.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.exporter.pipeline.PipelineExporter;
import org.real2sim.exporter.pipeline.TinyNetworks;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.BundlePart;

class ParityCheckerTest {

  private static Map<String, Weights> shifted(Map<String, Weights> w, String name, float delta) {
    Map<String, Weights> out = new LinkedHashMap<>(w);
    Weights v = w.get(name);
    float[] values = v.values().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] += delta;
    }
    out.put(name, new Weights(v.shape(), values));
    return out;
  }

  @Test
  void modelThatDisagreesWithTensorFlowFailsWithItsNumbers(@TempDir Path dir) {
    ExpertArchitecture expert = TinyNetworks.classifier(4);
    Map<String, Weights> w = TinyNetworks.weights(expert, 5);
    ExportSpec exported = TinyNetworks.spec(BundlePart.PIPELINE, expert, w).build();
    Path model = dir.resolve("model.onnx");
    OnnxModels.save(PipelineExporter.model(exported), model, Long.MAX_VALUE);
    // The reference sees other weights, as an exporter bug would make it: a shifted class bias
    // and a shifted generator output bias.
    ExportSpec reference =
        TinyNetworks.spec(
                BundlePart.PIPELINE,
                expert,
                shifted(shifted(w, "expert/fc/bias", 0.5f), "g_rs/out/bias", 0.2f))
            .build();
    SampleImages s = SampleImages.seededRandom(3, 16, 16, 9);
    ParityChecker.Options o = ParityChecker.Options.forSpec(exported);

    ParityReport measured = ParityChecker.measure(reference, model, s, o);
    ExportException e =
        assertThrows(ExportException.class, () -> ParityChecker.check(reference, model, s, o));

    assertFalse(measured.passed());
    assertTrue(measured.maxScoreError() > 1e-3, measured.summary());
    assertTrue(measured.maxTranslatedError() > 1, measured.summary());
    assertTrue(
        e.getMessage().contains("FAILED") && e.getMessage().contains("max |Δscore|"),
        e.getMessage());
    assertTrue(ParityChecker.check(exported, model, s, o).passed());
  }

  @Test
  void scoresAreComparedAcrossLayoutsAndFlipsAtTiesFollowTheMargin() {
    // One image, 2 pixels, 2 classes. Reference channels-last [p0c0, p0c1, p1c0, p1c1];
    // ONNX channels-first [c0p0, c0p1, c1p0, c1p1].
    float[] ref = {0.6f, 0.4f, 0.500005f, 0.499995f};
    float[] ort = {0.6f, 0.49999f, 0.4f, 0.50001f};
    long[] refPred = {0, 0};
    long[] ortPred = {0, 1};

    ParityAccumulator strict = new ParityAccumulator(ParityTolerance.FP32);
    strict.scores(ref, ort, refPred, ortPred, 1, 2, 2);
    ParityAccumulator loose = new ParityAccumulator(ParityTolerance.FP16);
    loose.scores(ref, ort, refPred, ortPred, 1, 2, 2);
    ParityReport a = strict.report(new SampleImages(1, 1, 2, new byte[6]));
    ParityReport b = loose.report(new SampleImages(1, 1, 2, new byte[6]));

    // |0.500005 - 0.49999| = 1.5e-5 and |0.499995 - 0.50001| = 1.5e-5 (float rounding aside).
    assertEquals(1.5e-5, a.maxScoreError(), 1e-6);
    assertEquals(2, a.predictions());
    assertEquals(1, a.agreeing());
    assertEquals(0, a.ties());
    assertFalse(a.passed(), "float32 allows no flip, even at a near-tie of 1e-5");
    assertEquals(1, b.ties());
    assertTrue(b.passed(), "float16 allows a flip where the reference margin is 1e-5 < 2e-2");
  }

  @Test
  void translatedBytesAreComparedAsUnsigned() {
    ParityAccumulator acc = new ParityAccumulator(ParityTolerance.FP32);
    acc.translated(new byte[] {(byte) 255, 0, 10}, new byte[] {(byte) 254, 0, 10});
    ParityReport r = acc.report(new SampleImages(1, 1, 1, new byte[3]));

    assertEquals(1, r.maxTranslatedError());
    assertEquals(2, r.translatedIdentical());
    assertTrue(r.passed());
    assertTrue(r.summary().contains("66.6667% of bytes identical"), r.summary());
  }

  @Test
  void optionsAndTolerancesRejectNegativeNumbers() {
    assertThrows(ExportException.class, () -> new ParityTolerance(-1, 0, 0));
    assertThrows(
        ExportException.class, () -> new ParityChecker.Options(ParityTolerance.FP32, 0, 0));
    assertEquals(
        List.of(1e-4, 0.0),
        List.of(ParityTolerance.FP32.scores(), ParityTolerance.FP32.tieMargin()));
  }
}

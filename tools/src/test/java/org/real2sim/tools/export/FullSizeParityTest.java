package org.real2sim.tools.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.onnx.ImageStages;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.parity.ParityChecker;
import org.real2sim.exporter.parity.ParityReport;
import org.real2sim.exporter.parity.ParityTolerance;
import org.real2sim.exporter.parity.SampleImages;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.exporter.pipeline.PipelineExporter;
import org.real2sim.exporter.pipeline.SeededWeights;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.runtime.bundle.BundlePart;

/**
 * The bundle's in-graph preprocessing against the trainer's: full-size images of several sizes and
 * aspect ratios (shrinking, stretching, enlarging) through the exported graph in ONNX Runtime, and
 * through the trainer's {@code ImageOps} resize and scaling plus the TensorFlow networks, agree
 * within the export tolerance. Here, where both the trainer and the exporter are visible.
 */
class FullSizeParityTest {

  private static final int NET = 16;

  private static List<SampleImages> fullSizeImages() {
    List<SampleImages> out = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(11);
    int[][] sizes = {{128, 128}, {96, 160}, {150, 70}, {37, 53}, {16, 16}, {9, 12}, {480, 640}};
    for (int[] s : sizes) {
      // Smooth content plus noise: a random low-resolution image enlarged, then noise added.
      byte[] small = new byte[3 * 8 * 8];
      rng.nextBytes(small);
      List<byte[]> images = new ArrayList<>();
      images.add(ParityImages.noisyResize(small, 8, 8, s[0], s[1], 25, rng));
      out.add(SampleImages.stack(images, s[0], s[1]));
    }
    return out;
  }

  @Test
  void exportedGraphMatchesTrainerPreprocessingAndTensorFlowAtEverySize() throws Exception {
    ResnetGenerator.Config g = new ResnetGenerator.Config(4, 1, 3, 3);
    ExpertArchitecture f = new ExpertArchitecture.Classifier(new ResNet.Config(18, 2, 3, 3));
    ExportSpec spec =
        ExportSpec.builder(BundlePart.PIPELINE)
            .classes(List.of("a", "b", "c"))
            .generator(g)
            .expert(f, Normalization.IMAGENET)
            .weights(SeededWeights.of(g, Names.G_RS, f, Names.EXPERT, Normalization.IMAGENET, 4))
            .resizeTo(NET, NET)
            .build();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parity");
    try {
      java.nio.file.Path model = dir.resolve("model.onnx");
      OnnxModels.save(PipelineExporter.model(spec), model, Long.MAX_VALUE);
      List<SampleImages> images = fullSizeImages();
      ParityReport r =
          ParityChecker.check(
              spec,
              model,
              images,
              new ParityChecker.Options(ParityTolerance.forWeights(false), 1, 1)
                  .withReference(TrainerPreprocessing.INSTANCE));
      assertTrue(r.passed(), r.summary());
      assertEquals(images.size(), r.images());
      assertEquals(r.predictions(), r.agreeing(), r.summary());
      System.out.println("full-size parity: " + r.summary());
    } finally {
      try (var s = java.nio.file.Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theGraphsResizeIsTheTrainersFilterToFloatPrecision() throws Exception {
    // Only the preprocessing: ONNX Resize (antialias, exclude_outside, half-pixel) in ONNX Runtime
    // against the trainer's ImageOps, output in [-1, 1].
    OnnxContext ctx = new OnnxContext("pre", 18, OnnxContext.WeightPrecision.FLOAT32);
    String image = ImageStages.imageInput(ctx, "N", "H", "W");
    String x = ImageStages.toNetwork(ctx, image, ImageStages.PixelRange.SYMMETRIC, NET, NET + 8);
    ctx.output(x, "x", ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE, "N", 3, NET, NET + 8);
    byte[] model =
        OnnxModels.assemble(
                ctx, OnnxModels.ModelOptions.defaults().withOpset(18), java.util.Map.of(), "pre")
            .toByteArray();
    var env = org.real2sim.runtime.RuntimeEnvironment.environment();
    double max = 0;
    try (var so = new ai.onnxruntime.OrtSession.SessionOptions();
        var s = env.createSession(model, so)) {
      for (SampleImages im : fullSizeImages()) {
        float[] ref =
            TrainerPreprocessing.INSTANCE.apply(im.rgb(), im.height(), im.width(), NET, NET + 8);
        try (var t =
                ai.onnxruntime.OnnxTensor.createTensor(
                    env,
                    java.nio.ByteBuffer.wrap(im.rgb()),
                    im.shape(),
                    ai.onnxruntime.OnnxJavaType.UINT8);
            var r = s.run(java.util.Map.of("image", t))) {
          java.nio.FloatBuffer out = ((ai.onnxruntime.OnnxTensor) r.get(0)).getFloatBuffer();
          int hw = NET * (NET + 8);
          for (int p = 0; p < hw; p++) {
            for (int c = 0; c < 3; c++) {
              max = Math.max(max, Math.abs(out.get(c * hw + p) - ref[3 * p + c]));
            }
          }
        }
      }
    }
    assertTrue(max < 1e-5, "max |graph - trainer| = " + max);
    System.out.printf("in-graph resize vs trainer ImageOps: max abs difference %.2e%n", max);
  }
}

package org.real2sim.exporter.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.bundle.BundleWriter;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.Provenance;

/**
 * The one tiny real bundle: a seeded G_RS (ngf 4, one residual block) and a ResNet-18 classifier or
 * DeepLabV3-ResNet-18 segmenter of width 2, written by the exporter's own writers in the current
 * bundle format (in-graph resize to {@value #SIDE}×{@value #SIDE}). For soak and smoke runs of the
 * runtime and for tests of the modules that can see the exporter; its predictions mean nothing. The
 * runtime's own tests build their models from protobuf classes instead (they cannot depend on the
 * exporter), with exact arithmetic and crafted variants.
 */
public final class TinyExport {

  /** The generator's architecture. */
  public static final ResnetGenerator.Config GENERATOR = new ResnetGenerator.Config(4, 1, 3, 3);

  /** The network's input side (a multiple of 4, as the generator needs). */
  public static final int SIDE = 16;

  private TinyExport() {}

  /**
   * A DeepLabV3-ResNet-18 (width 2, output stride 8, ASPP 4, rates 1/2/3) with {@code k} classes.
   */
  public static ExpertArchitecture segmenter(int k) {
    return new ExpertArchitecture.Segmenter(
        new DeepLabV3.Config(18, 2, k, 3, 8, 4, List.of(1, 2, 3), 0.5));
  }

  /** A ResNet-18 classifier of width 2 with {@code k} classes. */
  public static ExpertArchitecture classifier(int k) {
    return new ExpertArchitecture.Classifier(new ResNet.Config(18, 2, k, 3));
  }

  /** Class names c0, c1, …. */
  public static List<String> classes(int k) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add("c" + i);
    }
    return out;
  }

  /** The networks' own seeded initial weights of {@code g_rs} and {@code expert}. */
  public static Map<String, Weights> weights(ExpertArchitecture expert, long seed) {
    return SeededWeights.of(
        GENERATOR, Names.G_RS, expert, Names.EXPERT, Normalization.IMAGENET, seed);
  }

  /**
   * A pipeline spec with these networks and {@code weights}: ImageNet normalisation, the in-graph
   * resize to {@value #SIDE}×{@value #SIDE}, a small provenance.
   */
  public static ExportSpec.Builder spec(
      BundlePart part, ExpertArchitecture expert, Map<String, Weights> weights) {
    return ExportSpec.builder(part)
        .task(expert.task())
        .classes(classes(expert.numClasses()))
        .generator(GENERATOR)
        .expert(expert, Normalization.IMAGENET)
        .weights(weights)
        .resizeTo(SIDE, SIDE)
        .provenance(
            new Provenance(
                Map.of("name", "tiny"),
                7L,
                "test",
                Map.of("ours", Map.of("accuracy", 0.5), "M2", Map.of("accuracy", 0.25))));
  }

  /**
   * Writes the tiny pipeline bundle of {@code expert} with seeded weights into {@code dir} (created
   * or replaced), without a parity check; returns its manifest.
   */
  public static BundleManifest write(Path dir, ExpertArchitecture expert, long seed) {
    ExportSpec spec = spec(BundlePart.PIPELINE, expert, weights(expert, seed)).build();
    return BundleWriter.write(
        dir,
        PipelineExporter.model(spec),
        PipelineExporter.manifest(spec),
        PipelineExporter.modelOptions(spec).externalDataThreshold());
  }
}

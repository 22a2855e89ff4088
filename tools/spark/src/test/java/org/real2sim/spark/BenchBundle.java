package org.real2sim.spark;

import java.nio.file.Path;
import java.util.Map;
import org.real2sim.exporter.bundle.BundleWriter;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.exporter.pipeline.PipelineExporter;
import org.real2sim.exporter.pipeline.SeededWeights;
import org.real2sim.exporter.pipeline.TinyExport;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.runtime.bundle.BundlePart;

/**
 * Writes a seeded bundle for {@link ThroughputBench} (not a test): {@code tiny} (TinyExport's
 * 16-pixel classifier) or {@code quickstart} (the quick start's architecture with seeded weights:
 * G_RS ngf 16 with 3 residual blocks and a ResNet-18 of width 16 over 10 classes at 32 × 32, so the
 * compute per image is the quick start's; its predictions mean nothing).
 */
public final class BenchBundle {

  private BenchBundle() {}

  /** {@code BenchBundle DIR [tiny|quickstart]}. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String size = args.length > 1 ? args[1] : "quickstart";
    if (size.equals("tiny")) {
      TinyExport.write(dir, TinyExport.classifier(10), 5);
      return;
    }
    if (!size.equals("quickstart")) {
      throw new IllegalArgumentException(
          "Unknown bundle size '" + size + "', expected one of [tiny, quickstart]");
    }
    ExpertArchitecture expert = new ExpertArchitecture.Classifier(new ResNet.Config(18, 16, 10, 3));
    ResnetGenerator.Config g = new ResnetGenerator.Config(16, 3, 3, 3);
    Map<String, Weights> w =
        SeededWeights.of(g, Names.G_RS, expert, Names.EXPERT, Normalization.IMAGENET, 5);
    ExportSpec spec =
        TinyExport.spec(BundlePart.PIPELINE, expert, w).generator(g).resizeTo(32, 32).build();
    BundleWriter.write(
        dir,
        PipelineExporter.model(spec),
        PipelineExporter.manifest(spec),
        PipelineExporter.modelOptions(spec).externalDataThreshold());
  }
}

package org.real2sim.exporter.nets;

import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.spec.Macs;
import org.real2sim.models.spec.Net;
import org.real2sim.runtime.bundle.Task;

/**
 * The expert f's architecture as the exporter needs it: its spec (written as ONNX by {@link
 * OnnxBuilder}, counted by {@code Macs} for benchmarks) and its TensorFlow network, built again for
 * the parity check. One of a {@link Classifier ResNet classifier} or a {@link Segmenter DeepLabV3
 * segmenter}.
 */
public sealed interface ExpertArchitecture
    permits ExpertArchitecture.Classifier, ExpertArchitecture.Segmenter {

  /** What the expert predicts. */
  Task task();

  /** The number of classes K of the logits. */
  int numClasses();

  /** A short description for messages, e.g. {@code "resnet18 (width 4)"}. */
  String describe();

  /** The network described once: its ONNX ({@link #write}) and MACs ({@link #macs}) follow. */
  Net spec();

  /** The same network in TensorFlow, its variables named under {@code name} in {@code vars}. */
  ExpertNetwork build(String name, VarStore vars, Normalization normalization);

  /**
   * Writes the network {@code name} on NCHW {@code x} (already in its normalisation) from its
   * {@link #spec}; returns the logits, [N, K] or [N, K, H, W].
   */
  default String write(OnnxContext ctx, String x, WeightSet w, String name) {
    return OnnxBuilder.write(ctx, x, w, name, spec());
  }

  /** Multiply-accumulates for one {@code h × w} image, from the {@link #spec}. */
  default long macs(int h, int w) {
    return Macs.of(spec(), h, w).total();
  }

  /**
   * A ResNet classifier (logits [N, K]).
   *
   * @param config the architecture; its class count is K
   */
  record Classifier(ResNet.Config config) implements ExpertArchitecture {

    @Override
    public Task task() {
      return Task.CLASSIFICATION;
    }

    @Override
    public int numClasses() {
      return config.numClasses();
    }

    @Override
    public String describe() {
      return "resnet"
          + config.depth()
          + " (width "
          + config.width()
          + (config.stem() == org.real2sim.models.resnet.Stem.CIFAR ? ", CIFAR stem" : "")
          + ")";
    }

    @Override
    public Net spec() {
      return ResNet.spec(config);
    }

    @Override
    public ExpertNetwork build(String name, VarStore vars, Normalization normalization) {
      return ExpertNetwork.classifier(new ResNet(config, name, vars), normalization);
    }
  }

  /**
   * A DeepLabV3 segmenter (logits [N, K, H, W] at the input size).
   *
   * @param config the architecture; its class count is K
   */
  record Segmenter(DeepLabV3.Config config) implements ExpertArchitecture {

    @Override
    public Task task() {
      return Task.SEGMENTATION;
    }

    @Override
    public int numClasses() {
      return config.numClasses();
    }

    @Override
    public String describe() {
      return "deeplabv3-resnet"
          + config.depth()
          + " (width "
          + config.width()
          + ", output stride "
          + config.outputStride()
          + ")";
    }

    @Override
    public Net spec() {
      return DeepLabV3.spec(config);
    }

    @Override
    public ExpertNetwork build(String name, VarStore vars, Normalization normalization) {
      return ExpertNetwork.segmenter(new DeepLabV3(config, name, vars), normalization);
    }
  }
}

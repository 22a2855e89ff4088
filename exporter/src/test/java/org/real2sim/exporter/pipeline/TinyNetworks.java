package org.real2sim.exporter.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.nets.NetFixture;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.Provenance;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A seeded tiny generator and expert for the exporter's tests: G_RS with ngf 4 and one residual
 * block; a ResNet-18 classifier or a DeepLabV3-ResNet-18 segmenter of width 2. Weights are the
 * networks' own seeded initial values, with batch-norm parameters and running statistics replaced
 * by seeded random values so that the folding is exercised.
 */
public final class TinyNetworks {

  /** The generator's architecture. */
  public static final ResnetGenerator.Config GENERATOR = new ResnetGenerator.Config(4, 1, 3, 3);

  /** The image side of the fixtures (a multiple of 4, as the generator needs). */
  public static final int SIDE = 16;

  private TinyNetworks() {}

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

  /**
   * Seeded weights of {@code g_rs} and {@code expert} (computed once per architecture and seed).
   */
  public static synchronized Map<String, Weights> weights(ExpertArchitecture expert, long seed) {
    return CACHE.computeIfAbsent(expert + "#" + seed, k -> compute(expert, seed));
  }

  private static final Map<String, Map<String, Weights>> CACHE = new HashMap<>();

  private static Map<String, Weights> compute(ExpertArchitecture expert, long seed) {
    return NetFixture.randomBatchNorm(
        SeededWeights.of(GENERATOR, Names.G_RS, expert, Names.EXPERT, Normalization.IMAGENET, seed),
        seed ^ 0xB17L);
  }

  /**
   * Saves the networks' seeded initial weights as a checkpoint under {@code root} (a stage root
   * with a {@code latest} pointer); returns the checkpoint directory.
   */
  public static Path checkpoint(Path root, ExpertArchitecture expert, long seed)
      throws IOException {
    try (Graph g = new Graph()) {
      VarStore vars = build(g, expert, seed);
      try (Session s = TfSessions.open(g, 1)) {
        vars.initialize(s);
        return new Checkpoints(root, new Saver(vars, vars.all())).save(s, 1);
      }
    }
  }

  /**
   * A spec of {@code part} with these networks and weights: ImageNet normalisation, input fixed to
   * {@value #SIDE}×{@value #SIDE} with resize, a small provenance.
   */
  public static ExportSpec.Builder spec(
      BundlePart part, ExpertArchitecture expert, Map<String, Weights> weights) {
    return ExportSpec.builder(part)
        .task(expert.task())
        .classes(classes(expert.numClasses()))
        .generator(GENERATOR)
        .expert(expert, Normalization.IMAGENET)
        .weights(weights)
        .inputPolicy(InputPolicy.fixed(SIDE, SIDE, InputPolicy.OnMismatch.RESIZE))
        .provenance(
            new Provenance(
                Map.of("name", "tiny"),
                7L,
                "test",
                Map.of("ours", Map.of("accuracy", 0.5), "M2", Map.of("accuracy", 0.25))));
  }

  private static VarStore build(Graph g, ExpertArchitecture expert, long seed) {
    Ops tf = Ops.create(g);
    VarStore vars = new VarStore(g, seed);
    Operand<TFloat32> x =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    Operand<TFloat32> y = new ResnetGenerator(GENERATOR, Names.G_RS, vars).call(tf, x);
    ExpertNetwork f = expert.build(Names.EXPERT, vars, Normalization.IMAGENET);
    f.callOnGenerated(tf, y, false);
    return vars;
  }
}

package org.real2sim.exporter.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.nets.NetFixture;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
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

  /** The generator's architecture ({@link TinyExport#GENERATOR}). */
  public static final ResnetGenerator.Config GENERATOR = TinyExport.GENERATOR;

  /** The image side of the fixtures ({@link TinyExport#SIDE}). */
  public static final int SIDE = TinyExport.SIDE;

  private TinyNetworks() {}

  /** {@link TinyExport#segmenter}. */
  public static ExpertArchitecture segmenter(int k) {
    return TinyExport.segmenter(k);
  }

  /** {@link TinyExport#classifier}. */
  public static ExpertArchitecture classifier(int k) {
    return TinyExport.classifier(k);
  }

  /** {@link TinyExport#classes}. */
  public static List<String> classes(int k) {
    return TinyExport.classes(k);
  }

  /**
   * Seeded weights of {@code g_rs} and {@code expert} (computed once per architecture and seed).
   */
  public static synchronized Map<String, Weights> weights(ExpertArchitecture expert, long seed) {
    return CACHE.computeIfAbsent(expert + "#" + seed, k -> compute(expert, seed));
  }

  private static final Map<String, Map<String, Weights>> CACHE = new HashMap<>();

  private static Map<String, Weights> compute(ExpertArchitecture expert, long seed) {
    return NetFixture.randomBatchNorm(TinyExport.weights(expert, seed), seed ^ 0xB17L);
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
        // The trainer publishes checkpoints; here one is written in place with its pointer.
        Path dir = root.resolve("ckpt-00000001");
        java.nio.file.Files.createDirectories(dir);
        Checkpoints.write(s, new Saver(vars, vars.all()), dir, 1, d -> {});
        java.nio.file.Files.writeString(root.resolve(Checkpoints.LATEST), dir.getFileName() + "\n");
        return dir;
      }
    }
  }

  /**
   * A spec of {@code part} with these networks and weights: ImageNet normalisation, input fixed to
   * {@value #SIDE}×{@value #SIDE} with resize, a small provenance.
   */
  public static ExportSpec.Builder spec(
      BundlePart part, ExpertArchitecture expert, Map<String, Weights> weights) {
    return TinyExport.spec(part, expert, weights)
        .inputPolicy(InputPolicy.fixed(SIDE, SIDE, InputPolicy.OnMismatch.RESIZE));
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

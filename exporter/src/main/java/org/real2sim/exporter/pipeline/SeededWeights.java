package org.real2sim.exporter.pipeline;

import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The networks' own seeded initial weights (tf-models' initialisers, {@link VarStore#initialize}),
 * for benchmarks and smoke exports where no trained checkpoint exists. The same seed gives the same
 * weights.
 */
public final class SeededWeights {

  private SeededWeights() {}

  /**
   * The initial weights of the generator (when {@code generator} is not null) under {@code
   * generatorName} and of the expert (when {@code expert} is not null) under {@code expertName}.
   *
   * @throws ExportException wrapping a TensorFlow failure
   */
  public static Map<String, Weights> of(
      ResnetGenerator.Config generator,
      String generatorName,
      ExpertArchitecture expert,
      String expertName,
      Normalization normalization,
      long seed) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VarStore vars = new VarStore(g, seed);
      Operand<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      if (generator != null) {
        x = new ResnetGenerator(generator, generatorName, vars).call(tf, x);
      }
      if (expert != null) {
        expert.build(expertName, vars, normalization).callOnGenerated(tf, x, false);
      }
      try (Session s = TfSessions.open(g, 1)) {
        vars.initialize(s);
        return vars.read(s, List.of());
      }
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new ExportException("Cannot draw seeded weights: " + e.getMessage(), e);
    }
  }
}

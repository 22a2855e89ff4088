package org.real2sim.trainer.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.stage.TrainContext;
import org.real2sim.trainer.stage.TrainingException;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Scores networks restored from checkpoints, for {@link Evaluation}: a fresh graph on an input
 * placeholder, the networks' weights assigned from their checkpoints, and the {@link Evaluator}.
 */
final class CheckpointScoring {

  private CheckpointScoring() {}

  /**
   * The logits of a scored graph on its input {@code x}, the networks' variables in {@code vars}.
   */
  @FunctionalInterface
  interface Logits {
    Operand<TFloat32> build(Ops tf, VarStore vars, Operand<TFloat32> x);
  }

  /**
   * Scores the argmax of {@code logits} on {@code samples} of {@code data}, after assigning each
   * network's weights from its checkpoint, in the order of {@code checkpoints}.
   */
  static Evaluator.Score score(
      TrainContext ctx,
      Dataset data,
      List<Sample> samples,
      String label,
      Logits logitsOf,
      List<Map.Entry<String, Path>> checkpoints) {
    try (Graph g = new Graph()) {
      VarStore vars = new VarStore(g, 0);
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("input")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      Operand<TFloat32> logits = logitsOf.build(tf, vars, x);
      Operand<TInt32> pred =
          tf.math.argMax(logits, tf.constant(logits.shape().numDimensions() - 1), TInt32.class);
      try (org.tensorflow.Session s = TfSessions.open(g, ctx.threads())) {
        vars.initialize(s);
        for (Map.Entry<String, Path> c : checkpoints) {
          assign(s, vars, c.getValue(), c.getKey());
        }
        Evaluator ev = ctx.evaluator(data, samples);
        try (ProgressBar bar = ctx.progress("evaluate " + label, ev.size())) {
          return ev.score(s, x, pred, bar);
        }
      }
    }
  }

  private static void assign(
      org.tensorflow.Session s, VarStore vars, Path checkpoint, String network) {
    Map<String, Weights> weights;
    try {
      weights = Checkpoints.read(checkpoint, network);
    } catch (IOException e) {
      throw new TrainingException(
          "Cannot read " + network + " from " + checkpoint + ": " + e.getMessage(), e);
    }
    Map<String, Weights> use = new LinkedHashMap<>();
    for (VarStore.Var v : vars.under(network)) {
      Weights wt = weights.get(v.name());
      if (wt == null || !Arrays.equals(wt.shape(), v.shape())) {
        throw new TrainingException(
            "Checkpoint "
                + checkpoint
                + " does not fit the configured "
                + network
                + ": variable "
                + v.name()
                + (wt == null
                    ? " is missing"
                    : " has shape "
                        + Arrays.toString(wt.shape())
                        + ", expected "
                        + Arrays.toString(v.shape())));
      }
      use.put(v.name(), wt);
    }
    vars.assign(s, use);
  }
}

package org.real2sim.models.cyclegan;

import org.real2sim.models.expert.ExpertNetwork;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The evaluation path of a {@link CycleGanModel}, in the name scope {@code eval}: G_RS on any real
 * image and, with an expert, f(G_RS(x)) and its argmax.
 *
 * @param input real images [N, H, W, 3] in [−1, 1], any batch and size divisible by 4
 * @param translated G_RS(input) in [−1, 1]
 * @param logits f(G_RS(input)) logits, or null without an expert
 * @param predictions argmax of the logits over classes, int32 [N] or [N, H, W]; null without an
 *     expert
 */
record EvalPath(
    Placeholder<TFloat32> input,
    Operand<TFloat32> translated,
    Operand<TFloat32> logits,
    Operand<TInt32> predictions) {

  /** Builds the path on {@code gRs} (sharing its variables) and, when not null, {@code expert}. */
  static EvalPath build(Ops tf, ResnetGenerator gRs, ExpertNetwork expert) {
    Ops ev = tf.withSubScope("eval");
    Placeholder<TFloat32> evalInput =
        ev.withName("input")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    Operand<TFloat32> evalTranslated = ev.withName("translated").identity(gRs.call(ev, evalInput));
    if (expert == null) {
      return new EvalPath(evalInput, evalTranslated, null, null);
    }
    Operand<TFloat32> evalLogits =
        ev.withName("logits").identity(expert.callOnGenerated(ev, evalTranslated, false));
    Operand<TInt32> evalPredictions =
        ev.withName("predictions")
            .math
            .argMax(evalLogits, ev.constant(evalLogits.shape().numDimensions() - 1), TInt32.class);
    return new EvalPath(evalInput, evalTranslated, evalLogits, evalPredictions);
  }
}

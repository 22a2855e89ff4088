package org.real2sim.exporter.nets;

import java.util.List;
import java.util.Map;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxOp;
import org.real2sim.models.expert.InputAdapter;
import org.real2sim.models.expert.Normalization;

/**
 * Writes tf-models' {@link InputAdapter#fromGenerator}: the map from a generator's [−1, 1] output
 * (or an image scaled to [−1, 1]) to the expert's normalisation, as the same two operators with the
 * same float constants, {@code Mul} by {@link Normalization#generatorScale()} and {@code Add} of
 * {@link Normalization#generatorShift()}, broadcast over NCHW as [1, 3, 1, 1]. Nothing is written
 * for {@link Normalization#SYMMETRIC}, where the map is the identity.
 */
public final class InputAdapterWriter {

  private InputAdapterWriter() {}

  /** Writes the adapter on NCHW {@code x}; returns {@code x} itself for the symmetric case. */
  public static String fromGenerator(OnnxContext ctx, String x, Normalization n) {
    if (n.equals(Normalization.SYMMETRIC)) {
      return x;
    }
    long[] dims = {1, 3, 1, 1};
    String scaled =
        ctx.node(
            OnnxOp.MUL,
            List.of(x, ctx.constant(dims, n.generatorScale())),
            Map.of(),
            "adapter/scale");
    return ctx.node(
        OnnxOp.ADD,
        List.of(scaled, ctx.constant(dims, n.generatorShift())),
        Map.of(),
        "adapter/shift");
  }
}

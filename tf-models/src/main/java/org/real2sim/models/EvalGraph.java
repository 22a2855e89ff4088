package org.real2sim.models;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A training graph's evaluation path, as a stage's validation feeds it: images in, the predicted
 * class of each image (or pixel) out. Both the CycleGAN graph (f(G_RS(x))) and the supervised graph
 * (f(x)) have one.
 */
public interface EvalGraph {

  /** The evaluation images, {@code [N, H, W, 3]}. */
  Operand<TFloat32> evalInput();

  /** The arg-max class of each evaluation image ({@code [N]}) or pixel ({@code [N, H, W]}). */
  Operand<TInt32> evalPredictions();
}

package org.real2sim.trainer.stage;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Wraps Java arrays as tensors without per-element copies, and reads them back; shared by the stage
 * trainers and the evaluator ({@code trainer.eval}). The caller closes every tensor returned.
 */
public final class Tensors {

  private Tensors() {}

  /** A float tensor of {@code shape} over {@code values}. */
  public static TFloat32 floats(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  /** An int tensor of {@code shape} over {@code values}. */
  public static TInt32 ints(int[] values, long... shape) {
    return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  /** A float scalar. */
  public static TFloat32 scalar(double v) {
    return TFloat32.scalarOf((float) v);
  }

  /** The values of a float tensor, in row-major order. */
  public static float[] toFloats(TFloat32 t) {
    float[] a = new float[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asFloats().read(a);
    return a;
  }

  /** The values of an int tensor, in row-major order. */
  public static int[] toInts(TInt32 t) {
    int[] a = new int[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asInts().read(a);
    return a;
  }

  /** The value of a float scalar. */
  public static float scalarOf(TFloat32 t) {
    return t.getFloat();
  }
}

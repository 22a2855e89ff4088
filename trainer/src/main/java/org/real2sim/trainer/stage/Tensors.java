package org.real2sim.trainer.stage;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Wraps Java arrays as tensors without per-element copies, and reads them back. */
final class Tensors {

  private Tensors() {}

  static TFloat32 floats(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  static TInt32 ints(int[] values, long... shape) {
    return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  static TFloat32 scalar(double v) {
    return TFloat32.scalarOf((float) v);
  }

  static float[] toFloats(TFloat32 t) {
    float[] a = new float[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asFloats().read(a);
    return a;
  }

  static int[] toInts(TInt32 t) {
    int[] a = new int[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asInts().read(a);
    return a;
  }

  static float scalarOf(TFloat32 t) {
    return t.getFloat();
  }
}

package org.real2sim.exporter.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Runs TensorFlow raw ops on NHWC data in a fresh graph: the independent reference the ONNX writers
 * are compared with. Also converts between NCHW and NHWC layouts.
 */
public final class TfReference {

  private TfReference() {}

  /** A tensor read back into Java: its shape and its values (floats, longs or unsigned bytes). */
  public record Out(long[] shape, float[] floats, long[] longs, byte[] bytes) {}

  /** Runs {@code f} on a float32 NHWC input and returns its output. */
  public static Out run(
      long[] shape,
      float[] data,
      BiFunction<Ops, Operand<TFloat32>, ? extends Operand<? extends TType>> f) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
      Operand<? extends TType> y = f.apply(tf, x);
      try (Session s = TfSessions.open(g, 1);
          TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
          Result r = s.runner().feed(x, in).fetch(y).run()) {
        return read(r.get(0));
      }
    }
  }

  /** Runs {@code f} on a uint8 NHWC input and returns its output. */
  public static Out runUint8(
      long[] shape,
      byte[] data,
      BiFunction<Ops, Operand<TUint8>, List<Operand<? extends TType>>> f,
      int output) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> x = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(shape)));
      List<Operand<? extends TType>> ys = f.apply(tf, x);
      try (Session s = TfSessions.open(g, 1);
          TUint8 in = TUint8.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
          Result r = s.runner().feed(x, in).fetch(ys.get(output)).run()) {
        return read(r.get(0));
      }
    }
  }

  /** Runs {@code f} on a uint8 NHWC input and returns all its outputs, in order. */
  public static List<Out> runUint8All(
      long[] shape,
      byte[] data,
      BiFunction<Ops, Operand<TUint8>, List<Operand<? extends TType>>> f) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> x = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(shape)));
      List<Operand<? extends TType>> ys = f.apply(tf, x);
      try (Session s = TfSessions.open(g, 1);
          TUint8 in = TUint8.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false))) {
        Session.Runner runner = s.runner().feed(x, in);
        ys.forEach(runner::fetch);
        try (Result r = runner.run()) {
          List<Out> outs = new java.util.ArrayList<>();
          for (int i = 0; i < ys.size(); i++) {
            outs.add(read(r.get(i)));
          }
          return outs;
        }
      }
    }
  }

  private static Out read(Tensor t) {
    long[] shape = t.shape().asArray();
    int n = Math.toIntExact(t.shape().size());
    if (t instanceof TFloat32 f) {
      float[] v = new float[n];
      f.asRawTensor().data().asFloats().read(v);
      return new Out(shape, v, null, null);
    }
    if (t instanceof TInt64 l) {
      long[] v = new long[n];
      l.asRawTensor().data().asLongs().read(v);
      return new Out(shape, null, v, null);
    }
    if (t instanceof TUint8 b) {
      byte[] v = new byte[n];
      b.asRawTensor().data().read(v);
      return new Out(shape, null, null, v);
    }
    throw new IllegalArgumentException("unsupported output type " + t.dataType());
  }

  /** A float32 constant. */
  public static Operand<TFloat32> constant(Ops tf, long[] shape, float[] values) {
    return tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  /** A float32 constant holding a weight. */
  public static Operand<TFloat32> constant(Ops tf, Weights w) {
    return constant(tf, w.shape(), w.values());
  }

  /** NCHW → NHWC. */
  public static float[] toNhwc(float[] x, long[] nchw) {
    int n = (int) nchw[0];
    int c = (int) nchw[1];
    int h = (int) nchw[2];
    int w = (int) nchw[3];
    float[] out = new float[x.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int xx = 0; xx < w; xx++) {
            out[((b * h + y) * w + xx) * c + ch] = x[((b * c + ch) * h + y) * w + xx];
          }
        }
      }
    }
    return out;
  }

  /** NHWC → NCHW. */
  public static float[] toNchw(float[] x, long[] nhwc) {
    int n = (int) nhwc[0];
    int h = (int) nhwc[1];
    int w = (int) nhwc[2];
    int c = (int) nhwc[3];
    float[] out = new float[x.length];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          for (int ch = 0; ch < c; ch++) {
            out[((b * c + ch) * h + y) * w + xx] = x[((b * h + y) * w + xx) * c + ch];
          }
        }
      }
    }
    return out;
  }

  /** NHWC shape → NCHW shape. */
  public static long[] nchwShape(long[] nhwc) {
    return new long[] {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
  }

  /** NCHW shape → NHWC shape. */
  public static long[] nhwcShape(long[] nchw) {
    return new long[] {nchw[0], nchw[2], nchw[3], nchw[1]};
  }

  /** The largest absolute element-wise difference; fails on a length mismatch. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs((double) a[i] - b[i]);
      if (!(d <= m)) {
        m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
      }
    }
    return m;
  }

  /** The shape as a string, for messages. */
  public static String str(long[] s) {
    return Arrays.toString(s);
  }
}

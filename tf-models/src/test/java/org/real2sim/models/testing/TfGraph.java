package org.real2sim.models.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A test fixture owning one graph, its {@link Ops}, a {@link VarStore} and (opened on first use) a
 * session, with helpers to feed Java arrays and fetch float results.
 */
public final class TfGraph implements AutoCloseable {

  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final VarStore vars;
  private final int threads;
  private Session session;

  /** A fixture whose variables are seeded with {@code seed}; sessions use {@code threads}. */
  public TfGraph(long seed, int threads) {
    this.vars = new VarStore(graph, seed);
    this.threads = threads;
  }

  /** A single-threaded fixture. */
  public TfGraph(long seed) {
    this(seed, 1);
  }

  /** The graph. */
  public Graph graph() {
    return graph;
  }

  /** The root ops. */
  public Ops tf() {
    return tf;
  }

  /** The variable store. */
  public VarStore vars() {
    return vars;
  }

  /** The session, opened on first use (build the graph first). */
  public Session session() {
    if (session == null) {
      session = TfSessions.open(graph, threads);
    }
    return session;
  }

  /** A float32 placeholder of the given (possibly partially unknown) shape. */
  public Operand<TFloat32> floats(long... shape) {
    return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
  }

  /** An int32 placeholder of the given shape. */
  public Operand<TInt32> ints(long... shape) {
    return tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(shape)));
  }

  /** The gradient of {@code y} with respect to {@code x}. */
  @SuppressWarnings("unchecked")
  public Output<TFloat32> gradient(Operand<TFloat32> y, Operand<TFloat32> x) {
    return (Output<TFloat32>) graph.addGradients(y.asOutput(), new Output<?>[] {x.asOutput()})[0];
  }

  /** Values to feed, keyed by placeholder. */
  public static final class Feeds {
    private final Map<Operand<?>, Object[]> values = new LinkedHashMap<>();

    /** Feeds {@code values} of {@code shape} to a float placeholder. */
    public Feeds put(Operand<TFloat32> p, float[] v, long... shape) {
      values.put(p, new Object[] {v, shape});
      return this;
    }

    /** Feeds {@code values} of {@code shape} to an int placeholder. */
    public Feeds putInts(Operand<TInt32> p, int[] v, long... shape) {
      values.put(p, new Object[] {v, shape});
      return this;
    }

    /** Feeds a float scalar. */
    public Feeds scalar(Operand<TFloat32> p, float v) {
      return put(p, new float[] {v});
    }

    /** A copy with one float entry replaced. */
    public Feeds with(Operand<TFloat32> p, float[] v, long... shape) {
      Feeds f = new Feeds();
      f.values.putAll(values);
      return f.put(p, v, shape);
    }
  }

  /** Runs the graph: feeds, runs {@code targets}, and returns each fetched output as floats. */
  public List<float[]> run(Feeds feeds, List<? extends Operand<TFloat32>> fetches, Op... targets) {
    List<Tensor> open = new ArrayList<>();
    try {
      Session.Runner r = session().runner();
      for (Map.Entry<Operand<?>, Object[]> e : feeds.values.entrySet()) {
        Object v = e.getValue()[0];
        Shape shape = Shape.of((long[]) e.getValue()[1]);
        Tensor t =
            v instanceof float[] f
                ? TFloat32.tensorOf(shape, DataBuffers.of(f, true, false))
                : TInt32.tensorOf(shape, DataBuffers.of((int[]) v, true, false));
        open.add(t);
        r.feed(e.getKey(), t);
      }
      for (Operand<TFloat32> f : fetches) {
        r.fetch(f);
      }
      for (Op t : targets) {
        r.addTarget(t);
      }
      List<float[]> out = new ArrayList<>();
      try (Result res = r.run()) {
        for (int i = 0; i < fetches.size(); i++) {
          TFloat32 t = (TFloat32) res.get(i);
          float[] a = new float[(int) t.shape().size()];
          t.asRawTensor().data().asFloats().read(a);
          out.add(a);
        }
      }
      return out;
    } finally {
      open.forEach(Tensor::close);
    }
  }

  /** Fetches one float output. */
  public float[] eval(Feeds feeds, Operand<TFloat32> fetch) {
    return run(feeds, List.of(fetch)).get(0);
  }

  /** Fetches one float scalar. */
  public float scalar(Feeds feeds, Operand<TFloat32> fetch) {
    float[] v = eval(feeds, fetch);
    if (v.length != 1) {
      throw new IllegalStateException("expected a scalar, fetched " + v.length + " values");
    }
    return v[0];
  }

  /**
   * Central finite differences of the scalar {@code loss} with respect to the float placeholder
   * {@code x}, evaluated at {@code x0} (the other placeholders fed from {@code feeds}).
   */
  public double[] finiteDifferences(
      Feeds feeds, Operand<TFloat32> loss, Operand<TFloat32> x, float[] x0, long[] shape, float h) {
    double[] d = new double[x0.length];
    for (int i = 0; i < x0.length; i++) {
      float[] plus = x0.clone();
      float[] minus = x0.clone();
      plus[i] += h;
      minus[i] -= h;
      double fp = scalar(feeds.with(x, plus, shape), loss);
      double fm = scalar(feeds.with(x, minus, shape), loss);
      d[i] = (fp - fm) / ((double) plus[i] - minus[i]);
    }
    return d;
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      graph.close();
    }
  }
}

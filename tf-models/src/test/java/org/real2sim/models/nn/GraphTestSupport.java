package org.real2sim.models.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

/**
 * Test helper that owns a graph, its {@link Ops}, a {@link VarStore} and (once the graph is built)
 * a session, and checks gradients against central finite differences.
 *
 * <p>Usage: build the graph with {@link #tf()} and {@link #vars()}, then call {@link #run} or
 * {@link #checkGradients}; the session is opened and the variables initialised on first use.
 * Closing the helper closes the session and the graph.
 */
public final class GraphTestSupport implements AutoCloseable {

  /** A value to feed: shape and row-major elements. */
  public record Feed(long[] shape, float[] values) {}

  /**
   * Analytic and numeric derivatives of one tensor at sampled coordinates.
   *
   * @param name the input or variable
   * @param analytic the gradient TensorFlow computed
   * @param numeric the central finite difference
   */
  public record GradCheck(String name, double[] analytic, double[] numeric) {
    /** {@code ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖)}, 0 when both vanish. */
    public double relativeError() {
      double d = 0;
      double a = 0;
      double n = 0;
      for (int i = 0; i < analytic.length; i++) {
        d += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
        a += analytic[i] * analytic[i];
        n += numeric[i] * numeric[i];
      }
      double scale = Math.sqrt(Math.max(a, n));
      return scale == 0 ? 0 : Math.sqrt(d) / scale;
    }

    /** The larger Euclidean norm of the two vectors (a vanishing gradient hides nothing). */
    public double norm() {
      double a = 0;
      double n = 0;
      for (int i = 0; i < analytic.length; i++) {
        a += analytic[i] * analytic[i];
        n += numeric[i] * numeric[i];
      }
      return Math.sqrt(Math.max(a, n));
    }

    @Override
    public String toString() {
      return name
          + ": relative error "
          + relativeError()
          + ", analytic "
          + Arrays.toString(analytic)
          + ", numeric "
          + Arrays.toString(numeric);
    }
  }

  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final VarStore vars;
  private Session session;

  /** A fresh graph whose variables derive from {@code seed}. */
  public GraphTestSupport(long seed) {
    vars = new VarStore(graph, seed);
  }

  /** The graph. */
  public Graph graph() {
    return graph;
  }

  /** Root ops of the graph. */
  public Ops tf() {
    return tf;
  }

  /** The variable store. */
  public VarStore vars() {
    return vars;
  }

  /** A float placeholder of the given shape (-1 for unknown dimensions). */
  public Placeholder<TFloat32> placeholder(long... shape) {
    return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
  }

  /** The session, opened with one thread and initialised from the store's seed on first use. */
  public Session session() {
    if (session == null) {
      session = TfSessions.open(graph, 1);
      vars.initialize(session);
    }
    return session;
  }

  /** Runs {@code out} with the given feeds and returns its elements. */
  public float[] run(Operand<TFloat32> out, Map<Operand<TFloat32>, Feed> feeds) {
    return runAll(List.of(out), feeds, List.of()).get(0);
  }

  /** Runs {@code out} with one feed and returns its elements. */
  public float[] run(Operand<TFloat32> out, Operand<TFloat32> x, Feed feed) {
    return run(out, Map.of(x, feed));
  }

  /** The shape of {@code out} as computed at run time with the given feeds. */
  public long[] runShape(Operand<TFloat32> out, Map<Operand<TFloat32>, Feed> feeds) {
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session().runner();
      feeds.forEach((k, v) -> runner.feed(k, tensor(v, tensors)));
      runner.fetch(out);
      try (Result r = runner.run()) {
        return r.get(0).shape().asArray();
      }
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * Runs {@code targets} (e.g. update ops) together with {@code outs} in one step and returns the
   * elements of each output.
   */
  public List<float[]> runAll(
      List<? extends Operand<TFloat32>> outs,
      Map<Operand<TFloat32>, Feed> feeds,
      List<Op> targets) {
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session().runner();
      feeds.forEach((k, v) -> runner.feed(k, tensor(v, tensors)));
      outs.forEach(runner::fetch);
      targets.forEach(runner::addTarget);
      List<float[]> values = new ArrayList<>();
      try (Result r = runner.run()) {
        for (int i = 0; i < outs.size(); i++) {
          values.add(floats((TFloat32) r.get(i)));
        }
      }
      return values;
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * Compares TensorFlow's gradients with central finite differences.
   *
   * <p>The scalar probed is {@code L = Σ out·R} with a fixed random {@code R ~ N(0, 1)}; the
   * analytic gradient comes from {@code Graph.addGradients} of that sum, the numeric one from
   * {@code (L(θ + ε) − L(θ − ε)) / 2ε} with {@code L} accumulated in double precision in Java (so
   * only the network's own float32 rounding enters). For the input and each named variable, {@code
   * samples} coordinates are drawn at random (all of them if the tensor is smaller).
   *
   * <p>The step is relative to the tensor: {@code ε = relStep · max(rms(tensor), 0.01)}. Kernels
   * drawn from N(0, 0.02) and inputs in [−1, 1] need very different steps: too large a step crosses
   * ReLU kinks (many units move together when a first-layer weight changes), too small a step
   * drowns in float32 rounding.
   *
   * @param out the network output; its shape must be fully known
   * @param x the input placeholder, or null to probe variables only
   * @param feed the value fed to {@code x}
   * @param variables names of the variables to probe
   * @param relStep the finite-difference step relative to the tensor's scale
   * @return one check per probed tensor, the input first
   */
  public List<GradCheck> checkGradients(
      Operand<TFloat32> out,
      Placeholder<TFloat32> x,
      Feed feed,
      List<String> variables,
      int samples,
      double relStep,
      long seed) {
    long[] outShape = out.shape().asArray();
    int n = 1;
    for (long d : outShape) {
      if (d < 0) {
        throw new IllegalArgumentException("output shape must be known, found " + out.shape());
      }
      n *= (int) d;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] r = randn(rng, n, 1.0);
    Operand<TFloat32> rConst = tf.constant(Shape.of(outShape), DataBuffers.of(r, true, false));
    Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(out, rConst), tf.constant(allAxes(outShape)));
    List<Output<?>> wrt = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (x != null) {
      wrt.add(x.asOutput());
      names.add("input");
    }
    for (String v : variables) {
      VarStore.Var var = vars.get(v);
      if (var == null) {
        throw new IllegalArgumentException("No variable " + v + "; known: " + names(vars));
      }
      wrt.add(var.ref());
      names.add(v);
    }
    Output<?>[] grads = graph.addGradients(loss.asOutput(), wrt.toArray(new Output<?>[0]));
    Map<Operand<TFloat32>, Feed> feeds = x == null ? Map.of() : Map.of(x, feed);
    List<Operand<TFloat32>> gradOps = new ArrayList<>();
    for (Output<?> g : grads) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> gf = (Output<TFloat32>) g;
      gradOps.add(gf);
    }
    List<float[]> analytic = runAll(gradOps, feeds, List.of());
    List<GradCheck> checks = new ArrayList<>();
    for (int t = 0; t < names.size(); t++) {
      boolean isInput = x != null && t == 0;
      float[] base;
      long[] shape;
      if (isInput) {
        base = feed.values().clone();
        shape = feed.shape();
      } else {
        Weights w = vars.read(session(), List.of(names.get(t))).get(names.get(t));
        base = w.values().clone();
        shape = w.shape();
      }
      double eps = relStep * Math.max(rms(base), 0.01);
      int[] idx = sample(rng, base.length, samples);
      double[] a = new double[idx.length];
      double[] num = new double[idx.length];
      for (int i = 0; i < idx.length; i++) {
        a[i] = analytic.get(t)[idx[i]];
        float orig = base[idx[i]];
        base[idx[i]] = (float) (orig + eps);
        double plus = dot(evaluate(out, x, feed, isInput, names.get(t), shape, base), r);
        base[idx[i]] = (float) (orig - eps);
        double minus = dot(evaluate(out, x, feed, isInput, names.get(t), shape, base), r);
        base[idx[i]] = orig;
        // The step actually taken is the float32 difference, not 2·eps.
        double step = (double) (float) (orig + eps) - (double) (float) (orig - eps);
        num[i] = (plus - minus) / step;
      }
      if (!isInput) {
        vars.assign(session(), Map.of(names.get(t), new Weights(shape, base)));
      }
      checks.add(new GradCheck(names.get(t), a, num));
    }
    return checks;
  }

  private float[] evaluate(
      Operand<TFloat32> out,
      Placeholder<TFloat32> x,
      Feed feed,
      boolean isInput,
      String name,
      long[] shape,
      float[] values) {
    if (isInput) {
      return run(out, x, new Feed(shape, values));
    }
    vars.assign(session(), Map.of(name, new Weights(shape, values)));
    return x == null ? run(out, Map.of()) : run(out, x, feed);
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    graph.close();
  }

  /** {@code n} samples of N(0, std²) from {@code rng}. */
  public static float[] randn(SplittableRandom rng, int n, double std) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (std * Init.gaussian(rng));
    }
    return out;
  }

  /** {@code n} samples of N(0, std²) from a generator seeded with {@code seed}. */
  public static float[] randn(long seed, int n, double std) {
    return randn(new SplittableRandom(seed), n, std);
  }

  /** The elements of a float tensor, row-major. */
  public static float[] floats(TFloat32 t) {
    float[] v = new float[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asFloats().read(v);
    return v;
  }

  /** The largest absolute element-wise difference; fails if the lengths differ. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("length " + a.length + " != " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  private static TFloat32 tensor(Feed f, List<Tensor> owned) {
    TFloat32 t = TFloat32.tensorOf(Shape.of(f.shape()), DataBuffers.of(f.values(), true, false));
    owned.add(t);
    return t;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double rms(float[] v) {
    double s = 0;
    for (float f : v) {
      s += (double) f * f;
    }
    return Math.sqrt(s / Math.max(1, v.length));
  }

  private static int[] allAxes(long[] shape) {
    int[] axes = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }

  private static int[] sample(SplittableRandom rng, int size, int samples) {
    if (samples >= size) {
      int[] all = new int[size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      return all;
    }
    LinkedHashMap<Integer, Boolean> chosen = new LinkedHashMap<>();
    while (chosen.size() < samples) {
      chosen.put(rng.nextInt(size), Boolean.TRUE);
    }
    return chosen.keySet().stream().mapToInt(Integer::intValue).toArray();
  }

  private static List<String> names(VarStore vars) {
    List<String> out = new ArrayList<>();
    vars.all().forEach(v -> out.add(v.name()));
    return out;
  }
}

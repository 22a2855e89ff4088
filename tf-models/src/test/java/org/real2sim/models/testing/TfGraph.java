package org.real2sim.models.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
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
 * The tf-models test fixture: owns one graph, its {@link Ops}, a {@link VarStore} and (opened on
 * first use) a session; feeds Java arrays, fetches float results, and checks gradients against
 * central finite differences.
 *
 * <p>Usage: build the graph with {@link #tf()} and {@link #vars()}, then call {@link #run}, {@link
 * #eval} or {@link #checkGradients}; the session is opened and the variables initialised from the
 * store's seed on first use. Closing the fixture closes the session and the graph.
 */
public final class TfGraph implements AutoCloseable {

  /** A value to feed: shape and row-major elements. */
  public record Feed(long[] shape, float[] values) {}

  /**
   * Analytic and numeric derivatives of one tensor at the sampled coordinates where the function is
   * smooth, and how many sampled coordinates were skipped because a kink lay within the step.
   *
   * @param name the input or variable
   * @param analytic the gradient TensorFlow computed
   * @param numeric the central finite difference
   * @param skipped sampled coordinates left out (kink within even the smallest step)
   */
  public record GradCheck(String name, double[] analytic, double[] numeric, int skipped) {
    /** {@code ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖)}, 0 when both vanish. */
    public double relativeError() {
      double d = 0;
      for (int i = 0; i < analytic.length; i++) {
        d += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
      }
      double scale = norm();
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

    /**
     * Fails unless the gradient is not vanishing, at most a quarter of the samples were skipped,
     * and the relative error is below {@code tolerance}.
     */
    public void assertMatches(double tolerance) {
      int total = analytic.length + skipped;
      if (skipped * 4 > total) {
        throw new AssertionError(skipped + " of " + total + " samples skipped: " + this);
      }
      if (!(norm() > 1e-4)) {
        throw new AssertionError("vanishing gradient proves nothing: " + this);
      }
      if (!(relativeError() < tolerance)) {
        throw new AssertionError("relative error above " + tolerance + ": " + this);
      }
    }

    @Override
    public String toString() {
      return name
          + ": relative error "
          + relativeError()
          + ", skipped "
          + skipped
          + ", analytic "
          + Arrays.toString(analytic)
          + ", numeric "
          + Arrays.toString(numeric);
    }
  }

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

  /**
   * The session, opened on first use (build the graph first) with the fixture's threads, and the
   * store's variables initialised from its seed. Initialising again assigns the same values.
   */
  public Session session() {
    if (session == null) {
      session = TfSessions.open(graph, threads);
      vars.initialize(session);
    }
    return session;
  }

  /** A float32 placeholder of the given shape (-1 for unknown dimensions). */
  public Placeholder<TFloat32> placeholder(long... shape) {
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

    /** The float feeds of {@code feeds}, in its iteration order. */
    public static Feeds of(Map<Operand<TFloat32>, Feed> feeds) {
      Feeds f = new Feeds();
      feeds.forEach((p, v) -> f.put(p, v.values(), v.shape()));
      return f;
    }

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

    /** A runner of {@code session} with every value fed; the tensors go into {@code open}. */
    private Session.Runner feed(Session session, List<Tensor> open) {
      Session.Runner r = session.runner();
      for (Map.Entry<Operand<?>, Object[]> e : values.entrySet()) {
        Object v = e.getValue()[0];
        Shape shape = Shape.of((long[]) e.getValue()[1]);
        Tensor t =
            v instanceof float[] f
                ? TFloat32.tensorOf(shape, DataBuffers.of(f, true, false))
                : TInt32.tensorOf(shape, DataBuffers.of((int[]) v, true, false));
        open.add(t);
        r.feed(e.getKey(), t);
      }
      return r;
    }
  }

  /** Runs the graph: feeds, runs {@code targets}, and returns each fetched output as floats. */
  public List<float[]> run(Feeds feeds, List<? extends Operand<TFloat32>> fetches, Op... targets) {
    List<Tensor> open = new ArrayList<>();
    try {
      Session.Runner r = feeds.feed(session(), open);
      for (Operand<TFloat32> f : fetches) {
        r.fetch(f);
      }
      for (Op t : targets) {
        r.addTarget(t);
      }
      List<float[]> out = new ArrayList<>();
      try (Result res = r.run()) {
        for (int i = 0; i < fetches.size(); i++) {
          out.add(floats((TFloat32) res.get(i)));
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

  /** Runs {@code out} with the given feeds and returns its elements. */
  public float[] run(Operand<TFloat32> out, Map<Operand<TFloat32>, Feed> feeds) {
    return eval(Feeds.of(feeds), out);
  }

  /** Runs {@code out} with one feed and returns its elements. */
  public float[] run(Operand<TFloat32> out, Operand<TFloat32> x, Feed feed) {
    return run(out, Map.of(x, feed));
  }

  /**
   * Runs {@code targets} (e.g. update ops) together with {@code outs} in one step and returns the
   * elements of each output.
   */
  public List<float[]> runAll(
      List<? extends Operand<TFloat32>> outs,
      Map<Operand<TFloat32>, Feed> feeds,
      List<Op> targets) {
    return run(Feeds.of(feeds), outs, targets.toArray(new Op[0]));
  }

  /** The shape of {@code out} as computed at run time with the given feeds. */
  public long[] runShape(Operand<TFloat32> out, Map<Operand<TFloat32>, Feed> feeds) {
    List<Tensor> open = new ArrayList<>();
    try {
      Session.Runner runner = Feeds.of(feeds).feed(session(), open);
      runner.fetch(out);
      try (Result r = runner.run()) {
        return r.get(0).shape().asArray();
      }
    } finally {
      open.forEach(Tensor::close);
    }
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

  /**
   * Compares TensorFlow's gradients with central finite differences.
   *
   * <p>The scalar probed is {@code L = Σ out·R} with a fixed random {@code R ~ N(0, 1)}; the
   * analytic gradient comes from {@code Graph.addGradients} of that sum, the numeric one from
   * {@code (L(θ + ε) − L(θ − ε)) / 2ε} with {@code L} accumulated in double precision in Java (so
   * only the network's own float32 rounding enters). For the input and each named variable, {@code
   * samples} coordinates are drawn at random (all of them if the tensor is smaller).
   *
   * <p>ReLU, max-pool and normalisation kinks make a central difference wrong where a kink lies
   * inside the step. Such a coordinate is recognised by its one-sided differences disagreeing by
   * more than 2 % (of the larger one or of the gradient's rms); the step is then divided by 4, up
   * to twice, and a coordinate still kinked is skipped and counted. A wrong gradient is smooth and
   * wrong everywhere, so it cannot hide behind skipping, and {@link GradCheck#assertMatches}
   * refuses more than a quarter skipped.
   *
   * <p>The step is relative to the tensor: {@code ε = relStep · rms(tensor)}, or {@code relStep}
   * for an all-zero tensor (a fresh bias or batch-norm shift). Kernels drawn from N(0, 0.02) and
   * inputs in [−1, 1] need very different steps: too large a step crosses ReLU kinks (many units
   * move together when a first-layer weight changes), too small a step drowns in float32 rounding.
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
      double scale = rms(base);
      double eps = relStep * (scale > 0 ? scale : 1);
      float[] grad = analytic.get(t);
      double gradScale = rms(grad);
      double center = dot(evaluate(out, x, feed, isInput, names.get(t), shape, base), r);
      int[] idx = sample(rng, base.length, samples);
      List<double[]> kept = new ArrayList<>();
      int skipped = 0;
      for (int i : idx) {
        float orig = base[i];
        double h = eps;
        double[] result = null;
        for (int attempt = 0; attempt < 3 && result == null; attempt++, h /= 4) {
          float up = (float) (orig + h);
          float down = (float) (orig - h);
          base[i] = up;
          double plus = dot(evaluate(out, x, feed, isInput, names.get(t), shape, base), r);
          base[i] = down;
          double minus = dot(evaluate(out, x, feed, isInput, names.get(t), shape, base), r);
          base[i] = orig;
          // The steps actually taken are float32 differences, not exactly h.
          double forward = (plus - center) / ((double) up - orig);
          double backward = (center - minus) / ((double) orig - down);
          double bound =
              0.02 * Math.max(Math.max(Math.abs(forward), Math.abs(backward)), gradScale);
          if (Math.abs(forward - backward) <= bound) {
            result = new double[] {grad[i], (plus - minus) / ((double) up - down)};
          }
        }
        if (result == null) {
          skipped++;
        } else {
          kept.add(result);
        }
      }
      double[] a = new double[kept.size()];
      double[] num = new double[kept.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = kept.get(i)[0];
        num[i] = kept.get(i)[1];
      }
      if (!isInput) {
        vars.assign(session(), Map.of(names.get(t), new Weights(shape, base)));
      }
      checks.add(new GradCheck(names.get(t), a, num, skipped));
    }
    return checks;
  }

  /**
   * The rate of every atrous convolution in the graph ({@code SpaceToBatchND} block shape), by the
   * scope of the layer that made it, e.g. {@code expert/aspp/branch_2/conv -> 6}.
   */
  public Map<String, Integer> atrousRates() {
    List<GraphOperation> ops = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("SpaceToBatchND")) {
        ops.add(op);
      }
    }
    Map<String, Integer> rates = new TreeMap<>();
    if (ops.isEmpty()) {
      return rates;
    }
    Session.Runner runner = session().runner();
    ops.forEach(op -> runner.fetch(op.input(1)));
    try (Result r = runner.run()) {
      for (int i = 0; i < ops.size(); i++) {
        TInt32 block = (TInt32) r.get(i);
        if (block.getInt(0) != block.getInt(1)) {
          throw new AssertionError("non-square block shape in " + ops.get(i).name());
        }
        String name = ops.get(i).name();
        rates.put(name.substring(0, name.lastIndexOf('/')), block.getInt(0));
      }
    }
    return rates;
  }

  /**
   * Gives every batch norm under {@code prefix} random parameters and running statistics (gamma and
   * variance in [0.5, 1.5), beta and mean in [−0.2, 0.2)), so that inference mode is not the
   * identity it is at initialisation.
   */
  public void randomiseBatchNorm(String prefix, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Weights> values = new LinkedHashMap<>();
    for (VarStore.Var v : vars.under(prefix)) {
      String leaf = v.name().substring(v.name().lastIndexOf('/') + 1);
      boolean positive = leaf.equals("gamma") || leaf.equals("moving_variance");
      boolean shift = leaf.equals("beta") || leaf.equals("moving_mean");
      if (positive || shift) {
        float[] vals = new float[Math.toIntExact(v.size())];
        for (int i = 0; i < vals.length; i++) {
          double u = rng.nextDouble();
          vals[i] = (float) (positive ? 0.5 + u : 0.4 * (u - 0.5));
        }
        values.put(v.name(), new Weights(v.shape(), vals));
      }
    }
    vars.assign(session(), values);
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
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      graph.close();
    }
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

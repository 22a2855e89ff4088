package org.real2sim.models.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Owns the variables of one graph under stable, fully scoped names such as {@code
 * g_rs/res_3/conv_1/kernel}.
 *
 * <p>Variables are TF1 {@code VariableV2} ops (the kind {@link Session#save} and our own
 * checkpoints see) whose op name is exactly the scoped name, independent of how TensorFlow
 * uniquifies the names of compute ops. Asking for an existing name returns the same variable, so a
 * network applied twice in one graph (G_RS on a real image and on G_SR's output) shares its
 * weights.
 *
 * <p>Initial values are drawn in Java from the store's seed and each variable's name ({@link
 * Init}), so the same seed gives bit-identical weights. {@link #initialize(Session)} feeds them in
 * one run.
 *
 * <p>Not thread-safe: build graphs from one thread.
 */
public final class VarStore {

  /**
   * One variable: its name, shape, initialiser, whether training may change it, its {@code
   * VariableV2} output ({@code ref}, for assignments, optimisers and savers) and the {@code
   * Identity} read of it ({@code read}, named {@code <name>/read}) that networks compute with.
   * Computing on the read rather than the ref avoids a TF Java crash (some ops, e.g. Square,
   * applied directly to a ref output crash the JVM when gradients are added) and mirrors TF1's
   * variable reads.
   */
  public record Var(
      String name,
      long[] shape,
      Init init,
      boolean trainable,
      Output<TFloat32> ref,
      Output<TFloat32> read) {
    /** The number of elements. */
    public long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final Graph graph;
  private final Ops root;
  private final long seed;
  private final Map<String, Var> vars = new LinkedHashMap<>();
  private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
  private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
  private final List<Map.Entry<String, Op>> updates = new ArrayList<>();

  /** A store for {@code graph} whose initial values derive from {@code seed}. */
  public VarStore(Graph graph, long seed) {
    this.graph = graph;
    this.root = Ops.create(graph);
    this.seed = seed;
  }

  /** The graph the variables live in. */
  public Graph graph() {
    return graph;
  }

  /** The seed initial values derive from. */
  public long seed() {
    return seed;
  }

  /**
   * Returns the read of the variable called {@code name} (see {@link Var}), creating it on first
   * use.
   *
   * @throws IllegalArgumentException if a variable of that name exists with another shape
   */
  public Output<TFloat32> variable(String name, long[] shape, Init init, boolean trainable) {
    Var v = vars.get(name);
    if (v != null) {
      if (!java.util.Arrays.equals(v.shape(), shape)) {
        throw new IllegalArgumentException(
            "Variable "
                + name
                + " exists with shape "
                + java.util.Arrays.toString(v.shape())
                + ", requested "
                + java.util.Arrays.toString(shape));
      }
      return v.read();
    }
    GraphOperation op =
        graph
            .opBuilder("VariableV2", name, graph.baseScope())
            .setAttr("shape", Shape.of(shape))
            .setAttr("dtype", DataType.DT_FLOAT)
            .build();
    Output<TFloat32> ref = op.output(0);
    Output<TFloat32> read =
        graph
            .opBuilder("Identity", name + "/read", graph.baseScope())
            .addInput(ref)
            .build()
            .output(0);
    vars.put(name, new Var(name, shape.clone(), init, trainable, ref, read));
    return read;
  }

  /**
   * Registers an op that must run with every training step of the network that owns {@code scope}
   * (batch norm's moving-average updates), like TF1's {@code UPDATE_OPS} collection.
   */
  public void addUpdate(String scope, Op op) {
    updates.add(Map.entry(scope, op));
  }

  /** The update ops registered under {@code prefix} (a network name or block path), in order. */
  public List<Op> updates(String prefix) {
    String p = prefix.endsWith("/") ? prefix : prefix + "/";
    List<Op> out = new ArrayList<>();
    for (Map.Entry<String, Op> e : updates) {
      if (e.getKey().equals(prefix) || e.getKey().startsWith(p)) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /** The variable called {@code name}, or null. */
  public Var get(String name) {
    return vars.get(name);
  }

  /** Every variable, in creation order. */
  public Collection<Var> all() {
    return Collections.unmodifiableCollection(vars.values());
  }

  /** The variables whose names start with {@code prefix + "/"}, in creation order. */
  public List<Var> under(String prefix) {
    String p = prefix.endsWith("/") ? prefix : prefix + "/";
    List<Var> out = new ArrayList<>();
    for (Var v : vars.values()) {
      if (v.name().startsWith(p)) {
        out.add(v);
      }
    }
    return out;
  }

  /** The trainable variables under {@code prefix}, in creation order. */
  public List<Var> trainable(String prefix) {
    List<Var> out = new ArrayList<>();
    for (Var v : under(prefix)) {
      if (v.trainable()) {
        out.add(v);
      }
    }
    return out;
  }

  /** The number of trainable parameters under {@code prefix} (running statistics excluded). */
  public long parameterCount(String prefix) {
    long n = 0;
    for (Var v : trainable(prefix)) {
      n += v.size();
    }
    return n;
  }

  /** The seeded initial values of a variable, as {@link #initialize} would assign them. */
  public float[] initialValues(Var v) {
    float[] values = new float[Math.toIntExact(v.size())];
    v.init().fill(values, v.shape(), new SplittableRandom(seed ^ fnv1a64(v.name())));
    return values;
  }

  /** Assigns every variable its seeded initial value, in one session run. */
  public void initialize(Session session) {
    Map<String, Weights> values = new LinkedHashMap<>();
    for (Var v : vars.values()) {
      values.put(v.name(), new Weights(v.shape(), initialValues(v)));
    }
    assign(session, values);
  }

  /**
   * Assigns the given values to the named variables in one session run.
   *
   * @throws IllegalArgumentException naming the variable if one is unknown or its shape differs
   */
  public void assign(Session session, Map<String, Weights> values) {
    if (values.isEmpty()) {
      return;
    }
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, Weights> e : values.entrySet()) {
        Var v = vars.get(e.getKey());
        if (v == null) {
          throw new IllegalArgumentException("No variable named " + e.getKey() + " in this graph");
        }
        Weights w = e.getValue();
        if (!java.util.Arrays.equals(v.shape(), w.shape())) {
          throw new IllegalArgumentException(
              "Variable "
                  + v.name()
                  + " has shape "
                  + java.util.Arrays.toString(v.shape())
                  + " but the values have shape "
                  + java.util.Arrays.toString(w.shape()));
        }
        TFloat32 t =
            TFloat32.tensorOf(Shape.of(w.shape()), DataBuffers.of(w.values(), true, false));
        tensors.add(t);
        runner.feed(feed(v), t).addTarget(assignOp(v));
      }
      runner.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /** Reads the named variables (every variable when {@code names} is empty) in one session run. */
  public Map<String, Weights> read(Session session, Collection<String> names) {
    List<Var> wanted = new ArrayList<>();
    if (names.isEmpty()) {
      wanted.addAll(vars.values());
    } else {
      for (String n : names) {
        Var v = vars.get(n);
        if (v == null) {
          throw new IllegalArgumentException("No variable named " + n + " in this graph");
        }
        wanted.add(v);
      }
    }
    Map<String, Weights> out = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    Session.Runner runner = session.runner();
    for (Var v : wanted) {
      runner.fetch(v.ref());
    }
    try (Result r = runner.run()) {
      for (int i = 0; i < wanted.size(); i++) {
        Var v = wanted.get(i);
        TFloat32 t = (TFloat32) r.get(i);
        float[] values = new float[Math.toIntExact(v.size())];
        t.asRawTensor().data().asFloats().read(values);
        out.put(v.name(), new Weights(v.shape(), values));
      }
    }
    return out;
  }

  /** Reads every variable under {@code prefix} in one session run. */
  public Map<String, Weights> readUnder(Session session, String prefix) {
    List<String> names = new ArrayList<>();
    for (Var v : under(prefix)) {
      names.add(v.name());
    }
    if (names.isEmpty()) {
      return new LinkedHashMap<>();
    }
    return read(session, names);
  }

  private Placeholder<TFloat32> feed(Var v) {
    return feeds.computeIfAbsent(
        v.name(),
        n ->
            root.withName(opName(n, "init_value"))
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(v.shape()))));
  }

  private Assign<TFloat32> assignOp(Var v) {
    return assigns.computeIfAbsent(
        v.name(), n -> root.withName(opName(n, "assign")).assign(v.ref(), feed(v)));
  }

  private static String opName(String var, String what) {
    return "varstore." + what + "." + var.replace('/', '.');
  }

  /** A stable 64-bit FNV-1a hash of a name (independent of JDK hash codes). */
  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}

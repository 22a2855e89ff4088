package org.real2sim.exporter.nets;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.OrtReference;
import org.real2sim.exporter.onnx.TfReference;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A network under test, built twice from the same weights: in TensorFlow through tf-models (the
 * reference) and in ONNX through a writer; both run on the same float input.
 */
public final class NetFixture {

  /** Applies a tf-models network to {@code x}, its variables in {@code vars}. */
  @FunctionalInterface
  interface TfNet {
    Operand<TFloat32> apply(Ops tf, VarStore vars, Operand<TFloat32> x);
  }

  /** Writes the same network as ONNX on NCHW {@code x}. */
  @FunctionalInterface
  interface OnnxNet {
    String write(OnnxContext ctx, String x, WeightSet w);
  }

  private NetFixture() {}

  /**
   * The network's seeded initial weights, with every batch-norm parameter and running statistic
   * replaced by seeded random values (gamma in [0.5, 1.5], beta and mean in [−0.5, 0.5], variance
   * in [0.2, 2]) so that folding them is exercised.
   */
  static Map<String, Weights> weights(TfNet net, long seed) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VarStore vars = new VarStore(g, seed);
      net.apply(
          tf, vars, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3))));
      try (Session s = TfSessions.open(g, 1)) {
        vars.initialize(s);
        Map<String, Weights> read = vars.read(s, List.of());
        return randomBatchNorm(read, seed ^ 0x5EEDL);
      }
    }
  }

  /**
   * {@code in} with every batch-norm parameter and running statistic replaced by values drawn from
   * a generator seeded with {@code seed}, in {@code in}'s order: gamma in [0.5, 1.5], beta and mean
   * in [−0.5, 0.5], variance in [0.2, 2]. Other weights are kept.
   */
  public static Map<String, Weights> randomBatchNorm(Map<String, Weights> in, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Weights> out = new LinkedHashMap<>();
    for (Map.Entry<String, Weights> e : in.entrySet()) {
      String k = e.getKey();
      Weights w = e.getValue();
      double lo;
      double hi;
      if (k.endsWith("/gamma")) {
        lo = 0.5;
        hi = 1.5;
      } else if (k.endsWith("/beta") || k.endsWith("/moving_mean")) {
        lo = -0.5;
        hi = 0.5;
      } else if (k.endsWith("/moving_variance")) {
        lo = 0.2;
        hi = 2;
      } else {
        out.put(k, w);
        continue;
      }
      float[] v = new float[w.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
      }
      out.put(k, new Weights(w.shape(), v));
    }
    return out;
  }

  /** Runs the TensorFlow network on NHWC {@code x} (N, H and W unknown to the graph). */
  static Out tf(TfNet net, Map<String, Weights> w, long[] nhwc, float[] x) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VarStore vars = new VarStore(g, 0);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, nhwc[3])));
      Operand<TFloat32> y = net.apply(tf, vars, in);
      try (Session s = TfSessions.open(g, 1)) {
        Map<String, Weights> mine = new LinkedHashMap<>();
        for (VarStore.Var v : vars.all()) {
          mine.put(v.name(), w.get(v.name()));
        }
        vars.assign(s, mine);
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(nhwc), DataBuffers.of(x, true, false));
            Result r = s.runner().feed(in, t).fetch(y).run()) {
          TFloat32 o = (TFloat32) r.get(0);
          float[] v = new float[Math.toIntExact(o.shape().size())];
          o.asRawTensor().data().asFloats().read(v);
          return new Out(o.shape().asArray(), v, null, null);
        }
      }
    }
  }

  /**
   * The ONNX model of the writer on a float input "x" [N, C, H, W] (symbolic N, H, W); the output
   * "y" is [N, K] when {@code classifier}, else NCHW. The weight set used is stored in {@code
   * used[0]} when {@code used} is given.
   */
  static ModelProto onnx(
      OnnxNet net, Map<String, Weights> w, int channels, boolean classifier, WeightSet[] used) {
    OnnxContext ctx = new OnnxContext("net", 17, OnnxContext.WeightPrecision.FLOAT32);
    String x = ctx.input("x", TensorProto.DataType.FLOAT_VALUE, "N", channels, "H", "W");
    WeightSet ws = new WeightSet(w);
    String y = net.write(ctx, x, ws);
    Object[] dims = classifier ? new Object[] {"N", "K"} : new Object[] {"N", "C", "OH", "OW"};
    ctx.output(y, "y", TensorProto.DataType.FLOAT_VALUE, dims);
    if (used != null) {
      used[0] = ws;
    }
    return OnnxModels.assemble(ctx, ModelOptions.defaults(), Map.of(), "test");
  }

  /** Runs the ONNX model on NHWC {@code x}; returns the output converted to NHWC. */
  static Out ort(ModelProto model, long[] nhwc, float[] x) throws Exception {
    long[] nchw = TfReference.nchwShape(nhwc);
    Out o = OrtReference.run(model, "x", nchw, TfReference.toNchw(x, nhwc)).get("y");
    if (o.shape().length == 2) {
      return o;
    }
    return new Out(
        TfReference.nhwcShape(o.shape()), TfReference.toNhwc(o.floats(), o.shape()), null, null);
  }

  /** Uniform values in [−1, 1] from {@code seed}. */
  static float[] input(long[] shape, long seed) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return v;
  }
}

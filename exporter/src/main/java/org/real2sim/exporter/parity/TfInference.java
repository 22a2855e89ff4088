package org.real2sim.exporter.parity;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The exported graph's computation built again from tf-models' own networks in TensorFlow, with the
 * same weights: the reference of the parity check and of the inference benchmark.
 *
 * <p>Graph: {@code image} uint8 [N, H, W, 3] (N, H and W unknown, as the trainer's evaluation
 * feeds) → Cast → {@code x / 127.5 − 1} → {@link ResnetGenerator#call} → {@link
 * ExpertNetwork#callOnGenerated} (the in-graph adapter, inference mode) → Softmax and ArgMax over
 * the last axis; {@code translated} = Cast<uint8>(clip(round((g + 1)·127.5), 0, 255)). The expert
 * part feeds the scaled image straight to {@code callOnGenerated}, as the trainer's M2 evaluation
 * does.
 *
 * <p>Owns its {@link Graph} and {@link Session}; {@link #close} closes both. Not thread-safe.
 */
public final class TfInference implements AutoCloseable {

  /**
   * What one run returns; arrays not fetched are null.
   *
   * @param scores softmax, [N, K] or [N, H, W, K] (TensorFlow's channels-last order)
   * @param predictions arg max, [N] or [N, H, W]
   * @param translated the generator's output as bytes, [N, H, W, 3]
   */
  public record Outputs(float[] scores, long[] predictions, byte[] translated) {}

  private final Graph graph;
  private final Session session;
  private final Placeholder<TUint8> image;
  private final Placeholder<TFloat32> scaled;
  private final Operand<TFloat32> scores;
  private final Operand<TInt64> predictions;
  private final Operand<TUint8> translated;

  private TfInference(
      Graph graph,
      Session session,
      Placeholder<TUint8> image,
      Placeholder<TFloat32> scaled,
      Operand<TFloat32> scores,
      Operand<TInt64> predictions,
      Operand<TUint8> translated) {
    this.graph = graph;
    this.session = session;
    this.image = image;
    this.scaled = scaled;
    this.scores = scores;
    this.predictions = predictions;
    this.translated = translated;
  }

  /**
   * Builds the graph of {@code spec} and loads its weights into a session with {@code threads}
   * intra-op threads (0 = all cores).
   *
   * @throws ExportException when a variable has no weight or one of another shape, or TensorFlow
   *     fails
   */
  public static TfInference open(ExportSpec spec, int threads) {
    return open(spec, threads, new long[] {-1, -1, -1, 3});
  }

  /**
   * As {@link #open(ExportSpec, int)} with a given input shape [N, H, W, 3] whose entries may be −1
   * (unknown). A static batch of 1 lets tf-models use the fused instance-norm kernel and lets
   * TensorFlow specialise the graph: the fastest form for batch-1 benchmarks.
   */
  public static TfInference open(ExportSpec spec, int threads, long[] inputShape) {
    return open(spec, threads, inputShape, false);
  }

  /**
   * As {@link #open(ExportSpec, int, long[])}; with {@code scaledInput} the graph is fed the
   * network's input directly, float [N, h, w, 3] in [−1, 1] ({@link #runScaled}), as the trainer's
   * input pipeline produces it after its own resize.
   */
  public static TfInference open(
      ExportSpec spec, int threads, long[] inputShape, boolean scaledInput) {
    if (inputShape.length != 4 || inputShape[3] != 3) {
      throw new ExportException(
          "The TensorFlow reference takes [N, H, W, 3] images, found "
              + Arrays.toString(inputShape));
    }
    Graph g = new Graph();
    Session s = null;
    try {
      Ops tf = Ops.create(g);
      VarStore vars = new VarStore(g, 0);
      Placeholder<TUint8> image = null;
      Placeholder<TFloat32> scaled = null;
      Operand<TFloat32> x;
      if (scaledInput) {
        scaled =
            tf.withName("scaled")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputShape)));
        x = scaled;
      } else {
        image =
            tf.withName("image").placeholder(TUint8.class, Placeholder.shape(Shape.of(inputShape)));
        x =
            tf.math.sub(
                tf.math.div(tf.dtypes.cast(image, TFloat32.class), tf.constant(127.5f)),
                tf.constant(1f));
      }
      Operand<TFloat32> generated = x;
      Operand<TUint8> translated = null;
      if (spec.hasGenerator()) {
        generated = new ResnetGenerator(spec.generator(), spec.generatorName(), vars).call(tf, x);
        Operand<TFloat32> bytes =
            tf.math.round(
                tf.math.mul(tf.math.add(generated, tf.constant(1f)), tf.constant(127.5f)));
        translated =
            tf.dtypes.cast(tf.clipByValue(bytes, tf.constant(0f), tf.constant(255f)), TUint8.class);
      }
      Operand<TFloat32> scores = null;
      Operand<TInt64> predictions = null;
      if (spec.hasExpert()) {
        ExpertNetwork f = spec.expert().build(spec.expertName(), vars, spec.normalization());
        Operand<TFloat32> logits = f.callOnGenerated(tf, generated, false);
        scores = tf.nn.softmax(logits);
        predictions = tf.math.argMax(logits, tf.constant(-1), TInt64.class);
      }
      s = TfSessions.open(g, threads);
      Map<String, Weights> values = new LinkedHashMap<>();
      for (VarStore.Var v : vars.all()) {
        Weights w = spec.weights().get(v.name());
        if (w == null) {
          throw new ExportException(
              "TensorFlow reference: no weight for variable '"
                  + v.name()
                  + "' "
                  + Arrays.toString(v.shape()));
        }
        if (!Arrays.equals(w.shape(), v.shape())) {
          throw new ExportException(
              "TensorFlow reference: weight '"
                  + v.name()
                  + "' has shape "
                  + Arrays.toString(w.shape())
                  + ", the network needs "
                  + Arrays.toString(v.shape()));
        }
        values.put(v.name(), w);
      }
      vars.assign(s, values);
      return new TfInference(g, s, image, scaled, scores, predictions, translated);
    } catch (TensorFlowException | IllegalArgumentException e) {
      closeQuietly(s, g);
      throw new ExportException("Cannot build the TensorFlow reference: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(s, g);
      throw e;
    }
  }

  /**
   * Runs {@code batch}; fetches scores and translated bytes only when asked (predictions always,
   * when the graph has the expert).
   *
   * @throws ExportException wrapping a TensorFlow failure, with the batch's shape
   */
  public Outputs run(SampleImages batch, boolean withScores, boolean withTranslated) {
    if (image == null) {
      throw new ExportException("this TensorFlow reference takes scaled input: use runScaled");
    }
    try (TUint8 in =
        TUint8.tensorOf(Shape.of(batch.shape()), DataBuffers.of(batch.rgb(), true, false))) {
      return run(
          image, in, batch.count(), batch.height(), batch.width(), withScores, withTranslated);
    }
  }

  /**
   * Runs the network input {@code x}, float [n, h, w, 3] in [−1, 1] (a reference opened with {@code
   * scaledInput}).
   */
  public Outputs runScaled(
      float[] x, int n, int h, int w, boolean withScores, boolean withTranslated) {
    if (scaled == null) {
      throw new ExportException("this TensorFlow reference takes uint8 images: use run");
    }
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, h, w, 3), DataBuffers.of(x, true, false))) {
      return run(scaled, in, n, h, w, withScores, withTranslated);
    }
  }

  private Outputs run(
      Operand<?> feed,
      org.tensorflow.Tensor in,
      int count,
      int height,
      int width,
      boolean withScores,
      boolean withTranslated) {
    boolean s = withScores && scores != null;
    boolean t = withTranslated && translated != null;
    try {
      Session.Runner r = session.runner().feed(feed, in);
      if (predictions != null) {
        r.fetch(predictions);
      }
      if (s) {
        r.fetch(scores);
      }
      if (t) {
        r.fetch(translated);
      }
      try (Result res = r.run()) {
        int i = 0;
        long[] p = null;
        float[] sc = null;
        byte[] tr = null;
        if (predictions != null) {
          TInt64 pt = (TInt64) res.get(i++);
          p = new long[Math.toIntExact(pt.shape().size())];
          pt.asRawTensor().data().asLongs().read(p);
        }
        if (s) {
          TFloat32 st = (TFloat32) res.get(i++);
          sc = new float[Math.toIntExact(st.shape().size())];
          st.asRawTensor().data().asFloats().read(sc);
        }
        if (t) {
          TUint8 tt = (TUint8) res.get(i);
          tr = new byte[Math.toIntExact(tt.shape().size())];
          tt.asRawTensor().data().read(tr);
        }
        return new Outputs(sc, p, tr);
      }
    } catch (TensorFlowException e) {
      throw new ExportException(
          "TensorFlow failed on a batch of "
              + count
              + " images of "
              + height
              + "x"
              + width
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Closes the session, then the graph. */
  @Override
  public void close() {
    closeQuietly(session, graph);
  }

  private static void closeQuietly(Session s, Graph g) {
    if (s != null) {
      s.close();
    }
    g.close();
  }
}

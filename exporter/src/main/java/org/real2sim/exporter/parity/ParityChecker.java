package org.real2sim.exporter.parity;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.runtime.bundle.GraphNames;
import org.real2sim.runtime.bundle.Task;

/**
 * Runs an exported model in ONNX Runtime and the same networks in TensorFlow ({@link TfInference})
 * on the same uint8 images, compares every output element-wise, and fails when they disagree beyond
 * a {@link ParityTolerance}.
 *
 * <p>Compared: softmax {@code scores} (ONNX [N, K, H, W] against TensorFlow's [N, H, W, K]), the
 * predictions ({@code class_id} or {@code mask}; a differing one counts as a tie only when the
 * reference's scores of the two classes are within the tie margin), and the {@code translated}
 * bytes. ONNX Runtime runs with all graph optimisations, as the runtime does.
 */
public final class ParityChecker {

  private ParityChecker() {}

  /**
   * Settings of a check.
   *
   * @param tolerance what counts as agreement
   * @param threads intra-op threads of both runtimes (0 = all cores)
   * @param batch images per run (memory: one batch of activations at a time)
   * @param reference the training side's preprocessing, needed when the graph resizes (its samples
   *     may have any size); null compares samples already at the network's size
   */
  public record Options(
      ParityTolerance tolerance, int threads, int batch, ReferencePreprocessing reference) {

    /** Options without a reference preprocessing. */
    public Options(ParityTolerance tolerance, int threads, int batch) {
      this(tolerance, threads, batch, null);
    }

    /** These options with the training side's preprocessing. */
    public Options withReference(ReferencePreprocessing r) {
      return new Options(tolerance, threads, batch, r);
    }

    /** Checks the numbers. */
    public Options {
      if (tolerance == null) {
        throw new ExportException("parity tolerance is required");
      }
      if (threads < 0 || batch < 1) {
        throw new ExportException(
            "parity needs threads >= 0 and batch >= 1, found threads "
                + threads
                + " and batch "
                + batch);
      }
    }

    /** The tolerance for the spec's precision, all cores, batches of 4. */
    public static Options forSpec(ExportSpec spec) {
      return new Options(ParityTolerance.forWeights(spec.fp16()), 0, 4);
    }
  }

  /**
   * Compares the model file {@code model} (written from {@code spec}) with TensorFlow on {@code
   * samples}.
   *
   * @return the numbers, within the tolerance
   * @throws ExportException with the numbers when outside the tolerance, or when either runtime
   *     fails (wrapped, with the model's path)
   */
  public static ParityReport check(
      ExportSpec spec, Path model, SampleImages samples, Options options) {
    return check(spec, model, java.util.List.of(samples), options);
  }

  /**
   * As {@link #check(ExportSpec, Path, SampleImages, Options)} over groups of samples of different
   * sizes (full-size camera images for a graph that resizes).
   */
  public static ParityReport check(
      ExportSpec spec, Path model, java.util.List<SampleImages> samples, Options options) {
    ParityReport report = measure(spec, model, samples, options);
    if (!report.passed()) {
      throw new ExportException(
          "Parity check failed for "
              + model
              + ": ONNX Runtime and TensorFlow disagree beyond the tolerance; "
              + report.summary());
    }
    return report;
  }

  /**
   * Measures the agreement without judging it.
   *
   * @throws ExportException when either runtime fails
   */
  public static ParityReport measure(
      ExportSpec spec, Path model, SampleImages samples, Options options) {
    return measure(spec, model, java.util.List.of(samples), options);
  }

  /**
   * Measures the agreement over groups of samples without judging it. When the graph resizes
   * ({@link ExportSpec#preprocessing()}), ONNX Runtime gets each image as it is and TensorFlow the
   * reference preprocessing's network input; without a reference, samples must already be at the
   * network's size.
   *
   * @throws ExportException when either runtime fails, or samples need a reference that is missing
   */
  public static ParityReport measure(
      ExportSpec spec, Path model, java.util.List<SampleImages> samples, Options options) {
    ParityAccumulator acc = new ParityAccumulator(options.tolerance());
    OrtEnvironment env = org.real2sim.runtime.RuntimeEnvironment.environment();
    var pre = spec.preprocessing();
    int images = 0;
    try (TfInference tf =
            TfInference.open(spec, options.threads(), new long[] {-1, -1, -1, 3}, pre != null);
        OrtSession.SessionOptions so = sessionOptions(options.threads());
        OrtSession ort = env.createSession(model.toString(), so)) {
      for (SampleImages group : samples) {
        images += group.count();
        for (int from = 0; from < group.count(); from += options.batch()) {
          SampleImages b = group.slice(from, Math.min(group.count(), from + options.batch()));
          TfInference.Outputs ref;
          if (pre == null) {
            ref = tf.run(b, true, true);
          } else {
            ref =
                tf.runScaled(
                    reference(b, pre.height(), pre.width(), options.reference()),
                    b.count(),
                    pre.height(),
                    pre.width(),
                    true,
                    true);
          }
          try (OnnxTensor in =
                  OnnxTensor.createTensor(
                      env, ByteBuffer.wrap(b.rgb()), b.shape(), OnnxJavaType.UINT8);
              OrtSession.Result r = ort.run(Map.of(GraphNames.IMAGE, in))) {
            int h = pre == null ? b.height() : pre.height();
            int w = pre == null ? b.width() : pre.width();
            compare(spec, b.count(), h * w, ref, r, acc);
          }
        }
      }
    } catch (OrtException e) {
      throw new ExportException(
          "ONNX Runtime failed on " + model + " during the parity check: " + e.getMessage(), e);
    }
    SampleImages first = samples.get(0);
    int h = pre == null ? first.height() : pre.height();
    int w = pre == null ? first.width() : pre.width();
    return acc.report(images, h, w);
  }

  /** The reference network inputs of a batch, stacked. */
  private static float[] reference(SampleImages b, int h, int w, ReferencePreprocessing reference) {
    int per = 3 * h * w;
    float[] out = new float[b.count() * per];
    int in = 3 * b.height() * b.width();
    for (int i = 0; i < b.count(); i++) {
      byte[] rgb = java.util.Arrays.copyOfRange(b.rgb(), i * in, (i + 1) * in);
      float[] x;
      if (reference != null) {
        x = reference.apply(rgb, b.height(), b.width(), h, w);
      } else if (b.height() == h && b.width() == w) {
        x = new float[per];
        for (int k = 0; k < per; k++) {
          x[k] = (rgb[k] & 0xff) / 127.5f - 1f;
        }
      } else {
        throw new ExportException(
            "parity samples of "
                + b.height()
                + "x"
                + b.width()
                + " need the training side's preprocessing (ParityChecker.Options.withReference)"
                + " to be compared with a graph that resizes to "
                + h
                + "x"
                + w);
      }
      if (x.length != per) {
        throw new ExportException(
            "the reference preprocessing returned " + x.length + " values, expected " + per);
      }
      System.arraycopy(x, 0, out, i * per, per);
    }
    return out;
  }

  private static void compare(
      ExportSpec spec,
      int count,
      int netPixels,
      TfInference.Outputs ref,
      OrtSession.Result r,
      ParityAccumulator acc)
      throws OrtException {
    if (spec.hasExpert()) {
      float[] scores = floats(r, GraphNames.SCORES);
      long[] preds;
      int k = spec.classes().size();
      int pixels;
      if (spec.task() == Task.CLASSIFICATION) {
        preds = longs(r, GraphNames.CLASS_ID);
        pixels = 1;
      } else {
        byte[] mask = bytes(r, GraphNames.MASK);
        preds = new long[mask.length];
        for (int i = 0; i < mask.length; i++) {
          preds[i] = mask[i] & 0xff;
        }
        pixels = netPixels;
      }
      if (scores.length != ref.scores().length || preds.length != ref.predictions().length) {
        throw new ExportException(
            "ONNX Runtime returned "
                + scores.length
                + " scores and "
                + preds.length
                + " predictions, TensorFlow "
                + ref.scores().length
                + " and "
                + ref.predictions().length);
      }
      acc.scores(ref.scores(), scores, ref.predictions(), preds, count, k, pixels);
    }
    if (spec.translated()) {
      acc.translated(ref.translated(), bytes(r, GraphNames.TRANSLATED));
    }
  }

  private static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setInterOpNumThreads(1);
      if (threads > 0) {
        so.setIntraOpNumThreads(threads);
      }
      so.addConfigEntry("session.intra_op.allow_spinning", "0");
      return so;
    } catch (OrtException e) {
      so.close();
      throw e;
    }
  }

  private static OnnxTensor output(OrtSession.Result r, String name) {
    Optional<OnnxValue> v = r.get(name);
    if (v.isEmpty() || !(v.get() instanceof OnnxTensor t)) {
      throw new ExportException("The exported model has no tensor output '" + name + "'");
    }
    return t;
  }

  private static float[] floats(OrtSession.Result r, String name) {
    FloatBuffer b = output(r, name).getFloatBuffer();
    float[] v = new float[b.remaining()];
    b.get(v);
    return v;
  }

  private static long[] longs(OrtSession.Result r, String name) {
    LongBuffer b = output(r, name).getLongBuffer();
    long[] v = new long[b.remaining()];
    b.get(v);
    return v;
  }

  private static byte[] bytes(OrtSession.Result r, String name) {
    ByteBuffer b = output(r, name).getByteBuffer();
    byte[] v = new byte[b.remaining()];
    b.get(v);
    return v;
  }
}

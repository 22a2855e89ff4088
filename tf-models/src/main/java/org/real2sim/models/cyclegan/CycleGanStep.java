package org.real2sim.models.cyclegan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.real2sim.models.nn.Fetches;
import org.real2sim.models.nn.WriteOrder;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One CycleGAN training iteration on a {@link CycleGanModel}, the one both the trainer and {@code
 * bench-cyclegan} run, so the benchmark times exactly what training does.
 *
 * <p>The G step runs {@code adam_g}'s train op, fetching {@link CycleGanModel#fakeS()}, {@link
 * CycleGanModel#fakeR()} and every generator loss; each fake image goes through its image pool (in
 * Java: the pools' content and random state belong to the checkpoint); the D step runs {@code
 * adam_d}'s train op on the pools' answers, fetching the discriminator losses. When a pool hands
 * back the very images it was given (always while it fills, about half the time after), the G
 * step's fetched tensor is fed to the D step as it is, without a copy back into a new tensor.
 */
public final class CycleGanStep {

  /** The image pool of one domain: gets one fake image, returns the one D should see. */
  @FunctionalInterface
  public interface Pool {
    /** The image D sees in place of {@code image} (one image, {@code H·W·3} floats). */
    float[] query(float[] image);
  }

  /**
   * Stage c's extra feeds.
   *
   * @param labels the real images' labels
   * @param labelShape their shape ({@code [batch]} or {@code [batch, H, W]})
   * @param alpha α
   * @param gamma γ
   */
  public record TaskFeeds(int[] labels, long[] labelShape, float alpha, float gamma) {}

  /**
   * Sees the iteration's parts: the two session runs (with their metadata when traced) and the
   * host-side work between them. Used by the benchmark's profile; the trainer passes none.
   */
  public interface Observer {
    /** Options of both runs (e.g. a full trace), or null. */
    default RunOptions runOptions() {
      return null;
    }

    /**
     * One session run finished.
     *
     * @param label {@code G step} or {@code D step}
     * @param nanos its wall time
     * @param metadata its step statistics when {@link #runOptions()} asked for a trace, else null
     */
    void run(String label, long nanos, RunMetadata metadata);

    /**
     * Host work between and around the runs.
     *
     * @param what {@code fetch conversion}, {@code image pool} or {@code feed conversion}
     * @param nanos its wall time
     */
    void host(String what, long nanos);
  }

  /** The G step's label for an {@link Observer}. */
  public static final String G_STEP = "G step";

  /** The D step's label for an {@link Observer}. */
  public static final String D_STEP = "D step";

  /** The G step's fetch of {@link CycleGanModel#fakeS()}. */
  private static final String FAKE_S = "fake_s";

  /** The G step's fetch of {@link CycleGanModel#fakeR()}. */
  private static final String FAKE_R = "fake_r";

  private final CycleGanModel model;
  private final Fetches gFetches;
  private final Fetches dFetches;
  private final List<String> gLossNames;
  private final List<String> dLossNames;
  private final List<String> lossNames;
  private final long[] shape;
  private final int imageSize;

  /** The step of {@code model}'s graph. */
  public CycleGanStep(CycleGanModel model) {
    this.model = model;
    CycleGanModel.Config c = model.config();
    Map<String, Operand<TFloat32>> g = model.generatorLosses();
    Map<String, Operand<TFloat32>> d = model.discriminatorLosses();
    Map<String, Operand<TFloat32>> gFetched = new LinkedHashMap<>();
    gFetched.put(FAKE_S, model.fakeS());
    gFetched.put(FAKE_R, model.fakeR());
    for (Map.Entry<String, Operand<TFloat32>> e : g.entrySet()) {
      if (gFetched.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalStateException("a generator loss is named " + e.getKey());
      }
    }
    gFetches = new Fetches(gFetched);
    dFetches = new Fetches(d);
    gLossNames = List.copyOf(g.keySet());
    dLossNames = List.copyOf(d.keySet());
    List<String> names = new ArrayList<>(g.keySet());
    names.addAll(d.keySet());
    lossNames = List.copyOf(names);
    shape = new long[] {c.batch(), c.height(), c.width(), 3};
    imageSize = c.height() * c.width() * 3;
  }

  /** The losses {@link #run} returns, in order: the generator terms, then the discriminators'. */
  public List<String> lossNames() {
    return lossNames;
  }

  /** The number of generator losses at the start of {@link #lossNames()}. */
  public int generatorLossCount() {
    return gLossNames.size();
  }

  /**
   * What {@link WriteOrder} finds in the G step's and the D step's session runs in {@code graph}
   * (the model's graph), in that order: no races means the iteration's results cannot depend on the
   * number of inter-op threads.
   */
  public List<WriteOrder.Check> writeOrder(Graph graph) {
    GraphDef def = graph.toGraphDef();
    List<String> g = new ArrayList<>(gFetches.opNames());
    g.add(model.trainG().trainOp().op().name());
    List<String> d = new ArrayList<>(dFetches.opNames());
    d.add(model.trainD().trainOp().op().name());
    return List.of(WriteOrder.check(def, g), WriteOrder.check(def, d));
  }

  /** The fed image shape {@code [batch, H, W, 3]}. */
  public long[] imageShape() {
    return shape.clone();
  }

  /**
   * Runs one iteration.
   *
   * @param real real images {@code [batch, H, W, 3]} in [−1, 1]
   * @param synthetic synthetic images, same shape
   * @param learningRate both optimisers' learning rate
   * @param task stage c's feeds, or null in stage b
   * @param poolS D_S's image pool
   * @param poolR D_R's image pool
   * @param observer sees the runs and host work, or null
   * @return the losses in the order of {@link #lossNames()}
   */
  public float[] run(
      Session session,
      TFloat32 real,
      TFloat32 synthetic,
      float learningRate,
      TaskFeeds task,
      Pool poolS,
      Pool poolR,
      Observer observer) {
    if ((task != null) != model.config().taskAware()) {
      throw new IllegalArgumentException(
          model.config().taskAware()
              ? "the task-aware graph needs labels, alpha and gamma"
              : "a stage-b graph takes no task feeds");
    }
    RunOptions options = observer == null ? null : observer.runOptions();
    float[] losses = new float[lossNames.size()];
    try (TFloat32 lr = TFloat32.scalarOf(learningRate);
        TaskTensors t = task == null ? null : new TaskTensors(task)) {
      long t0 = System.nanoTime();
      Session.Runner g =
          session
              .runner()
              .feed(model.real(), real)
              .feed(model.synthetic(), synthetic)
              .feed(model.trainG().learningRate(), lr)
              .addTarget(model.trainG().trainOp());
      gFetches.addTo(g);
      if (t != null) {
        g.feed(model.labels(), t.labels).feed(model.alpha(), t.alpha).feed(model.gamma(), t.gamma);
      }
      if (options != null) {
        g.setOptions(options);
      }
      try (Result fakes = options != null ? g.runAndFetchMetadata() : g.run()) {
        long t1 = System.nanoTime();
        if (observer != null) {
          observer.run(G_STEP, t1 - t0, metadata(fakes, options, G_STEP));
        }
        long t2 = System.nanoTime();
        for (int j = 0; j < gLossNames.size(); j++) {
          losses[j] = gFetches.scalar(fakes, gLossNames.get(j));
        }
        TFloat32 fakeS = (TFloat32) gFetches.get(fakes, FAKE_S);
        TFloat32 fakeR = (TFloat32) gFetches.get(fakes, FAKE_R);
        float[] s = floats(fakeS);
        float[] r = floats(fakeR);
        long t3 = System.nanoTime();
        float[] pooledS = pool(poolS, s);
        float[] pooledR = pool(poolR, r);
        long t4 = System.nanoTime();
        try (TFloat32 ps = pooledS == s ? null : tensor(pooledS);
            TFloat32 pr = pooledR == r ? null : tensor(pooledR)) {
          long t5 = System.nanoTime();
          if (observer != null) {
            observer.host("fetch conversion", t3 - t2);
            observer.host("image pool", t4 - t3);
            observer.host("feed conversion", t5 - t4);
          }
          Session.Runner d =
              session
                  .runner()
                  .feed(model.real(), real)
                  .feed(model.synthetic(), synthetic)
                  .feed(model.poolFakeS(), ps == null ? fakeS : ps)
                  .feed(model.poolFakeR(), pr == null ? fakeR : pr)
                  .feed(model.trainD().learningRate(), lr)
                  .addTarget(model.trainD().trainOp());
          dFetches.addTo(d);
          if (options != null) {
            d.setOptions(options);
          }
          try (Result res = options != null ? d.runAndFetchMetadata() : d.run()) {
            long t6 = System.nanoTime();
            if (observer != null) {
              observer.run(D_STEP, t6 - t5, metadata(res, options, D_STEP));
            }
            for (int j = 0; j < dLossNames.size(); j++) {
              losses[gLossNames.size() + j] = dFetches.scalar(res, dLossNames.get(j));
            }
          }
        }
      }
    }
    return losses;
  }

  /**
   * Puts every image of {@code batch} through {@code pool}; returns {@code batch} itself when the
   * pool handed back each image unchanged (same array), else a new array of the answers.
   */
  private float[] pool(Pool pool, float[] batch) {
    int n = batch.length / imageSize;
    if (n == 1) {
      float[] answer = pool.query(batch);
      checkSize(answer);
      return answer;
    }
    float[] out = null;
    for (int k = 0; k < n; k++) {
      float[] image = new float[imageSize];
      System.arraycopy(batch, k * imageSize, image, 0, imageSize);
      float[] answer = pool.query(image);
      checkSize(answer);
      if (answer != image && out == null) {
        out = batch.clone();
      }
      if (out != null) {
        System.arraycopy(answer, 0, out, k * imageSize, imageSize);
      }
    }
    return out == null ? batch : out;
  }

  private void checkSize(float[] image) {
    if (image.length != imageSize) {
      throw new IllegalStateException(
          "the image pool returned " + image.length + " floats, expected " + imageSize);
    }
  }

  private TFloat32 tensor(float[] values) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  private static float[] floats(TFloat32 t) {
    float[] a = new float[Math.toIntExact(t.shape().size())];
    t.asRawTensor().data().asFloats().read(a);
    return a;
  }

  private static RunMetadata metadata(Result r, RunOptions options, String label) {
    if (options == null) {
      return null;
    }
    Optional<RunMetadata> md = r.getMetadata();
    return md.orElseThrow(
        () -> new IllegalStateException("the traced " + label + " returned no metadata"));
  }

  /** Stage c's feeds as tensors. */
  private static final class TaskTensors implements AutoCloseable {
    final TInt32 labels;
    final TFloat32 alpha;
    final TFloat32 gamma;

    TaskTensors(TaskFeeds f) {
      labels = TInt32.tensorOf(Shape.of(f.labelShape()), DataBuffers.of(f.labels(), true, false));
      alpha = TFloat32.scalarOf(f.alpha());
      gamma = TFloat32.scalarOf(f.gamma());
    }

    @Override
    public void close() {
      labels.close();
      alpha.close();
      gamma.close();
    }
  }
}

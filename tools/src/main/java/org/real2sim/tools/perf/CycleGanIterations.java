package org.real2sim.tools.perf;

import java.util.SplittableRandom;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.cyclegan.CycleGanStep;
import org.real2sim.runtime.Percentiles;
import org.real2sim.trainer.gan.ImagePool;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * One case's iterations for {@link CycleGanBenchmark}: the fed tensors (one real and one synthetic
 * random image, the learning rate), the two image pools of the reference's size, and one iteration
 * through the trainer's {@link CycleGanStep}, timed (whole iteration and G step) or traced into an
 * {@link OpProfile}. Owns the fed tensors; {@link #close} closes them.
 */
final class CycleGanIterations implements AutoCloseable {

  private final CycleGanStep step;
  private final ImagePool poolS;
  private final ImagePool poolR;
  private final Inputs in;

  /**
   * Iterations of {@code step} on random {@code size}×{@code size} images.
   *
   * @param seed seed of the images; the pools use {@code seed + 1} and {@code seed + 2}
   */
  CycleGanIterations(CycleGanStep step, int size, long seed) {
    this.step = step;
    this.poolS = new ImagePool(CycleGanBenchmark.POOL_SIZE, seed + 1);
    this.poolR = new ImagePool(CycleGanBenchmark.POOL_SIZE, seed + 2);
    this.in = new Inputs(size, seed);
  }

  /**
   * One iteration through {@link CycleGanStep}, the trainer's step.
   *
   * @param tracer traces both runs, or null to time them only
   * @return {@code [iteration seconds, G step seconds]}
   */
  double[] next(Session session, Tracer tracer) {
    long[] gNanos = new long[1];
    CycleGanStep.Observer timer =
        tracer != null
            ? tracer
            : new CycleGanStep.Observer() {
              @Override
              public void run(String label, long nanos, RunMetadata metadata) {
                if (label.equals(CycleGanStep.G_STEP)) {
                  gNanos[0] = nanos;
                }
              }

              @Override
              public void host(String what, long nanos) {}
            };
    long t0 = System.nanoTime();
    step.run(
        session,
        in.real,
        in.synthetic,
        CycleGanBenchmark.LEARNING_RATE,
        null,
        poolS::query,
        poolR::query,
        timer);
    long t1 = System.nanoTime();
    return new double[] {seconds(t1 - t0), seconds(tracer != null ? tracer.gNanos : gNanos[0])};
  }

  /** The median of 30 runs feeding the learning rate and fetching its identity. */
  double minimalRun(Session session, Operand<TFloat32> probe, CycleGanModel model) {
    double[] t = new double[30];
    for (int i = -5; i < t.length; i++) {
      long t0 = System.nanoTime();
      try (Result r =
          session
              .runner()
              .feed(model.trainG().learningRate(), in.learningRate)
              .fetch(probe)
              .run()) {
        if (i >= 0) {
          t[i] = seconds(System.nanoTime() - t0);
        }
      }
    }
    return Percentiles.median(t);
  }

  /** Traces both runs into a profile and records the host work between them. */
  static final class Tracer implements CycleGanStep.Observer {
    private final RunOptions options;
    private final OpProfile profile;
    long gNanos;

    Tracer(RunOptions options, OpProfile profile) {
      this.options = options;
      this.profile = profile;
    }

    @Override
    public RunOptions runOptions() {
      return options;
    }

    @Override
    public void run(String label, long nanos, RunMetadata metadata) {
      if (label.equals(CycleGanStep.G_STEP)) {
        gNanos = nanos;
      }
      profile.add(label, metadata, nanos / 1000);
    }

    @Override
    public void host(String what, long nanos) {
      profile.addHost(what, nanos / 1000);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** The fed tensors: one real and one synthetic image in [−1, 1] and the learning rate. */
  private static final class Inputs implements AutoCloseable {
    final TFloat32 real;
    final TFloat32 synthetic;
    final TFloat32 learningRate;

    Inputs(int size, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      Shape shape = Shape.of(1, size, size, 3);
      TFloat32 r = null;
      TFloat32 s = null;
      try {
        r = TFloat32.tensorOf(shape, DataBuffers.of(image(random, size), true, false));
        s = TFloat32.tensorOf(shape, DataBuffers.of(image(random, size), true, false));
        learningRate = TFloat32.scalarOf(CycleGanBenchmark.LEARNING_RATE);
      } catch (RuntimeException e) {
        closeQuietly(r);
        closeQuietly(s);
        throw e;
      }
      real = r;
      synthetic = s;
    }

    private static float[] image(SplittableRandom random, int size) {
      float[] x = new float[size * size * 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (random.nextDouble() * 2 - 1);
      }
      return x;
    }

    private static void closeQuietly(Tensor t) {
      if (t != null) {
        t.close();
      }
    }

    @Override
    public void close() {
      real.close();
      synthetic.close();
      learningRate.close();
    }
  }

  @Override
  public void close() {
    in.close();
  }
}

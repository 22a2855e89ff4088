package org.real2sim.tools.perf;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.runtime.Percentiles;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Times full CycleGAN training iterations exactly as the trainer runs them: the G step ({@code
 * adam_g}'s train op, fetching {@code fakeS} and {@code fakeR}) and then the D step ({@code
 * adam_d}'s train op) fed with those fakes as the image pool's output, batch 1, on random images.
 *
 * <p>Each case builds its own graph and session (variables from a fixed seed), runs the warm-up
 * iterations (the first one includes grappler's graph optimisation), then the timed ones, then
 * optionally traced iterations whose step statistics feed an {@link OpProfile}. Traced iterations
 * are never timed: tracing slows every op down.
 */
public final class CycleGanBenchmark {

  /** The learning rate fed to both optimisers (the reference's 2e-4). */
  public static final float LEARNING_RATE = 2e-4f;

  /**
   * How to run.
   *
   * @param iterations timed iterations, at least 1
   * @param warmup untimed iterations before them, at least 0 (the first run optimises the graph)
   * @param threads intra-op threads, 0 for every core
   * @param interOpThreads inter-op threads (independent ops run concurrently), at least 1
   * @param profileIterations traced iterations after the timed ones, 0 for no profile
   * @param seed seed of the weights and the images
   * @param session session configuration, or null for {@link TfSessions#config(int)} with {@code
   *     threads}
   */
  public record Options(
      int iterations,
      int warmup,
      int threads,
      int interOpThreads,
      int profileIterations,
      long seed,
      ConfigProto session) {

    /** Validates the counts. */
    public Options {
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be >= 1, found " + iterations);
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("warmup must be >= 0, found " + warmup);
      }
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0, found " + threads);
      }
      if (interOpThreads < 1) {
        throw new IllegalArgumentException("interOpThreads must be >= 1, found " + interOpThreads);
      }
      if (profileIterations < 0) {
        throw new IllegalArgumentException(
            "profileIterations must be >= 0, found " + profileIterations);
      }
    }

    /**
     * The session configuration these options ask for: {@code session} when given, else {@link
     * TfSessions#config(int)} with {@code threads} and {@code interOpThreads}.
     */
    public ConfigProto sessionConfig() {
      if (session != null) {
        return session;
      }
      return TfSessions.config(threads).toBuilder()
          .setInterOpParallelismThreads(interOpThreads)
          .build();
    }
  }

  /**
   * What one case measured.
   *
   * @param benchCase the case
   * @param flops FLOPs per iteration
   * @param seconds every timed iteration's seconds, in order
   * @param gStepSeconds the G step's share of each timed iteration
   * @param cpuSeconds the process CPU time (user + system, every thread) of each timed iteration;
   *     NaN where the JVM cannot tell. On an idle machine wall ≈ CPU / threads; on a loaded one the
   *     CPU time still shows the work, the wall time also the waiting for a core
   * @param buildSeconds graph construction and variable initialisation
   * @param firstSeconds the first (untimed) iteration, which includes graph optimisation; NaN
   *     without warm-up
   * @param profile the traced iterations' profile, or null
   */
  public record Measurement(
      CycleGanCase benchCase,
      long flops,
      double[] seconds,
      double[] gStepSeconds,
      double[] cpuSeconds,
      double buildSeconds,
      double firstSeconds,
      OpProfile profile) {

    /** The median seconds per iteration. */
    public double median() {
      return Percentiles.median(seconds);
    }

    /** The 10th percentile of the seconds per iteration. */
    public double p10() {
      return Percentiles.of(seconds, 10);
    }

    /** The 90th percentile of the seconds per iteration. */
    public double p90() {
      return Percentiles.of(seconds, 90);
    }

    /** The median of the G step's seconds. */
    public double medianGStep() {
      return Percentiles.median(gStepSeconds);
    }

    /** The median of the CPU seconds per iteration (NaN when unknown). */
    public double medianCpu() {
      return Percentiles.median(cpuSeconds);
    }

    /**
     * The median CPU seconds over the median wall seconds: how many cores the process kept busy
     * (NaN when the CPU time is unknown).
     */
    public double coresUsed() {
      return medianCpu() / median();
    }

    /** FLOPs per iteration over the median time, in GFLOP/s. */
    public double gflopsPerSecond() {
      return flops / median() / 1e9;
    }

    /** Median time over the reference's, or NaN without a reference. */
    public double ratio() {
      return benchCase.hasReference() ? median() / benchCase.referenceSeconds() : Double.NaN;
    }
  }

  private CycleGanBenchmark() {}

  /**
   * Builds the case's graph and times it.
   *
   * @param progress receives one line per phase and per timed iteration
   */
  public static Measurement run(CycleGanCase c, Options options, PrintStream progress) {
    long t0 = System.nanoTime();
    try (Graph graph = new Graph()) {
      VarStore vars = new VarStore(graph, options.seed());
      CycleGanModel model = CycleGanModel.build(vars, c.modelConfig(), null);
      try (Session session = new Session(graph, false, options.sessionConfig());
          Inputs inputs = new Inputs(c.size(), options.seed())) {
        vars.initialize(session);
        double build = seconds(System.nanoTime() - t0);
        progress.printf(
            Locale.ROOT,
            "%s: graph built and initialised in %.1f s (%,d variables)%n",
            c.name(),
            build,
            vars.all().size());
        double first = Double.NaN;
        for (int i = 0; i < options.warmup(); i++) {
          double s = iterate(session, model, inputs, null, null)[0];
          if (i == 0) {
            first = s;
          }
          progress.printf(
              Locale.ROOT, "%s: warm-up %d/%d: %.3f s%n", c.name(), i + 1, options.warmup(), s);
        }
        double[] seconds = new double[options.iterations()];
        double[] gStep = new double[options.iterations()];
        double[] cpu = new double[options.iterations()];
        for (int i = 0; i < options.iterations(); i++) {
          double cpu0 = processCpuSeconds();
          double[] t = iterate(session, model, inputs, null, null);
          cpu[i] = processCpuSeconds() - cpu0;
          seconds[i] = t[0];
          gStep[i] = t[1];
          progress.printf(
              Locale.ROOT,
              "%s: iteration %d/%d: %.3f s (G step %.3f s, D step %.3f s), CPU %.2f s%n",
              c.name(),
              i + 1,
              options.iterations(),
              t[0],
              t[1],
              t[0] - t[1],
              cpu[i]);
        }
        OpProfile profile = null;
        if (options.profileIterations() > 0) {
          profile = new OpProfile();
          RunOptions trace =
              RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
          for (int i = 0; i < options.profileIterations(); i++) {
            iterate(session, model, inputs, trace, profile);
            profile.endIteration();
          }
          progress.printf(
              Locale.ROOT,
              "%s: traced %d iteration(s) for the profile%n",
              c.name(),
              options.profileIterations());
        }
        return new Measurement(
            c, c.flopsPerIteration(), seconds, gStep, cpu, build, first, profile);
      }
    }
  }

  /**
   * One iteration: the G step, then the D step fed with the G step's fakes.
   *
   * @return {@code [iteration seconds, G step seconds]}
   */
  private static double[] iterate(
      Session session, CycleGanModel m, Inputs in, RunOptions trace, OpProfile profile) {
    long t0 = System.nanoTime();
    Session.Runner g =
        session
            .runner()
            .feed(m.real(), in.real)
            .feed(m.synthetic(), in.synthetic)
            .feed(m.trainG().learningRate(), in.learningRate)
            .fetch(m.fakeS())
            .fetch(m.fakeR())
            .addTarget(m.trainG().trainOp());
    if (trace != null) {
      g.setOptions(trace);
    }
    try (Result fakes = trace != null ? g.runAndFetchMetadata() : g.run()) {
      long t1 = System.nanoTime();
      record(profile, "G step", fakes, t1 - t0);
      Session.Runner d =
          session
              .runner()
              .feed(m.real(), in.real)
              .feed(m.synthetic(), in.synthetic)
              .feed(m.poolFakeS(), fakes.get(0))
              .feed(m.poolFakeR(), fakes.get(1))
              .feed(m.trainD().learningRate(), in.learningRate)
              .addTarget(m.trainD().trainOp());
      if (trace != null) {
        d.setOptions(trace);
      }
      try (Result r = trace != null ? d.runAndFetchMetadata() : d.run()) {
        long t2 = System.nanoTime();
        record(profile, "D step", r, t2 - t1);
        return new double[] {seconds(t2 - t0), seconds(t1 - t0)};
      }
    }
  }

  private static void record(OpProfile profile, String run, Result r, long nanos) {
    if (profile != null) {
      RunMetadata md =
          r.getMetadata()
              .orElseThrow(
                  () -> new IllegalStateException("traced " + run + " returned no metadata"));
      profile.add(run, md, nanos / 1000);
    }
  }

  /** The process's CPU time in seconds, or NaN when the JVM does not report it. */
  static double processCpuSeconds() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long nanos = sun.getProcessCpuTime();
      return nanos < 0 ? Double.NaN : nanos / 1e9;
    }
    return Double.NaN;
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
        learningRate = TFloat32.scalarOf(LEARNING_RATE);
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
}

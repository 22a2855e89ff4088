package org.real2sim.tools.perf;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.cyclegan.CycleGanStep;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.VarStore;
import org.real2sim.runtime.Percentiles;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Times full CycleGAN training iterations exactly as the trainer runs them: the trainer's {@link
 * CycleGanStep} (G step fetching the fakes and losses, the two image pools of the reference's size
 * 50, D step) with the trainer's thread choice ({@link ThreadPlan#forCycleGan}), batch 1, on random
 * images.
 *
 * <p>Each case builds its own graph and session (variables from a fixed seed), runs the warm-up
 * iterations (the first one includes grappler's graph optimisation), then the timed ones, then
 * optionally traced iterations whose step statistics feed an {@link OpProfile}. Traced iterations
 * are never timed: tracing slows every op down. {@link CycleGanIterations} holds the fed images and
 * the pools and runs one iteration, timed or traced; this class runs the phases and measures.
 */
public final class CycleGanBenchmark {

  /** The learning rate fed to both optimisers (the reference's 2e-4). */
  public static final float LEARNING_RATE = 2e-4f;

  /**
   * How to run.
   *
   * @param iterations timed iterations, at least 1
   * @param warmup untimed iterations before them, at least 0 (the first run optimises the graph)
   * @param threads intra-op threads, 0 for {@link ThreadPlan#forCycleGan}'s choice (the trainer's)
   * @param interOpThreads inter-op threads (independent ops run concurrently), 0 for the plan's
   * @param profileIterations traced iterations after the timed ones, 0 for no profile
   * @param seed seed of the weights and the images
   * @param session session configuration, or null for {@link #plan}'s
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
      if (interOpThreads < 0) {
        throw new IllegalArgumentException("interOpThreads must be >= 0, found " + interOpThreads);
      }
      if (profileIterations < 0) {
        throw new IllegalArgumentException(
            "profileIterations must be >= 0, found " + profileIterations);
      }
    }

    /**
     * The threads of case {@code c}: exactly what the trainer chooses for the same networks ({@link
     * ThreadPlan#forCycleGan} on every core), unless {@code threads} or {@code interOpThreads} ask
     * for numbers.
     */
    public ThreadPlan plan(CycleGanCase c) {
      ThreadPlan p =
          ThreadPlan.forCycleGan(
              threads,
              c.flopsPerIteration(),
              Runtime.getRuntime().availableProcessors(),
              Runtime.getRuntime().availableProcessors());
      if (interOpThreads > 0 && interOpThreads != p.interOp()) {
        return new ThreadPlan(p.intraOp(), interOpThreads, p.reason() + ", inter-op as requested");
      }
      return p;
    }
  }

  /**
   * What one case measured.
   *
   * @param benchCase the case (with the reference's time when one was measured)
   * @param plan the threads the session used
   * @param flops FLOPs per iteration
   * @param seconds every timed iteration's seconds, in order
   * @param gStepSeconds the G step's share of each timed iteration
   * @param cpuSeconds the process CPU time (user + system, every thread) of each timed iteration;
   *     NaN where the JVM cannot tell
   * @param foreignCores cores that other processes kept busy, on average over the timed iterations
   *     ({@link MachineLoad}); NaN when {@code /proc/stat} cannot be read
   * @param buildSeconds graph construction and variable initialisation
   * @param firstSeconds the first (untimed) iteration, which includes graph optimisation; NaN
   *     without warm-up
   * @param minimalRunSeconds the median of a session run that feeds one scalar and fetches one
   *     identity op in the same session: the fixed cost of any run; NaN without a profile
   * @param profile the traced iterations' profile, or null
   */
  public record Measurement(
      CycleGanCase benchCase,
      ThreadPlan plan,
      long flops,
      double[] seconds,
      double[] gStepSeconds,
      double[] cpuSeconds,
      double foreignCores,
      double buildSeconds,
      double firstSeconds,
      double minimalRunSeconds,
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

    /** Median time over the reference's, or NaN when no reference was measured. */
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
    ThreadPlan plan = options.plan(c);
    ConfigProto config = options.session() != null ? options.session() : plan.config();
    try (Graph graph = new Graph()) {
      VarStore vars = new VarStore(graph, options.seed());
      CycleGanModel model = CycleGanModel.build(vars, c.modelConfig(), null);
      Operand<TFloat32> probe =
          Ops.create(graph).withName("bench_minimal_run").identity(model.trainG().learningRate());
      CycleGanStep step = new CycleGanStep(model);
      int races = step.writeOrder(graph).stream().mapToInt(w -> w.races().size()).sum();
      if (races > 0 && plan.interOp() > 1 && options.session() == null) {
        progress.printf(
            "%s: warning: %d unordered variable access(es) in the iteration; the trainer would run"
                + " it on 1 inter-op thread, this benchmark times %d%n",
            c.name(), races, plan.interOp());
      }
      try (Session session = new Session(graph, false, config);
          CycleGanIterations iterations = new CycleGanIterations(step, c.size(), options.seed())) {
        vars.initialize(session);
        double build = seconds(System.nanoTime() - t0);
        progress.printf(
            Locale.ROOT,
            "%s: graph built and initialised in %.1f s (%,d variables); %s%n",
            c.name(),
            build,
            vars.all().size(),
            plan.describe());
        double first = Double.NaN;
        for (int i = 0; i < options.warmup(); i++) {
          double s = iterations.next(session, null)[0];
          if (i == 0) {
            first = s;
          }
          progress.printf(
              Locale.ROOT, "%s: warm-up %d/%d: %.3f s%n", c.name(), i + 1, options.warmup(), s);
        }
        double[] seconds = new double[options.iterations()];
        double[] gStep = new double[options.iterations()];
        double[] cpu = new double[options.iterations()];
        MachineLoad.Sample load0 = MachineLoad.sample();
        for (int i = 0; i < options.iterations(); i++) {
          double cpu0 = processCpuSeconds();
          double[] t = iterations.next(session, null);
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
        double foreign = MachineLoad.foreignCores(load0, MachineLoad.sample());
        OpProfile profile = null;
        double minimal = Double.NaN;
        if (options.profileIterations() > 0) {
          minimal = iterations.minimalRun(session, probe, model);
          profile = new OpProfile();
          RunOptions trace =
              RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
          for (int i = 0; i < options.profileIterations(); i++) {
            iterations.next(session, new CycleGanIterations.Tracer(trace, profile));
            profile.endIteration();
          }
          progress.printf(
              Locale.ROOT,
              "%s: traced %d iteration(s) for the profile%n",
              c.name(),
              options.profileIterations());
        }
        return new Measurement(
            c,
            plan,
            c.flopsPerIteration(),
            seconds,
            gStep,
            cpu,
            foreign,
            build,
            first,
            minimal,
            profile);
      }
    }
  }

  /** The reference's image pool size (pool_size 50). */
  public static final int POOL_SIZE = 50;

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
}

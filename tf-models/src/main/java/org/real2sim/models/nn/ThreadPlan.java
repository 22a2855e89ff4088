package org.real2sim.models.nn;

import java.util.Locale;
import org.tensorflow.proto.ConfigProto;

/**
 * How many threads a TensorFlow session uses: intra-op threads (inside one op) and inter-op threads
 * (independent ops at the same time), chosen from the graph's size unless the user asked for a
 * number.
 *
 * <p>The rule for the CycleGAN iteration ({@link #forCycleGan}) comes from measurements on 2 cores
 * (docs/perf.md): below {@link #SINGLE_THREAD_MAX_FLOPS} FLOPs per iteration the ops are so small
 * that handing each one to a second thread costs more than it saves (the quick start's g16b3-d16-32
 * networks ran 2× faster on one thread), above it every core pays.
 *
 * <p>Sessions get their own inter-op pool ({@code use_per_session_threads}). TensorFlow's intra-op
 * pool is one per process, sized by the first session, unless {@code TF_OVERRIDE_GLOBAL_THREADPOOL}
 * is set before the process starts (the {@code real2sim} launcher sets it): only then do two
 * sessions with different plans, or two concurrent lanes, really get the threads they ask for (see
 * {@link #perSessionPools()}).
 *
 * @param intraOp threads inside one op, at least 1
 * @param interOp threads running independent ops concurrently, at least 1
 * @param reason why these numbers, for logs and reports
 */
public record ThreadPlan(int intraOp, int interOp, String reason) {

  /**
   * The largest CycleGAN iteration (FLOPs, {@code CycleGanFlops.iteration}) that runs on one
   * intra-op thread by default: about the geometric mean of g32b6-d32-32 (5.4 GFLOP, 1 thread
   * faster: 0.102 s against 0.129 s) and g32b6-d32-64 (21.7 GFLOP, 2 threads faster: 0.215 s
   * against 0.241 s), measured side by side on 2026-12-02 (docs/perf.md).
   */
  public static final long SINGLE_THREAD_MAX_FLOPS = 10_000_000_000L;

  /** The environment variable that gives every session its own intra-op pool. */
  public static final String PER_SESSION_POOLS_ENV = "TF_OVERRIDE_GLOBAL_THREADPOOL";

  /** Validates the counts. */
  public ThreadPlan {
    if (intraOp < 1) {
      throw new IllegalArgumentException("intraOp threads must be >= 1, found " + intraOp);
    }
    if (interOp < 1) {
      throw new IllegalArgumentException("interOp threads must be >= 1, found " + interOp);
    }
    if (reason == null) {
      reason = "";
    }
  }

  /** Exactly {@code intraOp} and {@code interOp} threads, as asked for. */
  public static ThreadPlan explicit(int intraOp, int interOp) {
    return new ThreadPlan(intraOp, interOp, "as requested");
  }

  /**
   * The plan for a CycleGAN training iteration of {@code flopsPerIteration} FLOPs.
   *
   * @param requested intra-op threads asked for (a {@code --threads} value), or 0 to choose
   * @param cores the cores this session may use (a lane's share of the machine), at least 1
   */
  public static ThreadPlan forCycleGan(int requested, long flopsPerIteration, int cores) {
    if (requested < 0) {
      throw new IllegalArgumentException("threads must be >= 0, found " + requested);
    }
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, found " + cores);
    }
    if (requested > 0) {
      return explicit(requested, 1);
    }
    double gflop = flopsPerIteration / 1e9;
    if (flopsPerIteration <= SINGLE_THREAD_MAX_FLOPS || cores == 1) {
      return new ThreadPlan(
          1,
          1,
          String.format(
              Locale.ROOT,
              "%.1f GFLOP per iteration%s: 1 thread",
              gflop,
              cores == 1 ? ", 1 core" : " <= " + SINGLE_THREAD_MAX_FLOPS / 1e9));
    }
    return new ThreadPlan(
        cores,
        1,
        String.format(
            Locale.ROOT,
            "%.1f GFLOP per iteration > %.1f: %d threads",
            gflop,
            SINGLE_THREAD_MAX_FLOPS / 1e9,
            cores));
  }

  /**
   * Whether TensorFlow gives each session its own intra-op pool in this process ({@value
   * #PER_SESSION_POOLS_ENV} set to 1 or true); without it the first session's intra-op count holds
   * for every session.
   */
  public static boolean perSessionPools() {
    String v = System.getenv(PER_SESSION_POOLS_ENV);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  /** The session configuration: {@link TfSessions#config(int)} with this plan's threads. */
  public ConfigProto config() {
    return TfSessions.config(intraOp).toBuilder()
        .setInterOpParallelismThreads(interOp)
        .setUsePerSessionThreads(true)
        .build();
  }

  /** {@code "1 intra-op / 1 inter-op thread(s) (reason)"}. */
  public String describe() {
    return intraOp
        + " intra-op / "
        + interOp
        + " inter-op thread(s)"
        + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}

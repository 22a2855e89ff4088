package org.real2sim.models.nn;

import java.util.List;
import java.util.Locale;
import org.tensorflow.proto.ConfigProto;

/**
 * How many threads a TensorFlow session uses: intra-op threads (inside one op) and inter-op threads
 * (independent ops at the same time), chosen from the graph's size unless the user asked for a
 * number.
 *
 * <p>The rule for the CycleGAN iteration ({@link #forCycleGan}) comes from measurements on 2 cores
 * (docs/perf.md §2 and §8): one intra-op thread and an inter-op thread per core was the fastest
 * setting at every size measured (the quick start's g16b3-d16-32 up to g64b9-d64-128): the
 * iteration's ops are small, so splitting one op over two threads costs more than it saves, while
 * the G step's independent generator passes and the D step's two discriminators keep two threads
 * busy. More inter-op threads cannot change the results: the iteration's runs are race-free ({@link
 * WriteOrder}), and every op computes exactly as on one thread.
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
   * Above this many FLOPs per iteration ({@code CycleGanFlops.iteration}) a session with more cores
   * than inter-op threads divides its cores among them: {@code cores / interOp} intra-op threads
   * each. On 2 cores it never applies (two inter-op threads, one core each); the value is the old
   * single-thread boundary, about the geometric mean of g32b6-d32-32 (5.4 GFLOP) and g32b6-d32-64
   * (21.7 GFLOP), not measured on more cores.
   */
  public static final long SINGLE_THREAD_MAX_FLOPS = 10_000_000_000L;

  /**
   * The most inter-op threads a CycleGAN iteration gets: the G step starts four independent
   * generator passes (G_RS(real), G_SR(synthetic) and the two identity mappings), the D step two
   * discriminators, so more threads would mostly wait.
   */
  public static final int MAX_INTER_OP = 4;

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
   * The plan for a CycleGAN training iteration of {@code flopsPerIteration} FLOPs: {@code
   * min(machineCores, }{@value #MAX_INTER_OP}{@code )} inter-op threads and one intra-op thread;
   * iterations above {@link #SINGLE_THREAD_MAX_FLOPS} on more cores than inter-op threads get
   * {@code cores / interOp} intra-op threads instead. The inter-op count follows the machine, not
   * the lane: when a lane beside it finishes, the iteration's second chain takes the freed core
   * (results do not depend on it).
   *
   * @param requested intra-op threads asked for (a {@code --threads} value), or 0 to choose
   * @param cores the cores this session may use (a lane's share of the machine), at least 1
   * @param machineCores the machine's cores, at least {@code cores}
   */
  public static ThreadPlan forCycleGan(
      int requested, long flopsPerIteration, int cores, int machineCores) {
    if (requested < 0) {
      throw new IllegalArgumentException("threads must be >= 0, found " + requested);
    }
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, found " + cores);
    }
    if (machineCores < cores) {
      throw new IllegalArgumentException(
          "machineCores must be >= cores=" + cores + ", found " + machineCores);
    }
    int inter = Math.min(machineCores, MAX_INTER_OP);
    double gflop = flopsPerIteration / 1e9;
    if (requested > 0) {
      return new ThreadPlan(
          requested, inter, "intra-op as requested, " + inter + " inter-op for the cores");
    }
    if (flopsPerIteration <= SINGLE_THREAD_MAX_FLOPS || cores <= inter) {
      return new ThreadPlan(
          1,
          inter,
          String.format(
              Locale.ROOT,
              "%.1f GFLOP per iteration: 1 thread per op, %d op(s) at a time",
              gflop,
              inter));
    }
    return new ThreadPlan(
        cores / inter,
        inter,
        String.format(
            Locale.ROOT,
            "%.1f GFLOP per iteration > %.1f: %d threads per op, %d ops at a time",
            gflop,
            SINGLE_THREAD_MAX_FLOPS / 1e9,
            cores / inter,
            inter));
  }

  /**
   * The plan for a supervised training step on {@code intraOp} threads per op (the run's choice,
   * which its numbers depend on) and two inter-op threads (one on a one-core machine), so a
   * convolution's input and filter gradients, independent of each other, run at once (stage a of
   * the quick start ~10 % faster, docs/perf.md §8).
   */
  public static ThreadPlan forSupervised(int intraOp, int machineCores) {
    int inter = Math.max(1, Math.min(machineCores, 2));
    return new ThreadPlan(
        intraOp, inter, intraOp + " thread(s) per op, " + inter + " op(s) at a time");
  }

  /**
   * This plan, or one inter-op thread when a session run of {@code checks} has races: independent
   * ops could then change the results by their order. The reason names the first unordered access.
   */
  public ThreadPlan serialUnlessRaceFree(List<WriteOrder.Check> checks) {
    for (WriteOrder.Check c : checks) {
      if (!c.races().isEmpty() && interOp > 1) {
        return new ThreadPlan(
            intraOp,
            1,
            reason
                + "; 1 inter-op thread: "
                + c.races().size()
                + " unordered variable access(es), e.g. "
                + c.races().get(0));
      }
    }
    return this;
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

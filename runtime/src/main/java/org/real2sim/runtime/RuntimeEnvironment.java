package org.real2sim.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The JVM's one ONNX Runtime environment, with one global intra-op thread pool that every {@link
 * Pipeline} opened with {@link Options#sharedThreadPool(boolean) sharedThreadPool(true)} (the
 * default) runs on: ten pipelines in a process share the pool's threads instead of starting ten
 * pools of one thread per core.
 *
 * <p>ONNX Runtime allows one environment per process, and its thread pools can only be chosen when
 * it is created. The first call here creates it, with a global pool of {@code threads} threads (0 =
 * one per core) and the given spinning; later calls return the same environment (a different thread
 * count asked for later is logged and ignored). When some other code created the environment first
 * without global pools ({@code OrtEnvironment.getEnvironment()}), there is no shared pool: {@link
 * #sharedThreadPool()} is false and pipelines fall back to pools of their own, with a logged note.
 * Code that uses ONNX Runtime next to pipelines in one JVM should take its environment from {@link
 * #environment()}.
 */
public final class RuntimeEnvironment {

  private static final System.Logger LOG = System.getLogger(RuntimeEnvironment.class.getName());

  private static OrtEnvironment env;
  private static boolean shared;
  private static int threads;
  private static boolean noted;

  private RuntimeEnvironment() {}

  /** The environment, created with a shared pool of one thread per core if none exists. */
  public static OrtEnvironment environment() {
    return environment(0, Runtime.getRuntime().availableProcessors() > 4);
  }

  /**
   * The environment, created with a shared pool of {@code threads} threads (0 = one per core) if
   * none exists yet.
   */
  public static synchronized OrtEnvironment environment(int threads, boolean spinning) {
    if (env != null) {
      if (shared && threads > 0 && threads != RuntimeEnvironment.threads && !noted) {
        noted = true;
        LOG.log(
            System.Logger.Level.INFO,
            "real2sim: the shared ONNX Runtime thread pool has "
                + describe(RuntimeEnvironment.threads)
                + "; a pipeline asked for "
                + threads
                + " (use Options.sharedThreadPool(false) for a pool of its own)");
      }
      return env;
    }
    try (OrtEnvironment.ThreadingOptions to = new OrtEnvironment.ThreadingOptions()) {
      to.setGlobalIntraOpNumThreads(threads);
      to.setGlobalInterOpNumThreads(1);
      to.setGlobalSpinControl(spinning);
      env =
          OrtEnvironment.getEnvironment(
              OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, OrtEnvironment.DEFAULT_NAME, to);
      shared = true;
      RuntimeEnvironment.threads = threads;
    } catch (IllegalStateException e) {
      // Another part of the process created the environment without global thread pools.
      env = OrtEnvironment.getEnvironment();
      shared = false;
      LOG.log(
          System.Logger.Level.INFO,
          "real2sim: ONNX Runtime's environment was created elsewhere without a global thread"
              + " pool; every pipeline gets a pool of its own");
    } catch (OrtException e) {
      throw new PipelineException(
          "Cannot create the ONNX Runtime environment: " + e.getMessage(), e);
    }
    return env;
  }

  /** Whether the environment has the shared thread pool (false until it is created). */
  public static synchronized boolean sharedThreadPool() {
    return env != null && shared;
  }

  /** The shared pool's thread count as asked for (0 = one per core); -1 without a shared pool. */
  public static synchronized int sharedThreads() {
    return sharedThreadPool() ? threads : -1;
  }

  private static String describe(int t) {
    return t == 0 ? "one thread per core" : t + " thread(s)";
  }
}

package org.real2sim.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.real2sim.runtime.Pipeline;

/**
 * One {@link Pipeline} per bundle per executor JVM, opened by the first task that needs it and
 * shared by every task after it (a pipeline is thread-safe; Spark runs a JVM's tasks on concurrent
 * threads). The pipelines live until the JVM ends: a shutdown hook, installed with the first one,
 * closes them all, so an executor's ONNX Runtime session is created once, not per task or
 * partition.
 */
public final class ExecutorPipelines {

  private static final Map<String, Pipeline> OPEN = new ConcurrentHashMap<>();
  private static boolean hookInstalled;

  private ExecutorPipelines() {}

  /** The pipeline of {@code ref} in this JVM, opened on first use. */
  public static Pipeline get(BundleRef ref) {
    Pipeline p = OPEN.get(ref.key());
    if (p != null) {
      return p;
    }
    synchronized (ExecutorPipelines.class) {
      installHook();
      return OPEN.computeIfAbsent(ref.key(), k -> ref.open());
    }
  }

  /** How many pipelines this JVM holds open. */
  public static int openCount() {
    return OPEN.size();
  }

  /** Closes and forgets every pipeline of this JVM (the shutdown hook; tests call it too). */
  public static synchronized void closeAll() {
    for (String k : OPEN.keySet()) {
      Pipeline p = OPEN.remove(k);
      if (p != null) {
        p.close();
      }
    }
  }

  private static void installHook() {
    if (!hookInstalled) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ExecutorPipelines::closeAll, "real2sim-pipelines-close"));
      hookInstalled = true;
    }
  }
}

package org.real2sim.models.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Creates sessions configured for this project: explicit thread counts, grappler remapping off, and
 * the device chosen once per process ({@link #useDevice}). Every TensorFlow session of a run (the
 * trainers', the evaluator's, the event writer's, the GPU probe's) takes its {@link ConfigProto}
 * from here, so all of them see the same {@code visible_device_list} and {@code allow_growth}:
 * TensorFlow fixes the GPU options of a process at its first GPU session and rejects (or
 * double-maps) a later one that differs.
 */
public final class TfSessions {

  /**
   * System property: the number of virtual CPU devices ({@code device_count {CPU: n}}) and thus of
   * data-parallel replicas when training on the CPU (default 1). They share the same cores, so this
   * is no speed-up: it exercises the multi-device path ({@link #replicaDevices()}) without GPUs.
   */
  public static final String CPU_REPLICAS_PROPERTY = "real2sim.cpuReplicas";

  private static volatile List<Integer> gpus = List.of();
  private static volatile int cpuReplicas = 1;

  private TfSessions() {}

  /**
   * Selects the device(s) of every session opened afterwards, in the grammar of {@link
   * TrainingDevice}: {@code cpu}, or {@code cuda[:N[,M...]]} (old spelling {@code gpu[:N]}) when
   * TensorFlow can run an op on each listed GPU. Several GPUs give one data-parallel replica each
   * ({@link #replicaDevices()}). Returns the device actually used and, when a GPU was asked for but
   * cannot be used, the reason (else null) — callers warn with it and go on on the CPU.
   *
   * <p>With {@code cpu}, the system property {@value #CPU_REPLICAS_PROPERTY} (an integer ≥ 1) sets
   * the number of virtual CPU replicas.
   *
   * @throws IllegalArgumentException for text outside the grammar, or a bad {@value
   *     #CPU_REPLICAS_PROPERTY}
   */
  public static synchronized DeviceChoice useDevice(String device) {
    TrainingDevice d = device == null ? TrainingDevice.CPU : TrainingDevice.parse(device);
    gpus = List.of();
    cpuReplicas = 1;
    if (d.isCpu()) {
      cpuReplicas = cpuReplicasProperty();
      return new DeviceChoice(
          cpuReplicas == 1 ? "cpu" : "cpu (" + cpuReplicas + " virtual devices)", null);
    }
    String why = gpuProblem(d.gpus());
    if (why != null) {
      return new DeviceChoice("cpu", why);
    }
    gpus = d.gpus();
    return new DeviceChoice(d.toString(), null);
  }

  private static int cpuReplicasProperty() {
    String p = System.getProperty(CPU_REPLICAS_PROPERTY);
    if (p == null || p.isBlank()) {
      return 1;
    }
    try {
      int n = Integer.parseInt(p.trim());
      if (n >= 1 && n <= 64) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        CPU_REPLICAS_PROPERTY + " must be an integer in [1, 64], found '" + p + "'");
  }

  /**
   * The TensorFlow devices of the data-parallel replicas: {@code /device:GPU:0 … GPU:n−1} for
   * {@code n} ≥ 2 GPUs (numbered as the session sees them: {@code cuda:2,3} gives {@code GPU:0} and
   * {@code GPU:1}, CUDA devices 2 and 3), {@code /device:CPU:0 … CPU:n−1} for {@code n} ≥ 2 virtual
   * CPU devices, else empty (one replica, no device pinned).
   */
  public static List<String> replicaDevices() {
    List<Integer> g = gpus;
    int n = g.isEmpty() ? cpuReplicas : g.size();
    if (n < 2) {
      return List.of();
    }
    String type = g.isEmpty() ? "CPU" : "GPU";
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("/device:" + type + ":" + i);
    }
    return List.copyOf(out);
  }

  /**
   * The device sessions use, and why a requested GPU was not used.
   *
   * @param device cpu or cuda:N[,M...]
   * @param fallbackReason why the requested GPU cannot be used, or null
   */
  public record DeviceChoice(String device, String fallbackReason) {}

  /** Whether TensorFlow can run an op on GPU {@code index} (false on the CPU build). */
  public static boolean gpuAvailable(int index) {
    return gpuProblem(List.of(index)) == null;
  }

  /**
   * Runs one op on every listed GPU, in a session with exactly the GPU options the run's sessions
   * will have ({@link #gpuOptions}: the same visible devices, {@code allow_growth} on), so the
   * probe is the process's first GPU session and fixes those options, not the defaults.
   */
  private static String gpuProblem(List<Integer> indices) {
    try (Graph g = new Graph()) {
      Ops root = Ops.create(g);
      List<org.tensorflow.Operand<?>> outs = new ArrayList<>();
      for (int i = 0; i < indices.size(); i++) {
        Ops tf =
            root.withDevice(
                org.tensorflow.DeviceSpec.newBuilder()
                    .deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU)
                    .deviceIndex(i)
                    .build());
        var c = tf.constant(1f);
        outs.add(tf.math.add(c, c));
      }
      ConfigProto config =
          ConfigProto.newBuilder()
              .setAllowSoftPlacement(false)
              .setGpuOptions(gpuOptions(indices))
              .build();
      try (Session s = new Session(g, config)) {
        var runner = s.runner();
        outs.forEach(runner::fetch);
        try (var r = runner.run()) {
          return null;
        }
      }
    } catch (RuntimeException e) {
      String m =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().lines().findFirst().orElse("");
      return "TensorFlow cannot use GPU "
          + join(indices)
          + " ("
          + m.trim()
          + "); the GPU build needs `mvn -Pgpu` and CUDA 12 + cuDNN 9 libraries";
    }
  }

  private static GPUOptions gpuOptions(List<Integer> indices) {
    return GPUOptions.newBuilder().setVisibleDeviceList(join(indices)).setAllowGrowth(true).build();
  }

  private static String join(List<Integer> indices) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < indices.size(); i++) {
      b.append(i == 0 ? "" : ",").append(indices.get(i));
    }
    return b.toString();
  }

  /**
   * The session configuration: {@code intraOpThreads} threads inside one op (0 = all cores), one
   * inter-op thread, grappler's remapper off (it only prints a harmless error line for GAN graphs),
   * and the GPUs chosen by {@link #useDevice} (or none; or the virtual CPU devices).
   */
  public static ConfigProto config(int intraOpThreads) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, found " + intraOpThreads);
    }
    int threads = intraOpThreads == 0 ? Runtime.getRuntime().availableProcessors() : intraOpThreads;
    ConfigProto.Builder b =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(1)
            .setAllowSoftPlacement(true)
            .setGraphOptions(
                GraphOptions.newBuilder()
                    .setRewriteOptions(
                        RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.OFF).build())
                    .build());
    List<Integer> g = gpus;
    if (g.isEmpty()) {
      b.putDeviceCount("GPU", 0);
      if (cpuReplicas > 1) {
        b.putDeviceCount("CPU", cpuReplicas);
      }
    } else {
      b.setGpuOptions(gpuOptions(g));
    }
    return b.build();
  }

  /**
   * A session on {@code graph} with {@link #config(int)}; variables are initialised by the caller.
   */
  public static Session open(Graph graph, int intraOpThreads) {
    return new Session(graph, false, config(intraOpThreads));
  }
}

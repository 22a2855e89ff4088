package org.real2sim.models.nn;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Creates sessions configured for this project: explicit thread counts, grappler remapping off, and
 * the device chosen once per process ({@link #useDevice}).
 */
public final class TfSessions {

  private static volatile int gpu = -1;

  private TfSessions() {}

  /**
   * Selects the device of every session opened afterwards, in the grammar of {@link
   * TrainingDevice}: {@code cpu}, or {@code cuda[:N]} (old spelling {@code gpu[:N]}) when {@link
   * #gpuAvailable(int)}. Returns the device actually used and, when a GPU was asked for but cannot
   * be used, the reason (else null) — callers warn with it and go on on the CPU.
   *
   * @throws IllegalArgumentException for text outside the grammar, or a list of GPUs: training runs
   *     on one device (multi-GPU training is not implemented)
   */
  public static synchronized DeviceChoice useDevice(String device) {
    TrainingDevice d = device == null ? TrainingDevice.CPU : TrainingDevice.parse(device);
    if (d.isCpu()) {
      gpu = -1;
      return new DeviceChoice("cpu", null);
    }
    if (d.gpus().size() > 1) {
      throw new IllegalArgumentException(
          "training runs on one GPU (multi-GPU training is not implemented), found '"
              + device
              + "': use cuda:N");
    }
    int index = d.gpus().get(0);
    String why = gpuProblem(index);
    if (why != null) {
      gpu = -1;
      return new DeviceChoice("cpu", why);
    }
    gpu = index;
    return new DeviceChoice("cuda:" + index, null);
  }

  /**
   * The device sessions use, and why a requested GPU was not used.
   *
   * @param device cpu or cuda:N
   * @param fallbackReason why the requested GPU cannot be used, or null
   */
  public record DeviceChoice(String device, String fallbackReason) {}

  /** Whether TensorFlow can run an op on GPU {@code index} (false on the CPU build). */
  public static boolean gpuAvailable(int index) {
    return gpuProblem(index) == null;
  }

  private static String gpuProblem(int index) {
    try (Graph g = new Graph()) {
      Ops tf =
          Ops.create(g)
              .withDevice(
                  org.tensorflow.DeviceSpec.newBuilder()
                      .deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU)
                      .deviceIndex(0)
                      .build());
      var c = tf.constant(1f);
      var y = tf.math.add(c, c);
      ConfigProto config =
          ConfigProto.newBuilder()
              .setAllowSoftPlacement(false)
              .setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(Integer.toString(index)))
              .build();
      try (Session s = new Session(g, config);
          var r = s.runner().fetch(y).run()) {
        return null;
      }
    } catch (RuntimeException e) {
      String m =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().lines().findFirst().orElse("");
      return "TensorFlow cannot use GPU "
          + index
          + " ("
          + m.trim()
          + "); the GPU build needs `mvn -Pgpu` and CUDA 12 + cuDNN 9 libraries";
    }
  }

  /**
   * The session configuration: {@code intraOpThreads} threads inside one op (0 = all cores), one
   * inter-op thread, grappler's remapper off (it only prints a harmless error line for GAN graphs),
   * and the GPU chosen by {@link #useDevice} (or none).
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
    int g = gpu;
    if (g < 0) {
      b.putDeviceCount("GPU", 0);
    } else {
      b.setGpuOptions(
          GPUOptions.newBuilder().setVisibleDeviceList(Integer.toString(g)).setAllowGrowth(true));
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

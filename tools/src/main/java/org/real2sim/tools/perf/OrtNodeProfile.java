package org.real2sim.tools.perf;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.real2sim.runtime.bundle.GraphNames;

/**
 * Per-node timings of an exported model in ONNX Runtime (its own profiler, {@code
 * SessionOptions.enableProfiling}): where an inference call's time goes, by operator type and by
 * node, after ONNX Runtime's graph optimisations (fused and layout-transformed nodes appear under
 * their optimised names, e.g. {@code Conv} in NCHWc, {@code ReorderInput}). The session is
 * configured as the runtime's (all optimisations, sequential, one inter-op thread, no spinning).
 */
public final class OrtNodeProfile {

  /**
   * One operator type's (or node's) share of the profiled calls.
   *
   * @param name the operator type or node name
   * @param calls kernel runs per inference call
   * @param ms milliseconds per inference call
   */
  public record Entry(String name, double calls, double ms) {}

  /**
   * A profile.
   *
   * @param wallMs the median wall-clock time of an untraced call
   * @param byOp per operator type, most expensive first
   * @param byNode per node, most expensive first
   */
  public record Result(double wallMs, List<Entry> byOp, List<Entry> byNode) {

    /** The kernels' total time per call. */
    public double kernelMs() {
      return byOp.stream().mapToDouble(Entry::ms).sum();
    }
  }

  private OrtNodeProfile() {}

  /**
   * Times {@code iterations} untraced calls of {@code model} on a random {@code [1, h, w, 3]} image
   * with {@code threads} intra-op threads, then profiles {@code traced} more in a second session.
   */
  public static Result profile(
      ModelProto model, int h, int w, int threads, int iterations, int traced) {
    byte[] bytes = model.toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    ByteBuffer image = ByteBuffer.allocateDirect(h * w * 3);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < h * w * 3; i++) {
      image.put((byte) r.nextInt(256));
    }
    image.rewind();
    Path dir = null;
    try (OnnxTensor in =
        OnnxTensor.createTensor(env, image, new long[] {1, h, w, 3}, OnnxJavaType.UINT8)) {
      double wall;
      try (OrtSession.SessionOptions so = options(threads);
          OrtSession s = env.createSession(bytes, so)) {
        for (int i = 0; i < 3; i++) {
          s.run(Map.of(GraphNames.IMAGE, in)).close();
        }
        double[] t = new double[iterations];
        for (int i = 0; i < iterations; i++) {
          long t0 = System.nanoTime();
          s.run(Map.of(GraphNames.IMAGE, in)).close();
          t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        wall = t[t.length / 2];
      }
      dir = Files.createTempDirectory("real2sim-ort-profile-");
      String file;
      try (OrtSession.SessionOptions so = options(threads)) {
        so.enableProfiling(dir.resolve("ort").toString());
        try (OrtSession s = env.createSession(bytes, so)) {
          for (int i = 0; i < 3 + traced; i++) {
            s.run(Map.of(GraphNames.IMAGE, in)).close();
          }
          file = s.endProfiling();
        }
      }
      return parse(Path.of(file), traced + 3, 3, wall);
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("ONNX Runtime profile failed: " + e.getMessage(), e);
    } finally {
      org.real2sim.runtime.io.FileTrees.deleteQuietly(dir);
    }
  }

  private static OrtSession.SessionOptions options(int threads) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    so.setInterOpNumThreads(1);
    so.setIntraOpNumThreads(threads);
    so.addConfigEntry("session.intra_op.allow_spinning", "0");
    return so;
  }

  /** Aggregates the kernel events of the runs after the first {@code skip} of {@code runs}. */
  static Result parse(Path file, int runs, int skip, double wallMs) throws IOException {
    JsonNode events = new ObjectMapper().readTree(file.toFile());
    int run = -1;
    Map<String, double[]> byOp = new LinkedHashMap<>();
    Map<String, double[]> byNode = new HashMap<>();
    for (JsonNode e : events) {
      String cat = e.path("cat").asText();
      String name = e.path("name").asText();
      if (cat.equals("Session") && name.equals("model_run")) {
        run++;
        continue;
      }
      if (!cat.equals("Node") || !name.endsWith("_kernel_time")) {
        continue;
      }
      // kernel events precede their model_run event: they belong to run + 1
      if (run + 1 < skip) {
        continue;
      }
      String op = e.path("args").path("op_name").asText("?");
      double ms = e.path("dur").asDouble() / 1000;
      add(byOp, op, ms);
      add(byNode, op + " " + name.substring(0, name.length() - "_kernel_time".length()), ms);
    }
    int n = runs - skip;
    return new Result(wallMs, sorted(byOp, n), sorted(byNode, n));
  }

  private static void add(Map<String, double[]> m, String k, double ms) {
    double[] v = m.computeIfAbsent(k, x -> new double[2]);
    v[0]++;
    v[1] += ms;
  }

  private static List<Entry> sorted(Map<String, double[]> m, int runs) {
    List<Entry> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new Entry(k, v[0] / runs, v[1] / runs)));
    out.sort((a, b) -> Double.compare(b.ms(), a.ms()));
    return out;
  }

  /** The profile as a table: per operator type, then the {@code topNodes} most expensive nodes. */
  public static String format(Result r, int topNodes) {
    StringBuilder b = new StringBuilder();
    double total = r.kernelMs();
    b.append(
        String.format(
            Locale.ROOT,
            "untraced call %.2f ms (median); kernels %.2f ms per traced call%n",
            r.wallMs(),
            total));
    b.append(
        String.format(Locale.ROOT, "%-28s %7s %9s %7s%n", "op type", "calls", "ms/call", "share"));
    for (Entry e : r.byOp()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-28s %7.0f %9.3f %6.1f%%%n",
              e.name(),
              e.calls(),
              e.ms(),
              100 * e.ms() / total));
    }
    b.append(String.format(Locale.ROOT, "top %d nodes:%n", topNodes));
    for (Entry e : r.byNode().subList(0, Math.min(topNodes, r.byNode().size()))) {
      b.append(
          String.format(
              Locale.ROOT, "  %-60s %9.3f %6.1f%%%n", e.name(), e.ms(), 100 * e.ms() / total));
    }
    return b.toString();
  }
}

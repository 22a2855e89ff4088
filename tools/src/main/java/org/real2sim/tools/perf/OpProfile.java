package org.real2sim.tools.perf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Per-op time of traced session runs ({@code RunOptions.trace_level = FULL}), aggregated by op
 * type, by phase and by node, and averaged over the traced iterations.
 *
 * <p>A node's time is {@code op_end_rel − op_start_rel} of its {@code NodeExecStats}: the kernel's
 * own compute, not the time it waited to be scheduled. Its op type is read from the timeline label
 * ({@code "name = Type(inputs)"}), which shows the kernel that actually ran after grappler and
 * oneDNN rewrites (e.g. {@code _MklFusedConv2D}); the name is used when there is no label. The
 * phase is the run's label (e.g. {@code G step}) plus {@code backward} for nodes under a {@code
 * gradients} scope, {@code optimiser} for the other nodes of an {@code adam_*} scope, and {@code
 * forward} for the rest. The block is the layer of the network the node computes, see {@link
 * #block}.
 */
public final class OpProfile {

  private static final Pattern BLOCK =
      Pattern.compile(
          "(?<![A-Za-z0-9_])([gd])_(?:rs|sr|s|r)(?:_\\d+)?/([a-z]++(?:_\\d+)?+)(?!/Const)");

  /**
   * One aggregated line.
   *
   * @param key the op type, phase or node name
   * @param calls executions per iteration
   * @param micros microseconds per iteration
   */
  public record Row(String key, double calls, double micros) {}

  private final Map<String, long[]> byType = new LinkedHashMap<>();
  private final Map<String, long[]> byPhase = new LinkedHashMap<>();
  private final Map<String, long[]> byBlock = new LinkedHashMap<>();
  private final Map<String, long[]> byNode = new LinkedHashMap<>();
  private final Map<String, long[]> wallByRun = new LinkedHashMap<>();
  private final Map<String, long[]> byCategory = new LinkedHashMap<>();
  private final Map<String, long[]> busyByRun = new LinkedHashMap<>();
  private final Map<String, long[]> host = new LinkedHashMap<>();
  private int iterations;

  /** Op categories, in the order a profile lists them: the first matching pattern wins. */
  private static final List<Map.Entry<String, Pattern>> CATEGORIES =
      List.of(
          Map.entry(
              "convolution (forward and backward)", Pattern.compile(".*Conv(2D|3D|olution).*")),
          Map.entry("ApplyAdam", Pattern.compile(".*ApplyAdam.*")),
          Map.entry(
              "instance norm (fused batch norm, its gradient)",
              Pattern.compile("(?i).*(BatchNorm|InstanceNorm).*")),
          Map.entry("MirrorPad and its gradient", Pattern.compile(".*MirrorPad.*")),
          Map.entry(
              "element-wise (add, mul, relu, tanh, their gradients)",
              Pattern.compile(
                  "(?i)_?(Mkl)?(Add|AddV2|AddN|Sub|Mul|RealDiv|Div|Neg|Square|SquaredDifference|Sqrt"
                      + "|Rsqrt|Relu|ReluGrad|LeakyRelu|LeakyReluGrad|Tanh|TanhGrad|Abs|Sign|Maximum"
                      + "|Minimum|Select|SelectV2|Cast|BiasAdd|BiasAddGrad|Exp|Log|Pow|ZerosLike"
                      + "|OnesLike|Fill|BroadcastTo|Tile|Sigmoid|SigmoidGrad)")),
          Map.entry(
              "reductions (mean, sum)", Pattern.compile("(?i)_?(Mkl)?(Mean|Sum|Prod|Max|Min)")),
          Map.entry(
              "data movement (concat, split, slice, pad, reshape, layout)",
              Pattern.compile(
                  "(?i)_?(Mkl)?(ConcatV2|Concat|Split|SplitV|Slice|StridedSlice|StridedSliceGrad"
                      + "|Pad|PadV2|Reshape|Transpose|Identity|IdentityN|Squeeze|ExpandDims|Pack"
                      + "|Unpack|_MklToTf|_MklInputConversion|Snapshot)")),
          Map.entry(
              "bookkeeping (args, retvals, constants, shapes, no-ops)",
              Pattern.compile(
                  "(?i)(_Arg|_Retval|_SOURCE|_SINK|Const|NoOp|Shape|ShapeN|Size|Rank"
                      + "|BroadcastGradientArgs|VariableV2|Assign|Range|_Recv|_Send|\\?)")));

  /**
   * Adds one traced run's step statistics.
   *
   * @param run the run's label, e.g. {@code G step}
   * @param metadata the run's metadata
   * @param wallMicros the run's wall time as measured by the caller
   */
  public void add(String run, RunMetadata metadata, long wallMicros) {
    List<long[]> intervals = new ArrayList<>();
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long micros = Math.max(0, node.getOpEndRelMicros() - node.getOpStartRelMicros());
        String name = node.getNodeName();
        String type = opType(node);
        accumulate(byType, type, micros);
        accumulate(byCategory, category(type), micros);
        accumulate(byPhase, run + " " + phase(name), micros);
        accumulate(byBlock, block(node), micros);
        accumulate(byNode, name + " (" + type + ")", micros);
        long start = node.getAllStartMicros() + node.getOpStartRelMicros();
        intervals.add(new long[] {start, start + micros});
      }
    }
    accumulate(wallByRun, run, wallMicros);
    accumulate(busyByRun, run, unionMicros(intervals));
  }

  /**
   * Adds host work of one iteration outside the session runs (tensor conversions, image pools).
   *
   * @param what the kind of work
   * @param micros its wall time
   */
  public void addHost(String what, long micros) {
    accumulate(host, what, micros);
  }

  /**
   * The op category of an op type: convolution, ApplyAdam, instance norm, MirrorPad, element-wise,
   * reductions, data movement, bookkeeping, or {@code other}.
   */
  static String category(String opType) {
    for (Map.Entry<String, Pattern> c : CATEGORIES) {
      if (c.getValue().matcher(opType).matches()) {
        return c.getKey();
      }
    }
    return "other";
  }

  /** The length of the union of {@code [start, end)} intervals. */
  static long unionMicros(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(a -> a[0]));
    long total = 0;
    long curStart = Long.MIN_VALUE;
    long curEnd = Long.MIN_VALUE;
    for (long[] iv : intervals) {
      if (iv[0] > curEnd) {
        if (curEnd > curStart) {
          total += curEnd - curStart;
        }
        curStart = iv[0];
        curEnd = iv[1];
      } else {
        curEnd = Math.max(curEnd, iv[1]);
      }
    }
    if (curEnd > curStart) {
      total += curEnd - curStart;
    }
    return total;
  }

  /** Op categories, most expensive first. */
  public List<Row> byCategory() {
    return rows(byCategory);
  }

  /**
   * Per run label: microseconds per iteration during which at least one op ran (calls = ops
   * executed per iteration in that run); the rest of the run's wall time is session overhead
   * (executor scheduling, JNI, feeding and fetching).
   */
  public List<Row> busyByRun() {
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : busyByRun.entrySet()) {
      long ops = 0;
      for (Map.Entry<String, long[]> p : byPhase.entrySet()) {
        if (p.getKey().startsWith(e.getKey() + " ")) {
          ops += p.getValue()[0];
        }
      }
      double n = Math.max(1, iterations);
      out.add(new Row(e.getKey(), ops / n, e.getValue()[1] / n));
    }
    return out;
  }

  /** Host work per kind, microseconds per iteration. */
  public List<Row> host() {
    return inOrder(host);
  }

  /** Ops executed per iteration, every run together. */
  public double opsPerIteration() {
    return byType.values().stream().mapToLong(v -> v[0]).sum() / (double) Math.max(1, iterations);
  }

  /** Marks the end of one traced iteration (the averages divide by the number of these). */
  public void endIteration() {
    iterations++;
  }

  /** The number of traced iterations. */
  public int iterations() {
    return iterations;
  }

  /** Op types, most expensive first. */
  public List<Row> byOpType() {
    return rows(byType);
  }

  /** Phases (run × forward/backward/optimiser), most expensive first. */
  public List<Row> byPhase() {
    return rows(byPhase);
  }

  /**
   * Network blocks (generator {@code res}, discriminator {@code conv_4}, ...), most expensive
   * first.
   */
  public List<Row> byBlock() {
    return rows(byBlock);
  }

  /** The {@code limit} most expensive nodes. */
  public List<Row> topNodes(int limit) {
    List<Row> all = rows(byNode);
    return all.subList(0, Math.min(limit, all.size()));
  }

  /** Wall time per run label, microseconds per iteration (calls = runs per iteration). */
  public List<Row> wallByRun() {
    return inOrder(wallByRun);
  }

  /** The op time summed over every node, microseconds per iteration. */
  public double totalMicros() {
    return byType.values().stream().mapToLong(v -> v[1]).sum() / (double) Math.max(1, iterations);
  }

  /**
   * The op type of a node: the part of its timeline label between {@code " = "} and {@code "("}, or
   * {@code "?"} without a label.
   */
  static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq < 0) {
      return label.isEmpty() ? "?" : label;
    }
    int paren = label.indexOf('(', eq);
    return label.substring(eq + 3, paren < 0 ? label.length() : paren).trim();
  }

  /**
   * The network block a node belongs to: the first of its name and its label's inputs that lies
   * under a generator ({@code g_rs}, {@code g_sr}) or discriminator ({@code d_s}, {@code d_r})
   * scope, as {@code "generator <block>"} or {@code "discriminator <block>"} with the residual
   * block's number dropped ({@code res_3} is {@code res}); gradient ops are named after their type
   * only, so their label's inputs (the forward tensors) place them. {@code "optimiser"} for the
   * optimisers' own ops, {@code "other"} when nothing matches.
   */
  static String block(NodeExecStats node) {
    String name = node.getNodeName();
    if (name.startsWith("adam_") && !name.contains("gradients/")) {
      return "optimiser";
    }
    Matcher m = BLOCK.matcher(name + " " + node.getTimelineLabel());
    if (!m.find()) {
      return "other";
    }
    String net = m.group(1).equals("g") ? "generator " : "discriminator ";
    String b = m.group(2);
    return net + (b.startsWith("res_") ? "res" : b);
  }

  /** {@code backward}, {@code optimiser} or {@code forward}, from a node name. */
  static String phase(String nodeName) {
    if (nodeName.contains("gradients/") || nodeName.startsWith("gradients")) {
      return "backward";
    }
    if (nodeName.startsWith("adam_")) {
      return "optimiser";
    }
    return "forward";
  }

  private static void accumulate(Map<String, long[]> map, String key, long micros) {
    long[] v = map.computeIfAbsent(key, k -> new long[2]);
    v[0]++;
    v[1] += micros;
  }

  /** The rows of {@code map}, in its order. */
  private List<Row> inOrder(Map<String, long[]> map) {
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : map.entrySet()) {
      out.add(row(e));
    }
    return out;
  }

  private List<Row> rows(Map<String, long[]> map) {
    List<Row> out = inOrder(map);
    out.sort(Comparator.comparingDouble(Row::micros).reversed().thenComparing(Row::key));
    return out;
  }

  private Row row(Map.Entry<String, long[]> e) {
    double n = Math.max(1, iterations);
    return new Row(e.getKey(), e.getValue()[0] / n, e.getValue()[1] / n);
  }

  /** Formats rows as a fixed-width table with the share of {@code total}. */
  static List<String> format(List<Row> rows, double totalMicros, Function<Row, String> name) {
    List<String> lines = new ArrayList<>();
    for (Row r : rows) {
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              "  %-44s %7.1f %10.1f %6.1f%%",
              name.apply(r),
              r.calls(),
              r.micros() / 1000.0,
              totalMicros > 0 ? 100.0 * r.micros() / totalMicros : 0.0));
    }
    return lines;
  }
}

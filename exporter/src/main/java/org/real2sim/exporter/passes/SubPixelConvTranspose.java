package org.real2sim.exporter.passes;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites every 3×3 stride-2 {@code ConvTranspose} with pads 1 and output padding 1 (CycleGAN's
 * up-sampling, exactly 2× its input) as a 2×2 {@code Conv} (pads 0 at the start, 1 at the end) to
 * 4·C_out channels followed by {@code DepthToSpace(2, DCR)}: the sub-pixel form of the same sums.
 *
 * <p>Output pixel {@code (2a + r, 2b + s)} of the transposed convolution takes kernel row 1 from
 * input row {@code a} when {@code r = 0}, rows 2 and 0 from input rows {@code a} and {@code a + 1}
 * when {@code r = 1} (the same for columns); so the phase {@code (r, s)} is a 2×2 convolution whose
 * taps are those kernel entries (zeros where a phase takes none), and DepthToSpace interleaves the
 * four phases. ONNX Runtime runs a transposed convolution as a GEMM and a col2im scatter,
 * unblocked; the 2×2 convolution runs in its blocked NCHWc kernels (issue 11's profile: 25.8 ms of
 * 183 ms for the quick networks at 256×512, see docs/perf.md). The products are the same but summed
 * in another order: results agree to float32 rounding, not bit for bit.
 *
 * <p>Only nodes whose kernel (and bias) are float32 initializers of the graph, with group 1 and
 * dilation 1, are rewritten; every other node is left as it is. The kernel initializer is replaced
 * when no other node reads it.
 */
public final class SubPixelConvTranspose {

  private SubPixelConvTranspose() {}

  /**
   * {@code model} with its eligible transposed convolutions rewritten; how many in {@link #count}.
   */
  public static ModelProto apply(ModelProto model) {
    GraphProto g = model.getGraph();
    Map<String, TensorProto> inits = new HashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      inits.put(t.getName(), t);
    }
    Map<String, Integer> readers = new HashMap<>();
    g.getInputList().forEach(i -> readers.merge(i.getName(), 1, Integer::sum));
    g.getOutputList().forEach(o -> readers.merge(o.getName(), 1, Integer::sum));
    for (NodeProto n : g.getNodeList()) {
      for (String i : n.getInputList()) {
        readers.merge(i, 1, Integer::sum);
      }
    }
    GraphProto.Builder out = g.toBuilder().clearNode();
    Map<String, TensorProto> replaced = new HashMap<>();
    Set<String> dropped = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      TensorProto k = n.getInputCount() >= 2 ? inits.get(n.getInput(1)) : null;
      if (!eligible(n, k, inits)) {
        out.addNode(n);
        continue;
      }
      int cin = (int) k.getDims(0);
      int cout = (int) k.getDims(1);
      float[] w = floats(k);
      float[] sub = new float[4 * cout * cin * 4];
      // phase r (0 or 1), tap d (0: row a, 1: row a + 1) -> kernel row, or -1 for none
      int[][] tap = {{1, -1}, {2, 0}};
      for (int r = 0; r < 2; r++) {
        for (int s = 0; s < 2; s++) {
          for (int o = 0; o < cout; o++) {
            int oc = (r * 2 + s) * cout + o;
            for (int i = 0; i < cin; i++) {
              for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                  int ky = tap[r][dy];
                  int kx = tap[s][dx];
                  if (ky >= 0 && kx >= 0) {
                    sub[((oc * cin + i) * 2 + dy) * 2 + dx] = w[((i * cout + o) * 3 + ky) * 3 + kx];
                  }
                }
              }
            }
          }
        }
      }
      String base = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
      String kernel = unique(base + "/subpixel_kernel", inits, replaced);
      replaced.put(kernel, tensor(kernel, new long[] {4L * cout, cin, 2, 2}, sub));
      if (readers.getOrDefault(k.getName(), 0) == 1) {
        dropped.add(k.getName());
      }
      NodeProto.Builder conv =
          NodeProto.newBuilder()
              .setOpType("Conv")
              .setName(base + "/subpixel_conv")
              .addInput(n.getInput(0))
              .addInput(kernel)
              .addOutput(base + "/subpixel_phases")
              .addAttribute(ints("kernel_shape", 2, 2))
              .addAttribute(ints("strides", 1, 1))
              .addAttribute(ints("pads", 0, 0, 1, 1));
      if (n.getInputCount() >= 3 && !n.getInput(2).isEmpty()) {
        float[] b = floats(inits.get(n.getInput(2)));
        float[] b4 = new float[4 * cout];
        for (int p = 0; p < 4; p++) {
          System.arraycopy(b, 0, b4, p * cout, cout);
        }
        String bias = unique(base + "/subpixel_bias", inits, replaced);
        replaced.put(bias, tensor(bias, new long[] {4L * cout}, b4));
        conv.addInput(bias);
        if (readers.getOrDefault(n.getInput(2), 0) == 1) {
          dropped.add(n.getInput(2));
        }
      }
      out.addNode(conv);
      out.addNode(
          NodeProto.newBuilder()
              .setOpType("DepthToSpace")
              .setName(base + "/subpixel_d2s")
              .addInput(base + "/subpixel_phases")
              .addOutput(n.getOutput(0))
              .addAttribute(
                  AttributeProto.newBuilder()
                      .setName("blocksize")
                      .setType(AttributeProto.AttributeType.INT)
                      .setI(2))
              .addAttribute(
                  AttributeProto.newBuilder()
                      .setName("mode")
                      .setType(AttributeProto.AttributeType.STRING)
                      .setS(ByteString.copyFromUtf8("DCR"))));
    }
    if (replaced.isEmpty()) {
      return model;
    }
    out.clearInitializer();
    for (TensorProto t : g.getInitializerList()) {
      if (!dropped.contains(t.getName())) {
        out.addInitializer(t);
      }
    }
    replaced.values().stream()
        .sorted((a, b) -> a.getName().compareTo(b.getName()))
        .forEach(out::addInitializer);
    return model.toBuilder().setGraph(out).build();
  }

  /** The transposed convolutions of {@code model} that {@link #apply} rewrites. */
  public static int count(ModelProto model) {
    Map<String, TensorProto> inits = new HashMap<>();
    model.getGraph().getInitializerList().forEach(t -> inits.put(t.getName(), t));
    int n = 0;
    for (NodeProto node : model.getGraph().getNodeList()) {
      TensorProto k = node.getInputCount() >= 2 ? inits.get(node.getInput(1)) : null;
      if (eligible(node, k, inits)) {
        n++;
      }
    }
    return n;
  }

  private static boolean eligible(NodeProto n, TensorProto k, Map<String, TensorProto> inits) {
    if (!n.getOpType().equals("ConvTranspose") || !n.getDomain().isEmpty() || k == null) {
      return false;
    }
    if (k.getDataType() != TensorProto.DataType.FLOAT_VALUE
        || k.getDimsCount() != 4
        || k.getDims(2) != 3
        || k.getDims(3) != 3
        || !k.hasRawData()) {
      return false;
    }
    if (n.getInputCount() >= 3 && !n.getInput(2).isEmpty()) {
      TensorProto b = inits.get(n.getInput(2));
      if (b == null || b.getDataType() != TensorProto.DataType.FLOAT_VALUE || !b.hasRawData()) {
        return false;
      }
    }
    Map<String, AttributeProto> a = new HashMap<>();
    n.getAttributeList().forEach(x -> a.put(x.getName(), x));
    return ints(a, "strides", List.of(1L, 1L)).equals(List.of(2L, 2L))
        && ints(a, "pads", List.of(0L, 0L, 0L, 0L)).equals(List.of(1L, 1L, 1L, 1L))
        && ints(a, "output_padding", List.of(0L, 0L)).equals(List.of(1L, 1L))
        && ints(a, "dilations", List.of(1L, 1L)).equals(List.of(1L, 1L))
        && ints(a, "kernel_shape", List.of(3L, 3L)).equals(List.of(3L, 3L))
        && (!a.containsKey("group") || a.get("group").getI() == 1)
        && !a.containsKey("output_shape")
        && (!a.containsKey("auto_pad") || a.get("auto_pad").getS().toStringUtf8().equals("NOTSET"));
  }

  private static List<Long> ints(Map<String, AttributeProto> a, String name, List<Long> absent) {
    return a.containsKey(name) ? a.get(name).getIntsList() : absent;
  }

  private static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      b.addInts(x);
    }
    return b.build();
  }

  private static String unique(
      String name, Map<String, TensorProto> inits, Map<String, TensorProto> added) {
    String n = name;
    for (int i = 1; inits.containsKey(n) || added.containsKey(n); i++) {
      n = name + "_" + i;
    }
    return n;
  }

  private static float[] floats(TensorProto t) {
    ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }

  private static TensorProto tensor(String name, long[] dims, float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(b.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }
}

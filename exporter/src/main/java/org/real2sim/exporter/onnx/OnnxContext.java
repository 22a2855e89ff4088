package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.real2sim.exporter.ExportException;

/**
 * The graph under construction: owns the {@link GraphProto} builder, hands out unique value names,
 * adds initializers (weights in float32, or float16 followed by a Cast when {@link
 * WeightPrecision#FLOAT16} is chosen), and emits nodes after {@link OnnxOp#check} accepted them.
 *
 * <p>Writers compose by value names: each takes the name of its input and returns the name of its
 * output, so a pipeline reads {@code post(expert(generator(pre(input))))}. Attribute maps are
 * written in key order, so the same calls always produce byte-identical models. Not thread-safe.
 */
public final class OnnxContext {

  /** How weight initializers are stored. */
  public enum WeightPrecision {
    /** float32 initializers. */
    FLOAT32,
    /**
     * float16 initializers, each followed by a Cast to float32: half the file size, computation
     * stays float32 (ONNX Runtime folds the casts when it loads the model).
     */
    FLOAT16
  }

  private final GraphProto.Builder graph;
  private final int opset;
  private final WeightPrecision precision;
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> constants = new HashMap<>();
  private long initializerBytes;

  /**
   * A context for a graph called {@code graphName} in a model of default-domain opset {@code
   * opset}.
   */
  public OnnxContext(String graphName, int opset, WeightPrecision precision) {
    this.graph = GraphProto.newBuilder().setName(graphName);
    this.opset = opset;
    this.precision = precision;
  }

  /** The model's default-domain opset that nodes are checked against. */
  public int opset() {
    return opset;
  }

  /** How weights are stored. */
  public WeightPrecision precision() {
    return precision;
  }

  /** The bytes of all initializers so far (decides whether a model needs external data). */
  public long initializerBytes() {
    return initializerBytes;
  }

  /**
   * A value name not used yet in this graph: {@code base} itself, else {@code base_1}, {@code
   * base_2}, and so on. The name is reserved.
   */
  public String uniqueName(String base) {
    String b = base == null || base.isBlank() ? "v" : base;
    String name = b;
    for (int i = 1; names.contains(name); i++) {
      name = b + "_" + i;
    }
    names.add(name);
    return name;
  }

  /**
   * Adds a graph input; each dimension is a {@link Number} (fixed) or a {@link String} (symbolic).
   *
   * @throws ExportException when the name is taken
   */
  public String input(String name, int elemType, Object... dims) {
    reserveExact(name);
    graph.addInput(OnnxProtos.valueInfo(name, elemType, dims));
    return name;
  }

  /**
   * Declares {@code value} a graph output of the given type and shape (the checker needs shapes).
   * When {@code name} differs from {@code value}, an Identity node renames it.
   */
  public String output(String value, String name, int elemType, Object... dims) {
    String out = value;
    if (!value.equals(name)) {
      out = nodeNamed(OnnxOp.IDENTITY, List.of(value), Map.of(), name);
    }
    graph.addOutput(OnnxProtos.valueInfo(out, elemType, dims));
    return out;
  }

  /**
   * Adds a float weight; under {@link WeightPrecision#FLOAT16} it is stored as float16 and cast
   * back. Returns the name of the float32 value.
   */
  public String weight(String base, long[] dims, float[] values) {
    checkCount(base, dims, values.length);
    if (precision == WeightPrecision.FLOAT32) {
      return floatInitializer(base, dims, values);
    }
    String name = uniqueName(base + "_fp16");
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(Fp16.fromFloat(v));
    }
    addInitializer(name, TensorProto.DataType.FLOAT16_VALUE, dims, b.array());
    return nodeNamed(
        OnnxOp.CAST,
        List.of(name),
        Map.of("to", (long) TensorProto.DataType.FLOAT_VALUE),
        uniqueName(base));
  }

  /**
   * Adds a float32 initializer (always float32, whatever the weight precision); returns its name.
   */
  public String floatInitializer(String base, long[] dims, float[] values) {
    checkCount(base, dims, values.length);
    String name = uniqueName(base);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    addInitializer(name, TensorProto.DataType.FLOAT_VALUE, dims, b.array());
    return name;
  }

  /** A float32 constant; identical constants are shared. */
  public String constant(long[] dims, float... values) {
    return constants.computeIfAbsent(
        "f" + Arrays.toString(dims) + Arrays.toString(values),
        k -> floatInitializer("const", dims, values));
  }

  /** An int64 constant; identical constants are shared. */
  public String constantInt64(long[] dims, long... values) {
    return constants.computeIfAbsent(
        "i" + Arrays.toString(dims) + Arrays.toString(values), k -> int64Constant(dims, values));
  }

  private String int64Constant(long[] dims, long[] values) {
    checkCount("int64 constant", dims, values.length);
    String name = uniqueName("const_i64");
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    addInitializer(name, TensorProto.DataType.INT64_VALUE, dims, b.array());
    return name;
  }

  /**
   * Emits a one-output node; the output gets a unique name derived from {@code nameHint}.
   *
   * @param attributes attribute name → value: {@code Long}/{@code Integer} (INT), {@code
   *     long[]}/{@code int[]} (INTS), {@code Float}/{@code Double} (FLOAT), {@code float[]}
   *     (FLOATS), {@code String} (STRING), {@code TensorProto} (TENSOR)
   * @throws ExportException when {@link OnnxOp#check} rejects the node
   */
  public String node(OnnxOp op, List<String> inputs, Map<String, ?> attributes, String nameHint) {
    return nodeOutputs(op, inputs, attributes, List.of(uniqueName(nameHint))).get(0);
  }

  /** Emits a one-output node whose output is exactly {@code output} (a graph output name, say). */
  public String nodeNamed(
      OnnxOp op, List<String> inputs, Map<String, ?> attributes, String output) {
    if (!names.contains(output)) {
      reserveExact(output);
    }
    return nodeOutputs(op, inputs, attributes, List.of(output)).get(0);
  }

  private List<String> nodeOutputs(
      OnnxOp op, List<String> inputs, Map<String, ?> attributes, List<String> outputs) {
    List<AttributeProto> attrs = new ArrayList<>();
    for (Map.Entry<String, ?> e : new TreeMap<>(attributes).entrySet()) {
      attrs.add(OnnxProtos.attribute(op, e.getKey(), e.getValue()));
    }
    op.check(opset, inputs, outputs.size(), attrs);
    for (String in : inputs) {
      if (!in.isEmpty() && !names.contains(in)) {
        throw new ExportException(
            "Building " + op.opType() + ": input '" + in + "' is not a value of this graph");
      }
    }
    NodeProto.Builder n =
        NodeProto.newBuilder()
            .setOpType(op.opType())
            .setName(outputs.get(0))
            .addAllInput(inputs)
            .addAllOutput(outputs);
    n.addAllAttribute(attrs);
    graph.addNode(n);
    return outputs;
  }

  /** The graph built so far. */
  public GraphProto build() {
    return graph.build();
  }

  // ---------------------------------------------------------------- helpers

  private void reserveExact(String name) {
    if (!names.add(name)) {
      throw new ExportException(
          "Value name '" + name + "' is already used in graph " + graph.getName());
    }
  }

  private void addInitializer(String name, int dataType, long[] dims, byte[] raw) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(dataType)
            .setRawData(ByteString.copyFrom(raw));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    initializerBytes += raw.length;
  }

  private static void checkCount(String what, long[] dims, int count) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new ExportException(
            "Initializer " + what + " has a negative dimension in " + Arrays.toString(dims));
      }
      n *= d;
    }
    if (n != count) {
      throw new ExportException(
          "Initializer "
              + what
              + " of shape "
              + Arrays.toString(dims)
              + " needs "
              + n
              + " values, received "
              + count);
    }
  }
}

package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;

/**
 * The ONNX operators this exporter emits, each with the opset range of the form it writes, its
 * arity and its attributes. {@link #check} runs before every node is added to a graph, so a writer
 * bug surfaces as a message such as {@code "Building Conv: expected 2 inputs (+1 optional),
 * received 1"} instead of a model that the checker or ONNX Runtime rejects later.
 *
 * <p>{@code since} is the first default-domain opset in which the emitted form is valid; {@code
 * until} the last one (later opsets changed the signature incompatibly), unbounded where every
 * later version only added types or optional inputs this exporter does not use.
 */
public enum OnnxOp {
  /** Element-wise addition with broadcasting. */
  ADD("Add", 14, 2, 0, 1, 0, "", ""),
  /** Element-wise subtraction with broadcasting. */
  SUB("Sub", 14, 2, 0, 1, 0, "", ""),
  /** Element-wise multiplication with broadcasting. */
  MUL("Mul", 14, 2, 0, 1, 0, "", ""),
  /** Element-wise division with broadcasting. */
  DIV("Div", 14, 2, 0, 1, 0, "", ""),
  /** Moves blocks of channels into space: [N, C·b², H, W] → [N, C, H·b, W·b] (DCR or CRD). */
  DEPTH_TO_SPACE("DepthToSpace", 13, 1, 0, 1, 0, "blocksize:i", "mode:s"),
  /** Moves b×b blocks of pixels into channels: [N, C, H·b, W·b] → [N, C·b², H, W]. */
  SPACE_TO_DEPTH("SpaceToDepth", 13, 1, 0, 1, 0, "blocksize:i", ""),
  /** Element-wise e^x. */
  EXP("Exp", 13, 1, 0, 1, 0, "", ""),
  /** Index of the maximum along an axis, int64 (first index on ties by default). */
  ARG_MAX("ArgMax", 13, 1, 0, 1, 0, "", "axis:i keepdims:i select_last_index:i"),
  /** Batch normalisation; inference form (one output) unless training_mode is set. */
  BATCH_NORMALIZATION(
      "BatchNormalization", 15, 5, 0, 1, 2, "", "epsilon:f momentum:f training_mode:i"),
  /** Type conversion; {@code to} is a TensorProto.DataType. */
  CAST("Cast", 13, 1, 0, 1, 0, "to:i", ""),
  /** Clamps to [min, max] given as optional scalar inputs. */
  CLIP("Clip", 13, 1, 2, 1, 0, "", ""),
  /** Concatenation along {@code axis}; one or more inputs. */
  CONCAT("Concat", 13, 1, OnnxOp.VARIADIC, 1, 0, "axis:i", ""),
  /** 2-D convolution; weights OIHW, optional bias. */
  CONV(
      "Conv",
      11,
      2,
      1,
      1,
      0,
      "",
      "auto_pad:s dilations:is group:i kernel_shape:is pads:is strides:is"),
  /** 2-D transposed convolution; weights IOHW, optional bias. */
  CONV_TRANSPOSE(
      "ConvTranspose",
      11,
      2,
      1,
      1,
      0,
      "",
      "auto_pad:s dilations:is group:i kernel_shape:is output_padding:is output_shape:is pads:is"
          + " strides:is"),
  /** Flattens to 2-D at {@code axis}. */
  FLATTEN("Flatten", 13, 1, 0, 1, 0, "", "axis:i"),
  /** General matrix multiply {@code alpha·A·B + beta·C}. */
  GEMM("Gemm", 13, 2, 1, 1, 0, "", "alpha:f beta:f transA:i transB:i"),
  /** Mean over all spatial positions, keeping [N, C, 1, 1]. */
  GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 1, 0, 1, 0, "", ""),
  /** Passes its input through. */
  IDENTITY("Identity", 14, 1, 0, 1, 0, "", ""),
  /** Instance normalisation with per-channel scale and bias inputs. */
  INSTANCE_NORMALIZATION("InstanceNormalization", 6, 3, 0, 1, 0, "", "epsilon:f"),
  /** Leaky ReLU with slope {@code alpha} for negative inputs. */
  LEAKY_RELU("LeakyRelu", 6, 1, 0, 1, 0, "", "alpha:f"),
  /** Max pooling; padded positions never win (−∞). */
  MAX_POOL(
      "MaxPool",
      12,
      1,
      0,
      1,
      1,
      "kernel_shape:is",
      "auto_pad:s ceil_mode:i dilations:is pads:is storage_order:i strides:is"),
  /** Padding with pads as an int64 input (begin values of every axis, then end values). */
  PAD("Pad", 13, 2, 1, 1, 0, "", "mode:s"),
  /** max(x, 0). */
  RELU("Relu", 6, 1, 0, 1, 0, "", ""),
  /** Reshape to a shape given as an int64 input. */
  RESHAPE("Reshape", 14, 2, 0, 1, 0, "", "allowzero:i"),
  /**
   * The maximum over the axes given as the {@code axes} attribute (the form of opsets 13 to 17).
   */
  REDUCE_MAX_AXES_ATTRIBUTE("ReduceMax", 13, 17, 1, 0, 1, 0, "axes:is", "keepdims:i"),
  /** The maximum over the axes given as an int64 input (the form since opset 18). */
  REDUCE_MAX(
      "ReduceMax", 18, Integer.MAX_VALUE, 1, 1, 1, 0, "", "keepdims:i noop_with_empty_axes:i"),
  /** The sum over the axes given as an int64 input. */
  REDUCE_SUM("ReduceSum", 13, 1, 1, 1, 0, "", "keepdims:i noop_with_empty_axes:i"),
  /** Resizing with optional roi, scales and sizes inputs (pass "" to skip one). */
  RESIZE(
      "Resize",
      13,
      1,
      3,
      1,
      0,
      "",
      "coordinate_transformation_mode:s cubic_coeff_a:f exclude_outside:i extrapolation_value:f"
          + " mode:s nearest_mode:s"),
  /**
   * Resizing with the attributes of opset 18: {@code antialias} (a widened filter when shrinking),
   * {@code axes} and {@code keep_aspect_ratio_policy}.
   */
  RESIZE_18(
      "Resize",
      18,
      1,
      3,
      1,
      0,
      "",
      "antialias:i axes:is coordinate_transformation_mode:s cubic_coeff_a:f exclude_outside:i"
          + " extrapolation_value:f keep_aspect_ratio_policy:s mode:s nearest_mode:s"),
  /** Rounds half to even. */
  ROUND("Round", 11, 1, 0, 1, 0, "", ""),
  /** The shape of a tensor as int64, optionally a slice [start, end). */
  SHAPE("Shape", 15, 1, 0, 1, 0, "", "start:i end:i"),
  /** Slicing with starts, ends and optional axes and steps inputs. */
  SLICE("Slice", 13, 3, 2, 1, 0, "", ""),
  /** Softmax along {@code axis}. */
  SOFTMAX("Softmax", 13, 1, 0, 1, 0, "", "axis:i"),
  /** Hyperbolic tangent. */
  TANH("Tanh", 6, 1, 0, 1, 0, "", ""),
  /** Axis permutation. */
  TRANSPOSE("Transpose", 13, 1, 0, 1, 0, "", "perm:is");

  /** Marks an operator that takes any number of optional inputs beyond the required ones. */
  static final int VARIADIC = -1;

  private final String opType;
  private final int since;
  private final int until;
  private final int requiredInputs;
  private final int optionalInputs;
  private final int requiredOutputs;
  private final int optionalOutputs;
  private final Map<String, AttributeType> required;
  private final Map<String, AttributeType> optional;

  OnnxOp(
      String opType,
      int since,
      int requiredInputs,
      int optionalInputs,
      int requiredOutputs,
      int optionalOutputs,
      String required,
      String optional) {
    this(
        opType,
        since,
        Integer.MAX_VALUE,
        requiredInputs,
        optionalInputs,
        requiredOutputs,
        optionalOutputs,
        required,
        optional);
  }

  OnnxOp(
      String opType,
      int since,
      int until,
      int requiredInputs,
      int optionalInputs,
      int requiredOutputs,
      int optionalOutputs,
      String required,
      String optional) {
    this.opType = opType;
    this.since = since;
    this.until = until;
    this.requiredInputs = requiredInputs;
    this.optionalInputs = optionalInputs;
    this.requiredOutputs = requiredOutputs;
    this.optionalOutputs = optionalOutputs;
    this.required = parse(required);
    this.optional = parse(optional);
  }

  /** The ONNX operator type, such as {@code Conv}. */
  public String opType() {
    return opType;
  }

  /** The first opset in which the emitted form is valid. */
  public int since() {
    return since;
  }

  /**
   * The last opset in which the emitted form is valid ({@link Integer#MAX_VALUE}: no limit known).
   */
  public int until() {
    return until;
  }

  /** The attributes the operator requires, with their types. */
  public Map<String, AttributeType> requiredAttributes() {
    return required;
  }

  /** The attributes the operator accepts beyond the required ones, with their types. */
  public Map<String, AttributeType> optionalAttributes() {
    return optional;
  }

  /**
   * Checks a node before it is emitted.
   *
   * @param opset the model's default-domain opset
   * @param inputs the input value names; {@code ""} skips an optional input
   * @param outputs the number of outputs
   * @param attributes the node's attributes
   * @throws ExportException naming the operator and what was expected, e.g. {@code "Building Conv:
   *     expected 2 inputs (+1 optional), received 1"}
   */
  public void check(int opset, List<String> inputs, int outputs, List<AttributeProto> attributes) {
    if (opset < since || opset > until) {
      throw fail(
          "this form needs opset "
              + since
              + (until == Integer.MAX_VALUE ? " or newer" : " to " + until)
              + ", the model's opset is "
              + opset);
    }
    int max = optionalInputs == VARIADIC ? Integer.MAX_VALUE : requiredInputs + optionalInputs;
    if (inputs.size() < requiredInputs || inputs.size() > max) {
      String expected =
          optionalInputs == VARIADIC
              ? "at least " + requiredInputs + " input" + (requiredInputs == 1 ? "" : "s")
              : requiredInputs
                  + " input"
                  + (requiredInputs == 1 ? "" : "s")
                  + (optionalInputs > 0 ? " (+" + optionalInputs + " optional)" : "");
      throw fail("expected " + expected + ", received " + inputs.size());
    }
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      if (in == null || (in.isEmpty() && i < requiredInputs)) {
        throw fail("input " + i + " is required but " + (in == null ? "null" : "empty"));
      }
    }
    if (outputs < requiredOutputs || outputs > requiredOutputs + optionalOutputs) {
      throw fail(
          "expected "
              + requiredOutputs
              + " output"
              + (requiredOutputs == 1 ? "" : "s")
              + (optionalOutputs > 0 ? " (+" + optionalOutputs + " optional)" : "")
              + ", received "
              + outputs);
    }
    Map<String, AttributeType> seen = new LinkedHashMap<>();
    for (AttributeProto a : attributes) {
      AttributeType expected =
          required.containsKey(a.getName()) ? required.get(a.getName()) : optional.get(a.getName());
      if (expected == null) {
        List<String> known = new java.util.ArrayList<>(required.keySet());
        known.addAll(optional.keySet());
        throw fail(
            "unknown attribute '"
                + a.getName()
                + "', expected one of "
                + (known.isEmpty() ? "none" : known));
      }
      if (a.getType() != expected) {
        throw fail(
            "attribute '" + a.getName() + "' must be " + expected + ", received " + a.getType());
      }
      if (seen.put(a.getName(), a.getType()) != null) {
        throw fail("attribute '" + a.getName() + "' is given twice");
      }
    }
    for (String name : required.keySet()) {
      if (!seen.containsKey(name)) {
        throw fail("missing required attribute '" + name + "' (" + required.get(name) + ")");
      }
    }
  }

  private ExportException fail(String what) {
    return new ExportException("Building " + opType + ": " + what);
  }

  private static Map<String, AttributeType> parse(String spec) {
    Map<String, AttributeType> m = new LinkedHashMap<>();
    for (String item : spec.trim().split("\\s+")) {
      if (item.isEmpty()) {
        continue;
      }
      String[] p = item.split(":");
      AttributeType t =
          switch (p[1]) {
            case "i" -> AttributeType.INT;
            case "is" -> AttributeType.INTS;
            case "f" -> AttributeType.FLOAT;
            case "fs" -> AttributeType.FLOATS;
            case "s" -> AttributeType.STRING;
            case "t" -> AttributeType.TENSOR;
            default -> throw new IllegalArgumentException("attribute type code " + p[1]);
          };
      m.put(p[0], t);
    }
    return Collections.unmodifiableMap(m);
  }
}

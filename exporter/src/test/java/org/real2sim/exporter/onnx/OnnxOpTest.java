package org.real2sim.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;

class OnnxOpTest {

  private static String message(Runnable r) {
    return assertThrows(ExportException.class, r::run).getMessage();
  }

  private static OnnxContext context(int opset) {
    OnnxContext ctx = new OnnxContext("g", opset, WeightPrecision.FLOAT32);
    ctx.input("x", TensorProto.DataType.FLOAT_VALUE, 1, 3, 4, 4);
    ctx.input("w", TensorProto.DataType.FLOAT_VALUE, 2, 3, 1, 1);
    return ctx;
  }

  @Test
  void convWithOneInputNamesTheExpectedArity() {
    OnnxContext ctx = context(17);
    assertEquals(
        "Building Conv: expected 2 inputs (+1 optional), received 1",
        message(() -> ctx.node(OnnxOp.CONV, List.of("x"), Map.of(), "c")));
    assertEquals(
        "Building Conv: expected 2 inputs (+1 optional), received 4",
        message(() -> ctx.node(OnnxOp.CONV, List.of("x", "w", "w", "w"), Map.of(), "c")));
    assertEquals(
        "Building Concat: expected at least 1 input, received 0",
        message(() -> ctx.node(OnnxOp.CONCAT, List.of(), Map.of("axis", 1L), "c")));
    assertEquals(
        "Building Conv: input 1 is required but empty",
        message(() -> ctx.node(OnnxOp.CONV, List.of("x", ""), Map.of(), "c")));
  }

  @Test
  void attributesAreCheckedForPresenceNameAndType() {
    OnnxContext ctx = context(17);
    assertEquals(
        "Building Cast: missing required attribute 'to' (INT)",
        message(() -> ctx.node(OnnxOp.CAST, List.of("x"), Map.of(), "c")));
    assertEquals(
        "Building Conv: unknown attribute 'padding', expected one of [auto_pad, dilations, group, "
            + "kernel_shape, pads, strides]",
        message(() -> ctx.node(OnnxOp.CONV, List.of("x", "w"), Map.of("padding", "SAME"), "c")));
    assertEquals(
        "Building Conv: attribute 'strides' must be INTS, received INT",
        message(() -> ctx.node(OnnxOp.CONV, List.of("x", "w"), Map.of("strides", 2L), "c")));
    assertEquals(
        "Building Relu: unknown attribute 'alpha', expected one of none",
        message(() -> ctx.node(OnnxOp.RELU, List.of("x"), Map.of("alpha", 0.1f), "c")));
    assertEquals(
        "Building MaxPool: missing required attribute 'kernel_shape' (INTS)",
        message(() -> ctx.node(OnnxOp.MAX_POOL, List.of("x"), Map.of(), "p")));
  }

  @Test
  void opsetBelowTheEmittedFormIsRefused() {
    OnnxContext ctx = context(14);
    assertEquals(
        "Building Shape: this form needs opset 15 or newer, the model's opset is 14",
        message(() -> ctx.node(OnnxOp.SHAPE, List.of("x"), Map.of(), "s")));
  }

  @Test
  void unknownInputValuesAndTakenNamesAreRefused() {
    OnnxContext ctx = context(17);
    assertEquals(
        "Building Relu: input 'y' is not a value of this graph",
        message(() -> ctx.node(OnnxOp.RELU, List.of("y"), Map.of(), "r")));
    assertEquals(
        "Value name 'x' is already used in graph g",
        message(() -> ctx.input("x", TensorProto.DataType.FLOAT_VALUE, 1)));
  }

  @Test
  void everyOperatorDeclaresAValidFormAndEveryTypeHasOneAtEachSupportedOpset() {
    java.util.Map<String, java.util.Set<Integer>> covered = new java.util.HashMap<>();
    for (OnnxOp op : OnnxOp.values()) {
      // Required attributes must not also be optional; opset ranges must be ordered.
      for (String a : op.requiredAttributes().keySet()) {
        assertEquals(false, op.optionalAttributes().containsKey(a), op + " lists " + a + " twice");
      }
      assertEquals(true, op.since() >= 1 && op.since() <= op.until(), op.toString());
      for (int v = Math.max(17, op.since()); v <= Math.min(22, op.until()); v++) {
        covered.computeIfAbsent(op.opType(), k -> new java.util.TreeSet<>()).add(v);
      }
    }
    // The exporter writes opsets 17 to 22: each operator type must have a form at each of them
    // (ReduceMax changes form at 18).
    for (OnnxOp op : OnnxOp.values()) {
      assertEquals(java.util.Set.of(17, 18, 19, 20, 21, 22), covered.get(op.opType()), op.opType());
    }
  }
}

package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import org.real2sim.exporter.ExportException;

/**
 * The small protobuf messages {@link OnnxContext} puts into a graph: value infos and attributes.
 */
final class OnnxProtos {

  private OnnxProtos() {}

  /** A tensor value info: {@code dims} are numbers (fixed) or strings (symbolic). */
  static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof String p) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
      } else if (d instanceof Number x) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(x.longValue()));
      } else {
        throw new ExportException(
            "Dimension of " + name + " must be a number or a symbolic name, found " + d);
      }
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s)))
        .build();
  }

  /** Attribute {@code name} of a node of {@code op}, typed by the Java type of {@code v}. */
  static AttributeProto attribute(OnnxOp op, String name, Object v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (v instanceof Long || v instanceof Integer) {
      a.setType(AttributeType.INT).setI(((Number) v).longValue());
    } else if (v instanceof Float || v instanceof Double) {
      a.setType(AttributeType.FLOAT).setF(((Number) v).floatValue());
    } else if (v instanceof String s) {
      a.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
    } else if (v instanceof long[] xs) {
      a.setType(AttributeType.INTS);
      for (long x : xs) {
        a.addInts(x);
      }
    } else if (v instanceof int[] xs) {
      a.setType(AttributeType.INTS);
      for (int x : xs) {
        a.addInts(x);
      }
    } else if (v instanceof float[] xs) {
      a.setType(AttributeType.FLOATS);
      for (float x : xs) {
        a.addFloats(x);
      }
    } else if (v instanceof TensorProto t) {
      a.setType(AttributeType.TENSOR).setT(t);
    } else {
      throw new ExportException(
          "Building "
              + op.opType()
              + ": attribute '"
              + name
              + "' has unsupported Java type "
              + (v == null ? "null" : v.getClass().getSimpleName()));
    }
    return a.build();
  }
}

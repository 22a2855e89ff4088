package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.exporter.onnx.TfReference.Out;

/**
 * Runs ONNX models on ONNX Runtime (CPU, one thread, all optimisations) for the exporter's tests.
 */
public final class OrtReference {

  private OrtReference() {}

  /** Runs {@code model} on one float32 input and returns every output by name. */
  public static Map<String, Out> run(ModelProto model, String input, long[] shape, float[] data)
      throws OrtException {
    OrtEnvironment env = org.real2sim.runtime.RuntimeEnvironment.environment();
    try (OrtSession.SessionOptions so = options();
        OrtSession s = env.createSession(model.toByteArray(), so);
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
      return outputs(s, Map.of(input, t));
    }
  }

  /** Runs {@code model} on one uint8 input and returns every output by name. */
  public static Map<String, Out> runUint8(ModelProto model, String input, long[] shape, byte[] data)
      throws OrtException {
    OrtEnvironment env = org.real2sim.runtime.RuntimeEnvironment.environment();
    try (OrtSession.SessionOptions so = options();
        OrtSession s = env.createSession(model.toByteArray(), so);
        OnnxTensor t =
            OnnxTensor.createTensor(env, ByteBuffer.wrap(data), shape, OnnxJavaType.UINT8)) {
      return outputs(s, Map.of(input, t));
    }
  }

  /** Runs the model file at {@code path} (so external data resolves) on one float32 input. */
  public static Map<String, Out> runFile(Path path, String input, long[] shape, float[] data)
      throws OrtException {
    OrtEnvironment env = org.real2sim.runtime.RuntimeEnvironment.environment();
    try (OrtSession.SessionOptions so = options();
        OrtSession s = env.createSession(path.toString(), so);
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
      return outputs(s, Map.of(input, t));
    }
  }

  private static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(1);
    so.addConfigEntry("session.intra_op.allow_spinning", "0");
    return so;
  }

  private static Map<String, Out> outputs(OrtSession s, Map<String, OnnxTensor> inputs)
      throws OrtException {
    Map<String, Out> out = new LinkedHashMap<>();
    try (OrtSession.Result r = s.run(inputs)) {
      for (Map.Entry<String, OnnxValue> e : r) {
        OnnxTensor t = (OnnxTensor) e.getValue();
        long[] shape = t.getInfo().getShape();
        switch (t.getInfo().type) {
          case FLOAT -> {
            FloatBuffer b = t.getFloatBuffer();
            float[] v = new float[b.remaining()];
            b.get(v);
            out.put(e.getKey(), new Out(shape, v, null, null));
          }
          case INT64 -> {
            var b = t.getLongBuffer();
            long[] v = new long[b.remaining()];
            b.get(v);
            out.put(e.getKey(), new Out(shape, null, v, null));
          }
          case UINT8 -> {
            ByteBuffer b = t.getByteBuffer();
            byte[] v = new byte[b.remaining()];
            b.get(v);
            out.put(e.getKey(), new Out(shape, null, null, v));
          }
          default -> throw new IllegalStateException("unexpected output type " + t.getInfo().type);
        }
      }
    }
    return out;
  }
}

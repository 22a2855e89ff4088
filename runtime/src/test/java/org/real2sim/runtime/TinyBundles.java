package org.real2sim.runtime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.NormalizationSpec;
import org.real2sim.runtime.bundle.Palette;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.io.Sha256;

/**
 * Writes tiny bundles for the runtime's tests, with models built directly from the ONNX protobuf
 * classes (the runtime itself has no ONNX writer), plus a plain-Java reference of what they
 * compute.
 *
 * <p>Segmentation model: per pixel, logits {@code l_k = Σ_c W[k][c] · x_c + b[k]} of the raw pixel
 * values x (0–255); {@code mask} = arg max, {@code scores} = softmax over k, {@code translated} =
 * {@code 255 − x}. Classification model: the same linear map applied to the image's channel means,
 * then arg max and softmax. Integer weights and biases with distinct fractional parts make ties
 * impossible and the arithmetic exact, so the masks can be compared exactly.
 */
public final class TinyBundles {

  /** The class weights W[k][c] for K = 3 classes. */
  public static final float[][] W = {{1, -2, 1}, {-1, 1, 0}, {0, 1, -1}};

  /** The class biases b[k]; distinct fractional parts rule out ties. */
  public static final float[] B = {0.25f, 0.5f, -0.125f};

  /** The class names. */
  public static final List<String> CLASSES = List.of("road", "car", "sky");

  private TinyBundles() {}

  /** What the tiny models may output. */
  public record Spec(
      Task task, BundlePart part, boolean scores, boolean translated, InputPolicy policy) {}

  /**
   * The default spec: segmentation pipeline with scores and translated, multiples of 4 in [4, 64].
   */
  public static Spec segmentation() {
    return new Spec(
        Task.SEGMENTATION,
        BundlePart.PIPELINE,
        true,
        true,
        InputPolicy.multipleOf(4, 4, 64, InputPolicy.OnMismatch.REJECT));
  }

  /** Classification pipeline with scores, no translated output, any size in [1, 64]. */
  public static Spec classification() {
    return new Spec(
        Task.CLASSIFICATION,
        BundlePart.PIPELINE,
        true,
        false,
        InputPolicy.multipleOf(1, 1, 64, InputPolicy.OnMismatch.REJECT));
  }

  /** The manifest a tiny bundle gets (checksum filled in by {@link #write}). */
  public static BundleManifest manifest(Spec spec, List<String> classes) {
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        spec.part(),
        spec.task(),
        classes,
        Palette.of(0x804080, 0x00008e, 0x4682b4, 0x102030).subList(0, classes.size()),
        spec.policy(),
        NormalizationSpec.IMAGENET,
        17,
        8,
        BundleManifest.DEFAULT_MODEL,
        "0".repeat(64),
        Map.of(),
        new Provenance(
            Map.of("alpha", 0.9, "preset", "tiny"),
            7L,
            "test-1",
            Map.of("M1", Map.of("mIoU", 0.213), "ours", Map.of("mIoU", 0.347))));
  }

  /** Writes a bundle with the tiny model of {@code spec} into {@code dir}; returns its manifest. */
  public static BundleManifest write(Path dir, Spec spec) throws IOException {
    BundleManifest m = manifest(spec, CLASSES);
    return write(dir, m, model(spec, m.metadataProps()).toByteArray());
  }

  /**
   * Writes {@code modelBytes} and {@code manifest} (with the model's checksum) into {@code dir}.
   */
  public static BundleManifest write(Path dir, BundleManifest manifest, byte[] modelBytes)
      throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(manifest.model()), modelBytes);
    BundleManifest m = manifest.withModelSha256(Sha256.of(modelBytes));
    m.write(dir);
    return m;
  }

  /** The tiny model for {@code spec}, with {@code metadata} as metadata_props. */
  public static ModelProto model(Spec spec, Map<String, String> metadata) {
    int k = W.length;
    GraphProto.Builder g = GraphProto.newBuilder().setName("tiny");
    g.addInput(value("image", TensorProto.DataType.UINT8_VALUE, "N", "H", "W", 3));
    g.addInitializer(floats("w", flatW(), k, 3, 1, 1));
    g.addInitializer(floats("b", B, k));
    g.addInitializer(floats("w_gemm", transposedW(), 3, k));
    g.addInitializer(floats("c255", new float[] {255f}));
    g.addNode(
        node("Cast", List.of("image"), "x_nhwc", intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
    g.addNode(node("Transpose", List.of("x_nhwc"), "x", intsAttr("perm", 0, 3, 1, 2)));
    boolean seg = spec.task() == Task.SEGMENTATION;
    if (spec.part() != BundlePart.GENERATOR) {
      if (seg) {
        g.addNode(node("Conv", List.of("x", "w", "b"), "logits"));
      } else {
        g.addNode(node("GlobalAveragePool", List.of("x"), "pooled"));
        g.addNode(node("Flatten", List.of("pooled"), "flat"));
        g.addNode(node("Gemm", List.of("flat", "w_gemm", "b"), "logits"));
      }
      g.addNode(
          node("ArgMax", List.of("logits"), "argmax", intAttr("axis", 1), intAttr("keepdims", 0)));
      if (seg) {
        g.addNode(
            node(
                "Cast",
                List.of("argmax"),
                "mask",
                intAttr("to", TensorProto.DataType.UINT8_VALUE)));
        g.addOutput(value("mask", TensorProto.DataType.UINT8_VALUE, "N", "H", "W"));
      } else {
        g.addNode(node("Identity", List.of("argmax"), "class_id"));
        g.addOutput(value("class_id", TensorProto.DataType.INT64_VALUE, "N"));
      }
      if (spec.scores()) {
        g.addNode(node("Softmax", List.of("logits"), "scores", intAttr("axis", 1)));
        g.addOutput(
            seg
                ? value("scores", TensorProto.DataType.FLOAT_VALUE, "N", k, "H", "W")
                : value("scores", TensorProto.DataType.FLOAT_VALUE, "N", k));
      }
    }
    if (spec.translated()) {
      g.addNode(node("Sub", List.of("c255", "x_nhwc"), "inverted"));
      g.addNode(
          node(
              "Cast",
              List.of("inverted"),
              "translated",
              intAttr("to", TensorProto.DataType.UINT8_VALUE)));
      g.addOutput(value("translated", TensorProto.DataType.UINT8_VALUE, "N", "H", "W", 3));
    }
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("real2sim-runtime-tests")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
            .setGraph(g);
    metadata.forEach(
        (key, v) ->
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(v)));
    return m.build();
  }

  // ---------------------------------------------------------------- external data

  /**
   * {@code model} with initializer {@code name} moved to external data: its values cleared, {@code
   * data_location = EXTERNAL} and {@code location}, {@code offset}, {@code length} set.
   */
  public static ModelProto withExternal(
      ModelProto model, String name, String location, long offset, long length) {
    ModelProto.Builder m = model.toBuilder();
    GraphProto.Builder g = m.getGraphBuilder();
    boolean found = false;
    for (TensorProto.Builder t : g.getInitializerBuilderList()) {
      if (t.getName().equals(name)) {
        found = true;
        t.clearFloatData()
            .clearRawData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location))
            .addExternalData(entry("offset", Long.toString(offset)))
            .addExternalData(entry("length", Long.toString(length)));
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no initializer " + name);
    }
    return m.build();
  }

  /** The float values of initializer {@code name} of {@code model}, little-endian. */
  public static byte[] initializerBytes(ModelProto model, String name) {
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getName().equals(name)) {
        java.nio.ByteBuffer b =
            java.nio.ByteBuffer.allocate(4 * t.getFloatDataCount())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        t.getFloatDataList().forEach(b::putFloat);
        return b.array();
      }
    }
    throw new IllegalArgumentException("no initializer " + name);
  }

  /** {@code model} with a Constant node whose tensor keeps its data in {@code location}. */
  public static ModelProto withExternalConstant(ModelProto model, String location) {
    TensorProto t =
        TensorProto.newBuilder()
            .setName("c")
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addDims(1)
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location))
            .addExternalData(entry("offset", "0"))
            .addExternalData(entry("length", "4"))
            .build();
    NodeProto n =
        NodeProto.newBuilder()
            .setOpType("Constant")
            .setName("const_node")
            .addOutput("unused_constant")
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR)
                    .setT(t))
            .build();
    ModelProto.Builder m = model.toBuilder();
    m.getGraphBuilder().addNode(n);
    return m.build();
  }

  private static StringStringEntryProto entry(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }

  /**
   * Writes {@code model} and {@code files} (name → bytes) into {@code dir} with a manifest listing
   * {@code listed} of them (name → SHA-256 computed here) as external data.
   */
  public static BundleManifest writeWithFiles(
      Path dir, Spec spec, ModelProto model, Map<String, byte[]> files, List<String> listed)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, String> ext = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.write(dir.resolve(f.getKey()), f.getValue());
      if (listed.contains(f.getKey())) {
        ext.put(f.getKey(), Sha256.of(f.getValue()));
      }
    }
    BundleManifest m = manifest(spec, CLASSES).withExternalData(ext);
    return write(dir, m, model.toByteArray());
  }

  // ---------------------------------------------------------------- plain-Java reference

  /** The reference logits of one pixel (r, g, b as 0–255). */
  public static double[] logits(double r, double g, double b) {
    double[] l = new double[W.length];
    for (int k = 0; k < W.length; k++) {
      l[k] = W[k][0] * r + W[k][1] * g + W[k][2] * b + B[k];
    }
    return l;
  }

  /** The index of the largest value (the first on ties). */
  public static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The softmax of {@code v}, in double precision. */
  public static double[] softmax(double[] v) {
    double max = v[argmax(v)];
    double sum = 0;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.exp(v[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < v.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  private static float[] flatW() {
    float[] f = new float[W.length * 3];
    for (int k = 0; k < W.length; k++) {
      System.arraycopy(W[k], 0, f, 3 * k, 3);
    }
    return f;
  }

  private static float[] transposedW() {
    float[] f = new float[3 * W.length];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < W.length; k++) {
        f[c * W.length + k] = W[k][c];
      }
    }
    return f;
  }

  // ---------------------------------------------------------------- protobuf helpers

  private static TensorProto floats(String name, float[] values, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  private static ValueInfoProto value(String name, int elemType, Object... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof String p) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(p));
      } else {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
      }
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s)))
        .build();
  }

  private static NodeProto node(
      String op, List<String> inputs, String output, AttributeProto... attrs) {
    NodeProto.Builder n =
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(output + "_node")
            .addAllInput(inputs)
            .addOutput(output);
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    return n.build();
  }

  private static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  private static AttributeProto intsAttr(String name, long... v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }
}

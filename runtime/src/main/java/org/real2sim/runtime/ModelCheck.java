package org.real2sim.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.GraphNames;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.ModelMetadata;
import org.real2sim.runtime.bundle.Task;

/**
 * Checks an ONNX model against its bundle manifest before any image is run: the single input {@code
 * image} (uint8 NHWC RGB, dynamic H and W when the graph resizes), the prediction output of the
 * manifest's task, {@code scores} and {@code translated} when present (type, rank, class count),
 * the outputs the options ask for, and the model's own {@code metadata_props} record of task, part
 * and classes. Every failure names the model file and what was expected.
 */
final class ModelCheck {

  private ModelCheck() {}

  /** Checks the model's signature and metadata against the manifest; returns the metadata. */
  static Map<String, String> check(
      OrtSession session, BundleManifest m, Path modelFile, Options options) {
    try {
      Map<String, NodeInfo> in = session.getInputInfo();
      Map<String, NodeInfo> out = session.getOutputInfo();
      TensorInfo image = tensor(in, GraphNames.IMAGE);
      if (in.size() != 1
          || image == null
          || image.type != OnnxJavaType.UINT8
          || image.getShape().length != 4
          || (image.getShape()[3] != 3 && image.getShape()[3] != -1)) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " must have exactly one input '"
                + GraphNames.IMAGE
                + "' uint8 [N, H, W, 3], found "
                + describe(in));
      }
      if (m.preprocessing() != null && (image.getShape()[1] > 0 || image.getShape()[2] > 0)) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " input is "
                + Arrays.toString(image.getShape())
                + " but "
                + BundleManifest.FILE_NAME
                + " says the graph resizes images of any size ("
                + m.preprocessing().describe()
                + "): its H and W must be dynamic");
      }
      if (m.inputPolicy().mode() == InputPolicy.Mode.FIXED) {
        long[] s = image.getShape();
        if ((s[1] > 0 && s[1] != m.inputPolicy().height())
            || (s[2] > 0 && s[2] != m.inputPolicy().width())) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " input is "
                  + Arrays.toString(s)
                  + " but "
                  + BundleManifest.FILE_NAME
                  + " inputPolicy says "
                  + m.inputPolicy().describe());
        }
      }
      int k = m.numClasses();
      if (m.part().predicts()) {
        boolean cls = m.task() == Task.CLASSIFICATION;
        String name = cls ? GraphNames.CLASS_ID : GraphNames.MASK;
        TensorInfo p = tensor(out, name);
        OnnxJavaType type = cls ? OnnxJavaType.INT64 : OnnxJavaType.UINT8;
        int rank = cls ? 1 : 3;
        if (p == null || p.type != type || p.getShape().length != rank) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " of a "
                  + m.task().jsonName()
                  + " bundle must have output '"
                  + name
                  + "' "
                  + (cls ? "int64 [N]" : "uint8 [N, H, W]")
                  + ", found "
                  + describe(out));
        }
      }
      TensorInfo scores = tensor(out, GraphNames.SCORES);
      if (scores != null) {
        long[] s = scores.getShape();
        int rank = m.task() == Task.CLASSIFICATION ? 2 : 4;
        if (scores.type != OnnxJavaType.FLOAT || s.length != rank) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " output 'scores' must be float of rank "
                  + rank
                  + ", found "
                  + scores);
        }
        if (s[1] > 0 && s[1] != k) {
          throw new BundleException(
              modelFile,
              "Model "
                  + modelFile
                  + " output 'scores' has "
                  + s[1]
                  + " classes but "
                  + BundleManifest.FILE_NAME
                  + " lists "
                  + k
                  + " "
                  + m.classes());
        }
      }
      TensorInfo translated = tensor(out, GraphNames.TRANSLATED);
      if (translated != null
          && (translated.type != OnnxJavaType.UINT8 || translated.getShape().length != 4)) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " output 'translated' must be uint8 [N, H, W, 3], found "
                + translated);
      }
      if (m.part() == BundlePart.GENERATOR && translated == null) {
        throw new BundleException(
            modelFile,
            "Model "
                + modelFile
                + " of a generator bundle has no output 'translated', found "
                + describe(out));
      }
      if (options.scores() && (scores == null || !m.part().predicts())) {
        throw new PipelineException(
            "Options.scores(true) but the model of bundle "
                + modelFile.getParent()
                + " has no 'scores' output "
                + out.keySet());
      }
      if (options.translated() && translated == null) {
        throw new PipelineException(
            "Options.translated(true) but the model of bundle "
                + modelFile.getParent()
                + " has no 'translated' output "
                + out.keySet());
      }
      Map<String, String> metadata = new LinkedHashMap<>(session.getMetadata().getCustomMetadata());
      checkMetadata(metadata, m, modelFile);
      return metadata;
    } catch (OrtException e) {
      throw new BundleException(
          modelFile, "Cannot inspect model " + modelFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model's own record of task, part and classes must agree with the manifest where present.
   */
  private static void checkMetadata(Map<String, String> md, BundleManifest m, Path modelFile) {
    agree(
        modelFile,
        md.get(ModelMetadata.TASK),
        "was exported for task",
        "says",
        m.task().jsonName());
    agree(modelFile, md.get(ModelMetadata.PART), "holds part", "says", m.part().jsonName());
    String classes = md.get(ModelMetadata.CLASSES);
    if (classes != null) {
      agree(
          modelFile,
          classes,
          "was exported with classes",
          "lists",
          m.metadataProps().get(ModelMetadata.CLASSES));
    }
  }

  /**
   * Fails when the model records {@code found} (null: nothing) but the manifest {@code expected}.
   */
  private static void agree(
      Path modelFile, String found, String recorded, String manifestVerb, String expected) {
    if (found != null && !found.equals(expected)) {
      throw new BundleException(
          modelFile,
          "Model "
              + modelFile
              + " "
              + recorded
              + " "
              + found
              + " but "
              + BundleManifest.FILE_NAME
              + " "
              + manifestVerb
              + " "
              + expected);
    }
  }

  private static TensorInfo tensor(Map<String, NodeInfo> infos, String name) {
    NodeInfo n = infos.get(name);
    return n != null && n.getInfo() instanceof TensorInfo t ? t : null;
  }

  private static String describe(Map<String, NodeInfo> infos) {
    List<String> parts = new ArrayList<>();
    for (NodeInfo n : infos.values()) {
      if (n.getInfo() instanceof TensorInfo t) {
        parts.add(
            n.getName()
                + " "
                + t.type.name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + Arrays.toString(t.getShape()));
      } else {
        parts.add(n.getName() + " " + n.getInfo());
      }
    }
    return parts.toString();
  }
}

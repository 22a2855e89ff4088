package org.real2sim.exporter.pipeline;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.bundle.BundleWriter;
import org.real2sim.exporter.nets.InputAdapterWriter;
import org.real2sim.exporter.nets.OnnxBuilder;
import org.real2sim.exporter.nets.WeightSet;
import org.real2sim.exporter.onnx.ImageStages;
import org.real2sim.exporter.onnx.ImageStages.PixelRange;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.parity.ParityChecker;
import org.real2sim.exporter.parity.ParityReport;
import org.real2sim.exporter.parity.SampleImages;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.NormalizationSpec;
import org.real2sim.runtime.bundle.Preprocessing;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.io.FileTrees;
import org.real2sim.runtime.io.Sha256;

/**
 * Exports an {@link ExportSpec} as a bundle: one fused ONNX graph, checked against TensorFlow
 * before anything is published.
 *
 * <p>The graph: {@code image} uint8 [N, H, W, 3] → Cast, Transpose to NCHW, with {@link
 * ExportSpec#preprocessing()} a {@code Resize} to the network's input size with the training filter
 * ({@link ImageStages#toNetwork}; H and W then take any size), {@code x / 127.5 − 1} → G_RS ({@link
 * OnnxBuilder} on {@link ResnetGenerator#spec}) → optional {@code translated} output → the adapter
 * to f's normalisation ({@link InputAdapterWriter}) → f → {@code mask} uint8 [N, H, W] (arg max, at
 * the input size) or {@code class_id} int64 [N], and {@code scores} (softmax). The expert part
 * omits G_RS (the adapter then maps the scaled image, as the trainer's M2 evaluation); the
 * generator part ends at {@code translated}. N, H and W stay symbolic; the manifest's input policy
 * says which sizes the runtime feeds.
 *
 * <p>{@link #export} writes the model to a temporary file, runs {@link ParityChecker} on it, and
 * only then publishes the bundle with {@link BundleWriter}; the published model is byte-identical
 * to the checked one (its SHA-256 is compared).
 */
public final class PipelineExporter {

  /** The symbolic batch dimension of the graph's input and outputs. */
  public static final String N = "N";

  /** The symbolic height. */
  public static final String H = "H";

  /** The symbolic width. */
  public static final String W = "W";

  private PipelineExporter() {}

  /** The model-level options of {@code spec}: its opset with the smallest IR version it allows. */
  public static ModelOptions modelOptions(ExportSpec spec) {
    return ModelOptions.defaults().withOpset(spec.opset());
  }

  /**
   * The ONNX model of {@code spec}, with the manifest's task, classes and provenance in its {@code
   * metadata_props}.
   *
   * @throws ExportException when a weight is missing, misshapen or not used by any layer
   */
  public static ModelProto model(ExportSpec spec) {
    OnnxContext ctx =
        new OnnxContext(
            "real2sim_" + spec.part().jsonName(),
            spec.opset(),
            spec.fp16()
                ? OnnxContext.WeightPrecision.FLOAT16
                : OnnxContext.WeightPrecision.FLOAT32);
    WeightSet w = new WeightSet(spec.weights());
    String image = ImageStages.imageInput(ctx, N, H, W);
    Preprocessing pre = spec.preprocessing();
    String x =
        pre == null
            ? ImageStages.toNchw(ctx, image, PixelRange.SYMMETRIC)
            : ImageStages.toNetwork(ctx, image, PixelRange.SYMMETRIC, pre.height(), pre.width());
    Object h = pre == null ? H : (Object) pre.height();
    Object w2 = pre == null ? W : (Object) pre.width();
    String g = x;
    if (spec.hasGenerator()) {
      g =
          OnnxBuilder.write(
              ctx, x, w, spec.generatorName(), ResnetGenerator.spec(spec.generator()));
      w.requireAllUsed(
          spec.generatorName(),
          "the ResNet generator (ngf "
              + spec.generator().ngf()
              + ", "
              + spec.generator().nBlocks()
              + " blocks)");
    }
    if (spec.translated()) {
      ImageStages.translatedOutput(ctx, g, N, h, w2);
    }
    if (spec.hasExpert()) {
      String a = InputAdapterWriter.fromGenerator(ctx, g, spec.normalization());
      String logits = spec.expert().write(ctx, a, w, spec.expertName());
      w.requireAllUsed(spec.expertName(), "the expert " + spec.expert().describe());
      int k = spec.classes().size();
      if (spec.task() == Task.SEGMENTATION) {
        ImageStages.segmentationOutputs(ctx, logits, k, true, N, h, w2);
      } else {
        ImageStages.classificationOutputs(ctx, logits, k, true, N);
      }
    }
    return OnnxModels.assemble(ctx, modelOptions(spec), manifest(spec).metadataProps(), doc(spec));
  }

  /**
   * The manifest of {@code spec}, with a placeholder checksum that the bundle writer replaces.
   *
   * @throws ExportException when a field is invalid for a manifest (e.g. a blank class name)
   */
  public static BundleManifest manifest(ExportSpec spec) {
    ModelOptions mo = modelOptions(spec);
    NormalizationSpec norm =
        spec.normalization() == null
            ? null
            : new NormalizationSpec(
                boxed(spec.normalization().mean()), boxed(spec.normalization().std()));
    try {
      return new BundleManifest(
          BundleManifest.FORMAT_VERSION,
          BundleManifest.FORMAT_MINOR,
          spec.part(),
          spec.task(),
          spec.classes(),
          spec.palette(),
          spec.inputPolicy(),
          spec.preprocessing(),
          norm,
          mo.opset(),
          mo.irVersion(),
          BundleManifest.DEFAULT_MODEL,
          "0".repeat(64),
          Map.of(),
          spec.provenance());
    } catch (IllegalArgumentException e) {
      throw new ExportException("The bundle manifest would be invalid: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the bundle of {@code spec} to {@code bundleDir} after checking it against TensorFlow on
   * {@code samples}; nothing is published when the check fails.
   *
   * @throws ExportException when the spec's weights do not fit, the samples' size does not suit the
   *     graph, the parity check fails (with its numbers), or writing fails
   */
  public static ExportResult export(
      ExportSpec spec, Path bundleDir, SampleImages samples, ParityChecker.Options parity) {
    return export(spec, bundleDir, List.of(samples), parity);
  }

  /**
   * As {@link #export(ExportSpec, Path, SampleImages, ParityChecker.Options)} with groups of parity
   * samples of different sizes: for a graph that resizes, full-size images of several sizes and
   * aspect ratios, checked against {@code parity}'s reference preprocessing.
   */
  public static ExportResult export(
      ExportSpec spec,
      Path bundleDir,
      List<SampleImages> sampleGroups,
      ParityChecker.Options parity) {
    if (sampleGroups.isEmpty()) {
      throw new ExportException("The parity check needs at least one sample image");
    }
    for (SampleImages samples : sampleGroups) {
      checkSamples(spec, samples);
    }
    return exportChecked(spec, bundleDir, sampleGroups, parity);
  }

  private static void checkSamples(ExportSpec spec, SampleImages samples) {
    if (spec.preprocessing() == null
        && spec.hasGenerator()
        && (samples.height() % ResnetGenerator.SIDE_MULTIPLE != 0
            || samples.width() % ResnetGenerator.SIDE_MULTIPLE != 0
            || samples.height() < ResnetGenerator.MIN_SIDE
            || samples.width() < ResnetGenerator.MIN_SIDE)) {
      throw new ExportException(
          "The parity samples are "
              + samples.height()
              + "x"
              + samples.width()
              + " (HxW), but the generator needs multiples of "
              + ResnetGenerator.SIDE_MULTIPLE
              + " of at least "
              + ResnetGenerator.MIN_SIDE);
    }
  }

  private static ExportResult exportChecked(
      ExportSpec spec, Path bundleDir, List<SampleImages> samples, ParityChecker.Options parity) {
    ModelProto model = model(spec);
    long threshold = modelOptions(spec).externalDataThreshold();
    BundleManifest template = manifest(spec);
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("real2sim-export-");
      List<Path> files = OnnxModels.save(model, tmp.resolve(template.model()), threshold);
      ParityReport report = ParityChecker.check(spec, files.get(0), samples, parity);
      String checked = Sha256.of(files.get(0));
      BundleManifest written = BundleWriter.write(bundleDir, model, template, threshold);
      if (!written.modelSha256().equals(checked)) {
        throw new ExportException(
            "The model written to "
                + bundleDir
                + " (SHA-256 "
                + written.modelSha256()
                + ") is not the one the parity check ran on ("
                + checked
                + ")");
      }
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      return new ExportResult(bundleDir, written, report, parameters(spec), bytes);
    } catch (IOException e) {
      throw new ExportException("Cannot export to " + bundleDir + ": " + e.getMessage(), e);
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
  }

  /** The number of weight values of the networks in {@code spec}'s graph. */
  public static long parameters(ExportSpec spec) {
    long n = 0;
    for (Map.Entry<String, Weights> e : spec.weights().entrySet()) {
      String k = e.getKey();
      if ((spec.hasGenerator() && k.startsWith(spec.generatorName() + "/"))
          || (spec.hasExpert() && k.startsWith(spec.expertName() + "/"))) {
        n += e.getValue().size();
      }
    }
    return n;
  }

  private static String doc(ExportSpec spec) {
    StringBuilder b = new StringBuilder("real2sim ").append(spec.part().jsonName()).append(": ");
    b.append("image uint8 NHWC RGB");
    if (spec.preprocessing() != null) {
      b.append(" (any size) -> resize to ")
          .append(spec.preprocessing().height())
          .append("x")
          .append(spec.preprocessing().width())
          .append(" (antialiased linear, as in training)");
    }
    b.append(" -> [-1, 1]");
    if (spec.hasGenerator()) {
      b.append(" -> G_RS ")
          .append(spec.generatorName())
          .append(" (ngf ")
          .append(spec.generator().ngf())
          .append(", ")
          .append(spec.generator().nBlocks())
          .append(" blocks)");
    }
    if (spec.hasExpert()) {
      b.append(" -> adapter ")
          .append(Arrays.toString(spec.normalization().mean()))
          .append("/")
          .append(Arrays.toString(spec.normalization().std()))
          .append(" -> f ")
          .append(spec.expertName())
          .append(" ")
          .append(spec.expert().describe())
          .append(" -> ")
          .append(spec.task() == Task.SEGMENTATION ? "mask, scores" : "class_id, scores");
    }
    if (spec.translated()) {
      b.append(" (+ translated)");
    }
    b.append("; input policy: ").append(spec.inputPolicy().describe());
    return b.toString();
  }

  private static List<Double> boxed(double[] v) {
    return Arrays.stream(v).boxed().toList();
  }
}

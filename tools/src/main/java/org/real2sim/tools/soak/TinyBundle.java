package org.real2sim.tools.soak;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.real2sim.exporter.bundle.BundleWriter;
import org.real2sim.exporter.onnx.ImageStages;
import org.real2sim.exporter.onnx.ImageStages.PixelRange;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxLayers;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.Padding;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.NormalizationSpec;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.runtime.bundle.Task;

/**
 * A tiny segmentation bundle with seeded random weights, for soak and smoke runs of the runtime:
 * the full bundle contract (pre-processing, a small generator with instance norm and tanh, the
 * adapter, a small expert, mask, scores and translated outputs) at a few thousand parameters. Its
 * predictions mean nothing.
 */
public final class TinyBundle {

  /** The class names of the tiny bundle. */
  public static final List<String> CLASSES = List.of("road", "building", "vegetation", "sky");

  private TinyBundle() {}

  /** Writes the tiny bundle into {@code dir} (created or replaced); returns its manifest. */
  public static BundleManifest write(Path dir, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Weights> w = new LinkedHashMap<>();
    conv(w, rng, "g_rs/in/conv", 3, 3, 8);
    conv(w, rng, "g_rs/out/conv", 3, 8, 3);
    conv(w, rng, "expert/stem/conv", 3, 3, 8);
    conv(w, rng, "expert/head/conv", 1, 8, CLASSES.size());
    OnnxContext ctx = new OnnxContext("real2sim_tiny", 17, OnnxContext.WeightPrecision.FLOAT32);
    String image = ImageStages.imageInput(ctx, "N", "H", "W");
    String x = ImageStages.toNchw(ctx, image, PixelRange.SYMMETRIC);
    x =
        OnnxLayers.conv2d(
            ctx,
            OnnxLayers.reflectPad(ctx, x, 1, "g_rs/in/pad"),
            w,
            "g_rs/in/conv",
            1,
            Padding.valid());
    x =
        OnnxLayers.relu(
            ctx, OnnxLayers.instanceNorm(ctx, x, 8, 1e-5f, "g_rs/in/norm"), "g_rs/in/relu");
    x =
        OnnxLayers.conv2d(
            ctx,
            OnnxLayers.reflectPad(ctx, x, 1, "g_rs/out/pad"),
            w,
            "g_rs/out/conv",
            1,
            Padding.valid());
    String g = OnnxLayers.tanh(ctx, x, "g_rs/tanh");
    ImageStages.translatedOutput(ctx, g, "N", "H", "W");
    NormalizationSpec norm = NormalizationSpec.IMAGENET;
    String a =
        ImageStages.normalize(
            ctx, g, PixelRange.SYMMETRIC, toArray(norm.mean()), toArray(norm.std()));
    String f = OnnxLayers.conv2d(ctx, a, w, "expert/stem/conv", 1, Padding.symmetric(1));
    f =
        OnnxLayers.conv2d(
            ctx, OnnxLayers.relu(ctx, f, "expert/relu"), w, "expert/head/conv", 1, Padding.valid());
    ImageStages.segmentationOutputs(ctx, f, CLASSES.size(), true, "N", "H", "W");
    ModelOptions options = ModelOptions.defaults();
    ModelProto model =
        OnnxModels.assemble(ctx, options, Map.of(), "tiny real2sim bundle (random weights)");
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT_VERSION,
            BundlePart.PIPELINE,
            Task.SEGMENTATION,
            CLASSES,
            BundleManifest.palette(0x804080, 0x464646, 0x6b8e23, 0x4682b4),
            InputPolicy.multipleOf(1, 1, 4096, InputPolicy.OnMismatch.REJECT),
            norm,
            options.opset(),
            options.irVersion(),
            BundleManifest.DEFAULT_MODEL,
            "0".repeat(64),
            Map.of(),
            new Provenance(Map.of("tiny", true), seed, "tiny-bundle", Map.of()));
    return BundleWriter.write(dir, model, manifest, options.externalDataThreshold());
  }

  private static void conv(
      Map<String, Weights> w, SplittableRandom rng, String path, int k, int in, int out) {
    float[] kernel = new float[k * k * in * out];
    double scale = 1 / Math.sqrt(k * k * in);
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
    float[] bias = new float[out];
    for (int i = 0; i < out; i++) {
      bias[i] = (float) ((rng.nextDouble() * 2 - 1) * 0.1);
    }
    w.put(path + "/kernel", new Weights(new long[] {k, k, in, out}, kernel));
    w.put(path + "/bias", new Weights(new long[] {out}, bias));
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}

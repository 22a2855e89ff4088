package org.real2sim.exporter.nets;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxConvolutions;
import org.real2sim.exporter.onnx.OnnxLayers;
import org.real2sim.exporter.onnx.Padding;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.resnet.ResNetBackbone;

/**
 * Writes tf-models' {@link DeepLabV3} (inference: running statistics, no dropout) as ONNX operators
 * on NCHW values.
 *
 * <p>Mirrors {@link DeepLabV3#call}: the {@link ResNetWriter#backbone backbone} at output stride 8
 * or 16 under {@code name/backbone}; ASPP with {@code branch_1} (1×1), {@code branch_2..4} (3×3 at
 * the three rates, padding = rate), {@code pool} (GlobalAveragePool, 1×1 conv, BN, ReLU, bilinear
 * resize to the feature size), concatenated on channels in that order, then {@code project} (1×1);
 * {@code head} (3×3, padding 1); {@code classifier} (1×1 with bias); a bilinear resize (half-pixel
 * centres) to the input's H and W, read from the input at run time. Conv + BN pairs are folded as
 * in {@link ResNetWriter}. Any H and W of at least 1 work; the logits always have the input's size.
 */
public final class DeepLabV3Writer {

  private DeepLabV3Writer() {}

  /**
   * Writes the network {@code name} with architecture {@code c}.
   *
   * @param x NCHW float32 in the network's normalisation
   * @return logits [N, numClasses, H, W] at the input's size
   */
  public static String write(
      OnnxContext ctx, String x, WeightSet w, String name, DeepLabV3.Config c) {
    ResNetBackbone b = new ResNetBackbone(c.depth(), c.width(), c.inChannels());
    String what =
        "DeepLabV3-ResNet-"
            + c.depth()
            + " "
            + name
            + " (width "
            + c.width()
            + ", ASPP "
            + c.asppChannels()
            + ", output stride "
            + c.outputStride()
            + ")";
    String features =
        ResNetWriter.backbone(ctx, x, w, name + "/backbone", b, c.outputStride(), what);
    int ch = c.asppChannels();
    int in = b.outChannels();
    String aspp = name + "/aspp";
    List<String> branches = new ArrayList<>();
    branches.add(convBnRelu(ctx, features, w, aspp + "/branch_1", 1, in, ch, 1, what));
    for (int i = 0; i < 3; i++) {
      int rate = c.asppRates().get(i);
      branches.add(
          convBnRelu(ctx, features, w, aspp + "/branch_" + (i + 2), 3, in, ch, rate, what));
    }
    String pool = aspp + "/pool";
    String p = OnnxLayers.globalAveragePool(ctx, features, pool + "/mean");
    p = convBnRelu(ctx, p, w, pool, 1, in, ch, 1, what);
    branches.add(OnnxLayers.resizeBilinearLike(ctx, p, features, pool + "/resize"));
    String cat = OnnxLayers.concat(ctx, branches, aspp + "/concat");
    String h = convBnRelu(ctx, cat, w, aspp + "/project", 1, 5 * ch, ch, 1, what);
    // Dropout is training-only: its step counter (which keys the stateless masks) has no layer
    // here.
    if (w.containsKey(aspp + "/project/dropout_step")) {
      w.require(
          aspp + "/project/dropout_step", new long[0], "the training-only dropout step counter");
    }
    h = convBnRelu(ctx, h, w, name + "/head", 3, ch, ch, 1, what);
    String cls = name + "/classifier";
    String withClasses = what + " with " + c.numClasses() + " classes";
    w.require(cls + "/kernel", new long[] {1, 1, ch, c.numClasses()}, withClasses);
    w.require(cls + "/bias", new long[] {c.numClasses()}, withClasses);
    h = OnnxConvolutions.conv2d(ctx, h, w, cls, 1, Padding.valid());
    return OnnxLayers.resizeBilinearLike(ctx, h, x, name + "/upsample");
  }

  private static String convBnRelu(
      OnnxContext ctx,
      String x,
      WeightSet w,
      String unit,
      int kernel,
      int in,
      int out,
      int dilation,
      String what) {
    int padding = kernel == 1 ? 0 : dilation;
    String h =
        ResNetWriter.convBn(
            ctx, x, w, unit + "/conv", unit + "/bn", kernel, in, out, 1, padding, dilation, what);
    return OnnxLayers.relu(ctx, h, unit + "/relu");
  }
}

package org.real2sim.exporter.nets;

import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxConvolutions;
import org.real2sim.exporter.onnx.OnnxLayers;
import org.real2sim.exporter.onnx.Padding;
import org.real2sim.models.nn.BatchNorm;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.ResNetBackbone;

/**
 * Writes tf-models' {@link ResNetBackbone} and {@link ResNet} classifier as ONNX operators on NCHW
 * values.
 *
 * <p>Every convolution is followed by inference batch norm in TensorFlow ({@code x·scale + shift}
 * with the running statistics); here the two are folded into one {@code Conv} (weights and bias
 * computed in double precision, {@link OnnxConvolutions#conv2dBatchNorm}), with epsilon {@link
 * BatchNorm#EPSILON}. Atrous convolutions, which TensorFlow runs as SpaceToBatchND + conv +
 * BatchToSpaceND, are a plain {@code Conv} with {@code dilations} and {@code pads} equal to the
 * rate. The stem's max pool pads with −∞ as TensorFlow does. Any H and W of at least 1 work.
 */
public final class ResNetWriter {

  private ResNetWriter() {}

  /** Blocks per stage of each depth, as torchvision (and {@link ResNetBackbone}). */
  static int[] blocks(int depth) {
    return switch (depth) {
      case 18 -> new int[] {2, 2, 2, 2};
      case 34, 50 -> new int[] {3, 4, 6, 3};
      case 101 -> new int[] {3, 4, 23, 3};
      default ->
          throw new ExportException(
              "ResNet depth must be one of " + ResNetBackbone.DEPTHS + ", found " + depth);
    };
  }

  /**
   * Writes the classifier: the backbone at output stride 32 under {@code name}, global average
   * pool, flatten and the dense layer {@code name/fc}.
   *
   * @param x NCHW float32 in the network's normalisation
   * @return logits [N, numClasses]
   */
  public static String classifier(
      OnnxContext ctx, String x, WeightSet w, String name, ResNet.Config c) {
    ResNetBackbone b = new ResNetBackbone(c.depth(), c.width(), c.inChannels(), c.stem());
    String what = describe(name, c.depth(), c.width());
    String f = backbone(ctx, x, w, name, b, 32, what);
    String pooled = OnnxLayers.globalAveragePool(ctx, f, name + "/pool");
    String flat = OnnxLayers.flatten(ctx, pooled, name + "/flatten");
    w.require(
        name + "/fc/kernel",
        new long[] {b.outChannels(), c.numClasses()},
        what + " with " + c.numClasses() + " classes");
    w.require(
        name + "/fc/bias",
        new long[] {c.numClasses()},
        what + " with " + c.numClasses() + " classes");
    return OnnxLayers.dense(ctx, flat, w, name + "/fc");
  }

  /**
   * Writes the backbone whose variables live under {@code prefix} (the network name for a
   * classifier, {@code name/backbone} in DeepLab).
   *
   * @param outputStride 32, 16 or 8 (the last one or two stages dilated instead of strided)
   * @param what the network, for messages
   * @return the feature map [N, outChannels, ⌈H/os⌉, ⌈W/os⌉]
   */
  public static String backbone(
      OnnxContext ctx,
      String x,
      WeightSet w,
      String prefix,
      ResNetBackbone b,
      int outputStride,
      String what) {
    boolean[] dilate =
        switch (outputStride) {
          case 32 -> new boolean[] {false, false, false, false};
          case 16 -> new boolean[] {false, false, false, true};
          case 8 -> new boolean[] {false, false, true, true};
          default ->
              throw new ExportException(
                  "outputStride must be one of [8, 16, 32], found " + outputStride);
        };
    int[] blocks = blocks(b.depth());
    int width = b.width();
    String h =
        convBn(
            ctx,
            x,
            w,
            prefix + "/stem/conv",
            prefix + "/stem/bn",
            b.stem().kernel(),
            b.inChannels(),
            width,
            b.stem().stride(),
            b.stem().padding(),
            1,
            what);
    h = OnnxLayers.relu(ctx, h, prefix + "/stem/relu");
    if (b.stem().maxPool()) {
      h = OnnxLayers.maxPool(ctx, h, 3, 2, Padding.symmetric(1), prefix + "/stem/pool");
    }
    int inplanes = width;
    int dilation = 1;
    for (int s = 0; s < 4; s++) {
      String layer = prefix + "/layer_" + (s + 1);
      int planes = width << s;
      int stride = s == 0 ? 1 : 2;
      int previousDilation = dilation;
      if (dilate[s]) {
        dilation *= stride;
        stride = 1;
      }
      for (int i = 0; i < blocks[s]; i++) {
        String path = layer + "/block_" + (i + 1);
        h =
            i == 0
                ? block(ctx, h, w, b, path, inplanes, planes, stride, previousDilation, what)
                : block(ctx, h, w, b, path, planes * b.expansion(), planes, 1, dilation, what);
      }
      inplanes = planes * b.expansion();
    }
    return h;
  }

  private static String block(
      OnnxContext ctx,
      String x,
      WeightSet w,
      ResNetBackbone b,
      String path,
      int inplanes,
      int planes,
      int stride,
      int dilation,
      String what) {
    String h;
    if (b.expansion() == 4) {
      h = unit(ctx, x, w, path, "1", 1, inplanes, planes, 1, 1, what);
      h = OnnxLayers.relu(ctx, h, path + "/relu_1");
      h = unit(ctx, h, w, path, "2", 3, planes, planes, stride, dilation, what);
      h = OnnxLayers.relu(ctx, h, path + "/relu_2");
      h = unit(ctx, h, w, path, "3", 1, planes, planes * 4, 1, 1, what);
    } else {
      h = unit(ctx, x, w, path, "1", 3, inplanes, planes, stride, dilation, what);
      h = OnnxLayers.relu(ctx, h, path + "/relu_1");
      h = unit(ctx, h, w, path, "2", 3, planes, planes, 1, 1, what);
    }
    String shortcut = x;
    int out = planes * b.expansion();
    if (stride != 1 || inplanes != out) {
      shortcut =
          convBn(
              ctx,
              x,
              w,
              path + "/shortcut/conv",
              path + "/shortcut/bn",
              1,
              inplanes,
              out,
              stride,
              0,
              1,
              what);
    }
    return OnnxLayers.relu(ctx, OnnxLayers.add(ctx, h, shortcut, path + "/add"), path + "/relu");
  }

  private static String unit(
      OnnxContext ctx,
      String x,
      WeightSet w,
      String path,
      String index,
      int kernel,
      int in,
      int out,
      int stride,
      int dilation,
      String what) {
    int padding = kernel == 1 ? 0 : dilation;
    return convBn(
        ctx,
        x,
        w,
        path + "/conv_" + index,
        path + "/bn_" + index,
        kernel,
        in,
        out,
        stride,
        padding,
        dilation,
        what);
  }

  /**
   * A bias-free convolution with PyTorch padding followed by inference batch norm, folded; the
   * weights' shapes are checked first.
   */
  static String convBn(
      OnnxContext ctx,
      String x,
      WeightSet w,
      String convPath,
      String bnPath,
      int kernel,
      int in,
      int out,
      int stride,
      int padding,
      int dilation,
      String what) {
    w.require(convPath + "/kernel", new long[] {kernel, kernel, in, out}, what);
    for (String leaf : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
      w.require(bnPath + "/" + leaf, new long[] {out}, what);
    }
    return OnnxConvolutions.conv2dBatchNorm(
        ctx,
        x,
        w,
        convPath,
        bnPath,
        stride,
        padding == 0 ? Padding.valid() : Padding.symmetric(padding),
        dilation,
        BatchNorm.EPSILON);
  }

  static String describe(String name, int depth, int width) {
    return "ResNet-" + depth + " " + name + " (width " + width + ")";
  }
}

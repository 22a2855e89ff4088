package org.real2sim.exporter.nets;

import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxLayers;
import org.real2sim.exporter.onnx.Padding;
import org.real2sim.exporter.onnx.TransposeGeometry;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.nn.Layers;

/**
 * Writes tf-models' {@link ResnetGenerator} as ONNX operators, layer for layer, on NCHW values.
 *
 * <p>Mirrors {@link ResnetGenerator#call}: {@code in} (reflect pad 3, 7×7 conv, instance norm,
 * ReLU), {@code down_1}/{@code down_2} (3×3 stride-2 conv with zero padding 1, IN, ReLU), {@code
 * res_1..n} (x + [reflect pad 1, conv_1, IN, ReLU, reflect pad 1, conv_2, IN]), {@code up_1}/{@code
 * up_2} (3×3 stride-2 ConvTranspose, pads 1, output padding 1, IN, ReLU), {@code out} (reflect pad
 * 3, 7×7 conv written as {@link OnnxLayers#conv2dSpaceToDepth}, tanh). Instance norm is ONNX {@code
 * InstanceNormalization} with scale 1, bias 0 and epsilon {@link Layers#INSTANCE_NORM_EPSILON};
 * every convolution has its bias.
 *
 * <p>Size: H and W must be multiples of 4 for the output to have the input's size (two stride-2
 * stages), and at least 8, because the residual blocks reflect-pad by 1 at a quarter of the input
 * size and reflection needs a side longer than the pad.
 */
public final class ResnetGeneratorWriter {

  /** The smallest side the generator accepts: a quarter of it must exceed the reflect pad of 1. */
  public static final int MIN_SIDE = 8;

  /** H and W must be multiples of this (two stride-2 down-samplings, two 2× up-samplings). */
  public static final int SIDE_MULTIPLE = 4;

  private ResnetGeneratorWriter() {}

  /**
   * Writes the generator {@code name} with architecture {@code c}.
   *
   * @param x NCHW float32 in [−1, 1], {@code c.inChannels()} channels
   * @param w the weights; every one under {@code name} is checked against {@code c}'s shapes
   * @return the NCHW output in [−1, 1] (tanh), {@code c.outChannels()} channels
   * @throws org.real2sim.exporter.ExportException when a weight is missing or misshapen
   */
  public static String write(
      OnnxContext ctx, String x, WeightSet w, String name, ResnetGenerator.Config c) {
    int ngf = c.ngf();
    String what = "generator " + name + " (ngf " + ngf + ", " + c.nBlocks() + " blocks)";
    String h = OnnxLayers.reflectPad(ctx, x, 3, name + "/in/pad");
    h = convNormRelu(ctx, h, w, name + "/in", 7, c.inChannels(), ngf, 1, Padding.valid(), what);
    h = convNormRelu(ctx, h, w, name + "/down_1", 3, ngf, 2 * ngf, 2, Padding.symmetric(1), what);
    h =
        convNormRelu(
            ctx, h, w, name + "/down_2", 3, 2 * ngf, 4 * ngf, 2, Padding.symmetric(1), what);
    for (int i = 1; i <= c.nBlocks(); i++) {
      h = residual(ctx, h, w, name + "/res_" + i, 4 * ngf, what);
    }
    h = upNormRelu(ctx, h, w, name + "/up_1", 4 * ngf, 2 * ngf, what);
    h = upNormRelu(ctx, h, w, name + "/up_2", 2 * ngf, ngf, what);
    String out = name + "/out";
    h = OnnxLayers.reflectPad(ctx, h, 3, out + "/pad");
    // The 7×7 convolution to 3 channels on a space-to-depth view (a 4×4 one to 12 channels):
    // same result, and ORT runs it ~2× faster than the thin original (docs/perf.md).
    w.require(out + "/kernel", new long[] {7, 7, ngf, c.outChannels()}, what);
    w.require(out + "/bias", new long[] {c.outChannels()}, what);
    h = OnnxLayers.conv2dSpaceToDepth(ctx, h, w, out);
    return OnnxLayers.tanh(ctx, h, out + "/tanh");
  }

  private static String residual(
      OnnxContext ctx, String x, WeightSet w, String path, int channels, String what) {
    String h = OnnxLayers.reflectPad(ctx, x, 1, path + "/pad_1");
    h = conv(ctx, h, w, path + "/conv_1", 3, channels, channels, 1, Padding.valid(), what);
    h = norm(ctx, h, channels, path + "/conv_1");
    h = OnnxLayers.relu(ctx, h, path + "/relu");
    h = OnnxLayers.reflectPad(ctx, h, 1, path + "/pad_2");
    h = conv(ctx, h, w, path + "/conv_2", 3, channels, channels, 1, Padding.valid(), what);
    h = norm(ctx, h, channels, path + "/conv_2");
    return OnnxLayers.add(ctx, x, h, path + "/add");
  }

  private static String convNormRelu(
      OnnxContext ctx,
      String x,
      WeightSet w,
      String path,
      int k,
      int in,
      int out,
      int stride,
      Padding padding,
      String what) {
    String h = conv(ctx, x, w, path, k, in, out, stride, padding, what);
    return OnnxLayers.relu(ctx, norm(ctx, h, out, path), path + "/relu");
  }

  private static String upNormRelu(
      OnnxContext ctx, String x, WeightSet w, String path, int in, int out, String what) {
    w.require(path + "/kernel", new long[] {3, 3, out, in}, what);
    w.require(path + "/bias", new long[] {out}, what);
    String h = OnnxLayers.conv2dTranspose(ctx, x, w, path, 2, TransposeGeometry.pytorch(1, 1));
    return OnnxLayers.relu(ctx, norm(ctx, h, out, path), path + "/relu");
  }

  private static String conv(
      OnnxContext ctx,
      String x,
      WeightSet w,
      String path,
      int k,
      int in,
      int out,
      int stride,
      Padding padding,
      String what) {
    w.require(path + "/kernel", new long[] {k, k, in, out}, what);
    w.require(path + "/bias", new long[] {out}, what);
    return OnnxLayers.conv2d(ctx, x, w, path, stride, padding);
  }

  private static String norm(OnnxContext ctx, String x, int channels, String path) {
    return OnnxLayers.instanceNorm(ctx, x, channels, Layers.INSTANCE_NORM_EPSILON, path + "/norm");
  }
}

package org.real2sim.exporter.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.models.nn.Weights;

/**
 * Writers for convolutions, the weighted layers of the networks: {@code Conv} (optionally with a
 * batch norm folded in, or on a space-to-depth view), {@code ConvTranspose}. Weights come in
 * TensorFlow layout and are transposed here, as described in {@link OnnxLayers}.
 */
public final class OnnxConvolutions {

  private OnnxConvolutions() {}

  /**
   * Conv2D: {@code kernel} [kh, kw, in, out] (+ optional {@code bias} [out]) under {@code path},
   * square {@code stride} and {@code dilation}, the given padding. Output [N, out, H', W'].
   */
  public static String conv2d(
      OnnxContext ctx,
      String x,
      Map<String, Weights> w,
      String path,
      int stride,
      Padding padding,
      int dilation) {
    Weights k =
        OnnxLayers.require(w, path + "/kernel", 4, "a convolution kernel [kh, kw, in, out]");
    return convNode(
        ctx,
        x,
        path,
        toOihw(k),
        k.shape(),
        OnnxLayers.optionalBias(w, path, (int) k.shape()[3]),
        stride,
        padding,
        dilation);
  }

  /**
   * A stride-1 VALID {@code k × k} convolution (k odd) computed on a space-to-depth view of its
   * input: {@code SpaceToDepth(2)}, a {@code (k/2 + 1)²} convolution from {@code 4·in} to {@code
   * 4·out} channels, {@code DepthToSpace(2, DCR)}. The same sums as the plain convolution (up to
   * float rounding order), with a kernel shaped for a GEMM instead of a thin {@code out}-channel
   * one: the generator's last 7×7 convolution to 3 channels ran at a fraction of the machine's
   * speed in ONNX Runtime. Output pixel {@code (2i+p, 2j+q)} of channel {@code o} is channel {@code
   * (2p+q)·out + o} of the small convolution at {@code (i, j)}; its kernel tap {@code (t, u)} on
   * input channel {@code (2r+s)·in + c} is the original tap {@code (2t+r−p, 2u+s−q)} (zero outside
   * the kernel).
   *
   * @param x NCHW input whose height and width minus {@code k − 1} are even (the output's size)
   */
  public static String conv2dSpaceToDepth(
      OnnxContext ctx, String x, Map<String, Weights> w, String path) {
    Weights k =
        OnnxLayers.require(w, path + "/kernel", 4, "a convolution kernel [kh, kw, in, out]");
    long[] shape = k.shape();
    int kh = (int) shape[0];
    int in = (int) shape[2];
    int out = (int) shape[3];
    if (kh != shape[1] || kh % 2 == 0) {
      throw new ExportException(
          path + ": space-to-depth needs a square odd kernel, found " + Arrays.toString(shape));
    }
    float[] bias = OnnxLayers.optionalBias(w, path, out);
    float[][] split = spaceToDepthKernel(k.values(), kh, in, out);
    int k2 = kh / 2 + 1;
    String s2d =
        ctx.node(OnnxOp.SPACE_TO_DEPTH, List.of(x), Map.of("blocksize", 2L), path + "/s2d");
    float[] bias4 = null;
    if (bias != null) {
      bias4 = new float[4 * out];
      for (int pq = 0; pq < 4; pq++) {
        System.arraycopy(bias, 0, bias4, pq * out, out);
      }
    }
    String y =
        convNode(
            ctx,
            s2d,
            path + "/s2d_conv",
            split[0],
            new long[] {k2, k2, 4L * in, 4L * out},
            bias4,
            1,
            Padding.valid(),
            1);
    return ctx.node(
        OnnxOp.DEPTH_TO_SPACE, List.of(y), Map.of("blocksize", 2L, "mode", "DCR"), path + "/d2s");
  }

  /**
   * The space-to-depth kernel of {@link #conv2dSpaceToDepth} in OIHW order, {@code [4·out, 4·in,
   * k/2+1, k/2+1]}, from a TF kernel {@code [k, k, in, out]} (returned as the only element).
   */
  static float[][] spaceToDepthKernel(float[] hwio, int k, int in, int out) {
    int k2 = k / 2 + 1;
    int o4 = 4 * out;
    int i4 = 4 * in;
    float[] dst = new float[o4 * i4 * k2 * k2];
    for (int p = 0; p < 2; p++) {
      for (int q = 0; q < 2; q++) {
        for (int o = 0; o < out; o++) {
          int oo = (2 * p + q) * out + o;
          for (int r = 0; r < 2; r++) {
            for (int s = 0; s < 2; s++) {
              for (int c = 0; c < in; c++) {
                int ii = (2 * r + s) * in + c;
                for (int t = 0; t < k2; t++) {
                  int a = 2 * t + r - p;
                  if (a < 0 || a >= k) {
                    continue;
                  }
                  for (int u = 0; u < k2; u++) {
                    int b = 2 * u + s - q;
                    if (b < 0 || b >= k) {
                      continue;
                    }
                    dst[((oo * i4 + ii) * k2 + t) * k2 + u] =
                        hwio[((a * k + b) * in + c) * out + o];
                  }
                }
              }
            }
          }
        }
      }
    }
    return new float[][] {dst};
  }

  /**
   * Conv2D with dilation 1; see {@link #conv2d(OnnxContext, String, Map, String, int, Padding,
   * int)}.
   */
  public static String conv2d(
      OnnxContext ctx, String x, Map<String, Weights> w, String path, int stride, Padding padding) {
    return conv2d(ctx, x, w, path, stride, padding, 1);
  }

  /**
   * Conv2D followed by inference batch norm, folded into one Conv: with {@code s = gamma / sqrt(var
   * + epsilon)} per output channel, weights {@code W·s} and bias {@code (b − mean)·s + beta}
   * (computed in double precision). Convolution weights under {@code convPath}, batch norm under
   * {@code bnPath}.
   */
  public static String conv2dBatchNorm(
      OnnxContext ctx,
      String x,
      Map<String, Weights> w,
      String convPath,
      String bnPath,
      int stride,
      Padding padding,
      int dilation,
      float epsilon) {
    Weights k =
        OnnxLayers.require(w, convPath + "/kernel", 4, "a convolution kernel [kh, kw, in, out]");
    int out = (int) k.shape()[3];
    float[][] bn = OnnxLayers.batchNormParams(w, bnPath, out);
    float[] bias = OnnxLayers.optionalBias(w, convPath, out);
    float[] oihw = toOihw(k);
    int per = oihw.length / out;
    float[] fusedBias = new float[out];
    for (int o = 0; o < out; o++) {
      double s = bn[0][o] / Math.sqrt((double) bn[3][o] + epsilon);
      for (int i = 0; i < per; i++) {
        oihw[o * per + i] = (float) (oihw[o * per + i] * s);
      }
      double b = bias == null ? 0 : bias[o];
      fusedBias[o] = (float) ((b - bn[2][o]) * s + bn[1][o]);
    }
    return convNode(ctx, x, convPath, oihw, k.shape(), fusedBias, stride, padding, dilation);
  }

  private static String convNode(
      OnnxContext ctx,
      String x,
      String path,
      float[] oihw,
      long[] tfShape,
      float[] bias,
      int stride,
      Padding padding,
      int dilation) {
    OnnxLayers.checkPositive(path, "stride", stride);
    OnnxLayers.checkPositive(path, "dilation", dilation);
    long kh = tfShape[0];
    long kw = tfShape[1];
    long in = tfShape[2];
    long out = tfShape[3];
    List<String> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.add(ctx.weight(path + "/kernel", new long[] {out, in, kh, kw}, oihw));
    if (bias != null) {
      inputs.add(ctx.weight(path + "/bias", new long[] {out}, bias));
    }
    Map<String, Object> attrs = new HashMap<>(padding.attributes());
    attrs.put("kernel_shape", new long[] {kh, kw});
    attrs.put("strides", new long[] {stride, stride});
    attrs.put("dilations", new long[] {dilation, dilation});
    return ctx.node(OnnxOp.CONV, inputs, attrs, path);
  }

  /**
   * Transposed Conv2D: {@code kernel} [kh, kw, out, in] (+ optional {@code bias} [out]) under
   * {@code path}, square {@code stride}, dilation 1, output position given by {@code geometry}.
   * Output size {@code stride·(in − 1) + k + outputPadding − padBegin − padEnd} per axis.
   */
  public static String convTranspose(
      OnnxContext ctx,
      String x,
      Map<String, Weights> w,
      String path,
      int stride,
      TransposeGeometry geometry) {
    OnnxLayers.checkPositive(path, "stride", stride);
    if (geometry.outputPadding() >= stride) {
      throw new ExportException(
          "Transposed convolution "
              + path
              + ": output padding "
              + geometry.outputPadding()
              + " must be smaller than the stride "
              + stride);
    }
    Weights k =
        OnnxLayers.require(
            w, path + "/kernel", 4, "a transposed-convolution kernel [kh, kw, out, in]");
    long kh = k.shape()[0];
    long kw = k.shape()[1];
    long out = k.shape()[2];
    long in = k.shape()[3];
    float[] iohw = new float[k.size()];
    float[] src = k.values();
    for (int y = 0; y < kh; y++) {
      for (int xx = 0; xx < kw; xx++) {
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            iohw[(int) (((i * out + o) * kh + y) * kw + xx)] =
                src[(int) (((y * kw + xx) * out + o) * in + i)];
          }
        }
      }
    }
    List<String> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.add(ctx.weight(path + "/kernel", new long[] {in, out, kh, kw}, iohw));
    float[] bias = OnnxLayers.optionalBias(w, path, (int) out);
    if (bias != null) {
      inputs.add(ctx.weight(path + "/bias", new long[] {out}, bias));
    }
    Map<String, Object> attrs = new HashMap<>(geometry.pads().attributes());
    attrs.put("kernel_shape", new long[] {kh, kw});
    attrs.put("strides", new long[] {stride, stride});
    attrs.put("output_padding", new long[] {geometry.outputPadding(), geometry.outputPadding()});
    return ctx.node(OnnxOp.CONV_TRANSPOSE, inputs, attrs, path);
  }

  /** TF [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw]. */
  static float[] toOihw(Weights k) {
    int kh = (int) k.shape()[0];
    int kw = (int) k.shape()[1];
    int in = (int) k.shape()[2];
    int out = (int) k.shape()[3];
    float[] src = k.values();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return dst;
  }
}

package org.real2sim.exporter.bundle;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.onnx.ImageStages;
import org.real2sim.exporter.onnx.ImageStages.PixelRange;
import org.real2sim.exporter.onnx.OnnxContext;
import org.real2sim.exporter.onnx.OnnxContext.WeightPrecision;
import org.real2sim.exporter.onnx.OnnxConvolutions;
import org.real2sim.exporter.onnx.OnnxLayers;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.exporter.onnx.OnnxModels.ModelOptions;
import org.real2sim.exporter.onnx.Padding;
import org.real2sim.exporter.onnx.TestWeights;
import org.real2sim.exporter.onnx.TfLayers;
import org.real2sim.exporter.onnx.TransposeGeometry;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.Task;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * A hand-assembled stand-in for the deployed pipeline, written twice from the same seeded weights:
 * as ONNX with the exporter's writers, and as TensorFlow raw ops (the reference).
 *
 * <p>G ("g_rs", ngf 4): reflect-pad 1, 3×3 conv, IN, ReLU; 3×3 stride-2 conv (PyTorch p=1), IN,
 * ReLU; 3×3 stride-2 transposed conv (PyTorch p=1, op=1), IN, ReLU; reflect-pad 1, 3×3 conv to 3
 * channels, tanh. Then the adapter to ImageNet normalisation. Segmentation f ("expert"): 3×3 conv
 * with batch norm folded, ReLU, 3×3/2 max pool (p=1), dilated 3×3 conv (rate 2) with batch norm,
 * ReLU, 1×1 conv to K, bilinear upsampling to the input size. Classification f: 3×3 stride-2 conv,
 * batch norm, ReLU, global average pool, dense to K.
 */
final class TinyPipeline {

  static final double[] MEAN = {0.485, 0.456, 0.406};
  static final double[] STD = {0.229, 0.224, 0.225};
  static final float EPS_IN = 1e-5f;
  static final float EPS_BN = 1e-5f;

  final Task task;
  final int numClasses;
  final Map<String, Weights> w = new LinkedHashMap<>();

  TinyPipeline(Task task, int numClasses, long seed) {
    this.task = task;
    this.numClasses = numClasses;
    TestWeights t = new TestWeights(seed, w);
    t.conv("g_rs/in/conv", 3, 3, 4, true)
        .conv("g_rs/down_1/conv", 3, 4, 8, true)
        .convTranspose("g_rs/up_1/conv", 3, 8, 4, true)
        .conv("g_rs/out/conv", 3, 4, 3, true);
    if (task == Task.SEGMENTATION) {
      t.conv("expert/stem/conv", 3, 3, 6, false)
          .batchNorm("expert/stem/bn", 6)
          .conv("expert/aspp/conv", 3, 6, 6, false)
          .batchNorm("expert/aspp/bn", 6)
          .conv("expert/head/conv", 1, 6, numClasses, true);
    } else {
      t.conv("expert/stem/conv", 3, 3, 6, false)
          .batchNorm("expert/stem/bn", 6)
          .dense("expert/fc", 6, numClasses);
    }
  }

  /** The fused ONNX pipeline: image → pre → G → adapter → f → outputs (+ translated). */
  ModelProto onnx(WeightPrecision precision, Map<String, String> metadata) {
    OnnxContext ctx = new OnnxContext("real2sim_tiny", 17, precision);
    String image = ImageStages.imageInput(ctx, "N", "H", "W");
    String x = ImageStages.toNchw(ctx, image, PixelRange.SYMMETRIC);
    x = OnnxLayers.reflectPad(ctx, x, 1, "g_rs/in/pad");
    x = OnnxConvolutions.conv2d(ctx, x, w, "g_rs/in/conv", 1, Padding.valid());
    x =
        OnnxLayers.relu(
            ctx, OnnxLayers.instanceNorm(ctx, x, 4, EPS_IN, "g_rs/in/norm"), "g_rs/in/relu");
    x = OnnxConvolutions.conv2d(ctx, x, w, "g_rs/down_1/conv", 2, Padding.symmetric(1));
    x =
        OnnxLayers.relu(
            ctx,
            OnnxLayers.instanceNorm(ctx, x, 8, EPS_IN, "g_rs/down_1/norm"),
            "g_rs/down_1/relu");
    x =
        OnnxConvolutions.convTranspose(
            ctx, x, w, "g_rs/up_1/conv", 2, TransposeGeometry.pytorch(1, 1));
    x =
        OnnxLayers.relu(
            ctx, OnnxLayers.instanceNorm(ctx, x, 4, EPS_IN, "g_rs/up_1/norm"), "g_rs/up_1/relu");
    x = OnnxLayers.reflectPad(ctx, x, 1, "g_rs/out/pad");
    String g =
        OnnxLayers.tanh(
            ctx,
            OnnxConvolutions.conv2d(ctx, x, w, "g_rs/out/conv", 1, Padding.valid()),
            "g_rs/tanh");
    ImageStages.translatedOutput(ctx, g, "N", "H", "W");
    String a = ImageStages.normalize(ctx, g, PixelRange.SYMMETRIC, MEAN, STD);
    if (task == Task.SEGMENTATION) {
      String f =
          OnnxConvolutions.conv2dBatchNorm(
              ctx, a, w, "expert/stem/conv", "expert/stem/bn", 1, Padding.symmetric(1), 1, EPS_BN);
      f = OnnxLayers.relu(ctx, f, "expert/stem/relu");
      f = OnnxLayers.maxPool(ctx, f, 3, 2, Padding.symmetric(1), "expert/pool");
      f = OnnxConvolutions.conv2d(ctx, f, w, "expert/aspp/conv", 1, Padding.symmetric(2), 2);
      f =
          OnnxLayers.relu(
              ctx, OnnxLayers.batchNorm(ctx, f, w, "expert/aspp/bn", EPS_BN), "expert/aspp/relu");
      f = OnnxConvolutions.conv2d(ctx, f, w, "expert/head/conv", 1, Padding.valid());
      f = OnnxLayers.resizeBilinearLike(ctx, f, a, "expert/upsample");
      ImageStages.segmentationOutputs(ctx, f, numClasses, true, "N", "H", "W");
    } else {
      String f = OnnxConvolutions.conv2d(ctx, a, w, "expert/stem/conv", 2, Padding.symmetric(1));
      f =
          OnnxLayers.relu(
              ctx, OnnxLayers.batchNorm(ctx, f, w, "expert/stem/bn", EPS_BN), "expert/stem/relu");
      f =
          OnnxLayers.flatten(
              ctx, OnnxLayers.globalAveragePool(ctx, f, "expert/gap"), "expert/flat");
      f = OnnxLayers.dense(ctx, f, w, "expert/fc");
      ImageStages.classificationOutputs(ctx, f, numClasses, true, "N");
    }
    return OnnxModels.assemble(
        ctx, ModelOptions.defaults(), metadata, "tiny real2sim pipeline for tests");
  }

  /**
   * The TensorFlow reference on a uint8 NHWC batch of {@code h × w} images; returns [scores (NHWC
   * softmax, or [N, K]), translated uint8 NHWC].
   */
  List<Operand<? extends TType>> tf(Ops tf, Operand<TUint8> image, int h, int w) {
    Operand<TFloat32> x = TfLayers.pre(tf, image, true);
    x = TfLayers.pad(tf, x, "reflect", 1, 1, 1, 1);
    x = TfLayers.conv(tf, x, this.w, "g_rs/in/conv", 1, Padding.valid(), 1);
    x = tf.nn.relu(TfLayers.instanceNorm(tf, x, EPS_IN));
    x = TfLayers.conv(tf, x, this.w, "g_rs/down_1/conv", 2, Padding.symmetric(1), 1);
    x = tf.nn.relu(TfLayers.instanceNorm(tf, x, EPS_IN));
    int n = (int) image.shape().get(0);
    x =
        TfLayers.convTranspose(
            tf, x, this.w, "g_rs/up_1/conv", 2, TransposeGeometry.pytorch(1, 1), false, n, h, w);
    x = tf.nn.relu(TfLayers.instanceNorm(tf, x, EPS_IN));
    x = TfLayers.pad(tf, x, "reflect", 1, 1, 1, 1);
    Operand<TFloat32> g =
        tf.math.tanh(TfLayers.conv(tf, x, this.w, "g_rs/out/conv", 1, Padding.valid(), 1));
    Operand<TFloat32> a = TfLayers.normalize(tf, g, true, MEAN, STD);
    List<Operand<? extends TType>> out = new ArrayList<>();
    if (task == Task.SEGMENTATION) {
      Operand<TFloat32> f =
          TfLayers.conv(tf, a, this.w, "expert/stem/conv", 1, Padding.symmetric(1), 1);
      f = tf.nn.relu(TfLayers.batchNorm(tf, f, this.w, "expert/stem/bn", EPS_BN));
      f = TfLayers.maxPool(tf, f, 3, 2, Padding.symmetric(1));
      f = TfLayers.conv(tf, f, this.w, "expert/aspp/conv", 1, Padding.symmetric(2), 2);
      f = tf.nn.relu(TfLayers.batchNorm(tf, f, this.w, "expert/aspp/bn", EPS_BN));
      f = TfLayers.conv(tf, f, this.w, "expert/head/conv", 1, Padding.valid(), 1);
      f = TfLayers.resize(tf, f, h, w);
      out.add(tf.nn.softmax(f));
    } else {
      Operand<TFloat32> f =
          TfLayers.conv(tf, a, this.w, "expert/stem/conv", 2, Padding.symmetric(1), 1);
      f = tf.nn.relu(TfLayers.batchNorm(tf, f, this.w, "expert/stem/bn", EPS_BN));
      f = TfLayers.dense(tf, TfLayers.globalAveragePool(tf, f), this.w, "expert/fc");
      out.add(tf.nn.softmax(f));
    }
    out.add(TfLayers.translated(tf, g));
    return out;
  }
}

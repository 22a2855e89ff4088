package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxChecker;
import org.real2sim.exporter.onnx.TfReference;
import org.real2sim.exporter.onnx.TfReference.Out;
import org.real2sim.models.cyclegan.PatchDiscriminator;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.Stem;
import org.real2sim.models.spec.Macs;

/**
 * One test per spec'd network: the TensorFlow graph (tf-models' {@code TfBuilder}) against the ONNX
 * written by {@link OnnxBuilder} in ONNX Runtime, element-wise, and the spec's MAC count against a
 * count by hand.
 */
class OnnxBuilderTest {

  private static final ResnetGenerator.Config CONFIG = new ResnetGenerator.Config(4, 2, 3, 3);

  private static NetFixture.TfNet tf(ResnetGenerator.Config c) {
    return (tf, vars, x) -> new ResnetGenerator(c, "g_rs", vars).call(tf, x);
  }

  private static NetFixture.OnnxNet onnx(ResnetGenerator.Config c) {
    return (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "g_rs", ResnetGenerator.spec(c));
  }

  @Test
  void generatorMatchesTensorFlowElementWiseAndPassesTheChecker(@TempDir Path dir)
      throws Exception {
    Map<String, Weights> w = NetFixture.weights(tf(CONFIG), 11);
    long[] shape = {2, 16, 12, 3};
    float[] x = NetFixture.input(shape, 3);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx(CONFIG), w, 3, false, used);
    OnnxChecker.check(model, dir, "g.onnx");

    Out ref = NetFixture.tf(tf(CONFIG), w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    assertArrayEquals(shape, ref.shape());
    assertArrayEquals(ref.shape(), got.shape());
    double err = TfReference.maxAbsDiff(ref.floats(), got.floats());
    assertTrue(err < 1e-5, "max abs error " + err);
    assertTrue(used[0].unused("g_rs").isEmpty(), "unused " + used[0].unused("g_rs"));
  }

  @Test
  void extraResidualBlockInTheWeightsIsRefusedAsUnsupported() {
    Map<String, Weights> w = NetFixture.weights(tf(CONFIG), 1);
    ResnetGenerator.Config fewer = new ResnetGenerator.Config(4, 1, 3, 3);
    WeightSet[] used = new WeightSet[1];
    NetFixture.onnx(onnx(fewer), w, 3, false, used);

    ExportException e =
        assertThrows(ExportException.class, () -> used[0].requireAllUsed("g_rs", "the generator"));

    assertTrue(e.getMessage().contains("g_rs/res_2/conv_1/kernel"), e.getMessage());
    assertEquals(4, used[0].unused("g_rs").size());
  }

  @Test
  void misshapenKernelIsNamedWithBothShapes() {
    Map<String, Weights> w = new LinkedHashMap<>(NetFixture.weights(tf(CONFIG), 1));
    w.put("g_rs/down_2/kernel", new Weights(new long[] {3, 3, 8, 8}, new float[3 * 3 * 8 * 8]));

    ExportException e =
        assertThrows(ExportException.class, () -> NetFixture.onnx(onnx(CONFIG), w, 3, false, null));

    assertTrue(
        e.getMessage().contains("g_rs/down_2/kernel")
            && e.getMessage().contains("[3, 3, 8, 8]")
            && e.getMessage().contains("[3, 3, 8, 16]"),
        e.getMessage());
  }

  @Test
  void missingBiasIsNamed() {
    Map<String, Weights> w = new LinkedHashMap<>(NetFixture.weights(tf(CONFIG), 1));
    w.remove("g_rs/up_1/bias");

    ExportException e =
        assertThrows(ExportException.class, () -> NetFixture.onnx(onnx(CONFIG), w, 3, false, null));

    assertTrue(e.getMessage().contains("Missing weight 'g_rs/up_1/bias'"), e.getMessage());
  }

  @Test
  void generatorMacsEqualAHandCount() {
    ResnetGenerator.Config c = new ResnetGenerator.Config(2, 1, 3, 3);
    long hand =
        16 * 16 * 3 * 2 * 49 // in: 7x7, 3 -> 2 at 16x16
            + 8 * 8 * 2 * 4 * 9 // down_1: 3x3 stride 2 -> 8x8
            + 4 * 4 * 4 * 8 * 9 // down_2 -> 4x4
            + 2 * (4 * 4 * 8 * 8 * 9) // res_1: two 3x3 at 4x4
            + 4 * 4 * 8 * 4 * 9 // up_1: counted on its 4x4 input grid
            + 8 * 8 * 4 * 2 * 9 // up_2: on 8x8
            + 16 * 16 * 2 * 3 * 49; // out: 7x7 at 16x16
    Macs m = Macs.of(ResnetGenerator.spec(c), 16, 16);
    assertEquals(hand, m.total());
    assertEquals(List.of(3, 16, 16), List.of(m.channels(), m.height(), m.width()));
  }

  @Test
  void discriminatorMatchesTensorFlowElementWiseAndPassesTheChecker(@TempDir Path dir)
      throws Exception {
    PatchDiscriminator.Config c = new PatchDiscriminator.Config(2, 2, 3);
    NetFixture.TfNet tf = (t, vars, x) -> new PatchDiscriminator(c, "d_s", vars).call(t, x);
    NetFixture.OnnxNet onnx =
        (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "d_s", PatchDiscriminator.spec(c));
    Map<String, Weights> w = NetFixture.weights(tf, 12);
    long[] shape = {2, 32, 36, 3};
    float[] x = NetFixture.input(shape, 4);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx, w, 3, false, used);
    OnnxChecker.check(model, dir, "d.onnx");

    Out ref = NetFixture.tf(tf, w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    // 32x36 -> 16x18 -> 8x9 -> 7x8 -> 6x7.
    assertArrayEquals(new long[] {2, 6, 7, 1}, ref.shape());
    assertArrayEquals(ref.shape(), got.shape());
    double err = TfReference.maxAbsDiff(ref.floats(), got.floats());
    assertTrue(err < 1e-5, "max abs error " + err);
    assertTrue(used[0].unused("d_s").isEmpty(), "unused " + used[0].unused("d_s"));
  }

  @Test
  void discriminatorMacsEqualAHandCount() {
    PatchDiscriminator.Config c = new PatchDiscriminator.Config(2, 2, 3);
    long hand =
        16 * 16 * 3 * 2 * 16 // conv_1: 4x4 stride 2 pad 1, 32 -> 16
            + 8 * 8 * 2 * 4 * 16 // conv_2: 16 -> 8
            + 7 * 7 * 4 * 8 * 16 // conv_3: stride 1, 8 -> 7
            + 6 * 6 * 8 * 1 * 16; // out: 7 -> 6
    Macs m = Macs.of(PatchDiscriminator.spec(c), 32, 32);
    assertEquals(hand, m.total());
    assertEquals(List.of(1, 6, 6), List.of(m.channels(), m.height(), m.width()));
  }

  // ---------------------------------------------------------------- ResNet classifiers

  private static NetFixture.TfNet tf(ResNet.Config c) {
    return (tf, vars, x) -> new ResNet(c, "expert", vars).call(tf, x, false);
  }

  private static NetFixture.OnnxNet onnx(ResNet.Config c) {
    return (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "expert", ResNet.spec(c));
  }

  private static void assertMatches(ResNet.Config c, long[] shape, Path dir) throws Exception {
    Map<String, Weights> w = NetFixture.weights(tf(c), c.depth());
    float[] x = NetFixture.input(shape, 5);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx(c), w, 3, true, used);
    OnnxChecker.check(model, dir, "resnet" + c.depth() + ".onnx");

    Out ref = NetFixture.tf(tf(c), w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    assertArrayEquals(new long[] {shape[0], c.numClasses()}, got.shape());
    assertClose(ref, got);
    assertTrue(used[0].unused("expert").isEmpty(), "unused " + used[0].unused("expert"));
  }

  /** Element-wise within 1e-5 of the largest logit (at least 1). */
  private static void assertClose(Out ref, Out got) {
    double scale = 1;
    for (float v : ref.floats()) {
      scale = Math.max(scale, Math.abs(v));
    }
    double err = TfReference.maxAbsDiff(ref.floats(), got.floats());
    assertTrue(err < 1e-5 * scale, "max abs error " + err + " at logit scale " + scale);
  }

  @Test
  void basicBlockResNet18MatchesTensorFlowOnAnOddSize(@TempDir Path dir) throws Exception {
    assertMatches(new ResNet.Config(18, 2, 5, 3), new long[] {2, 21, 18, 3}, dir);
  }

  @Test
  void cifarStemResNet18MatchesTensorFlow(@TempDir Path dir) throws Exception {
    assertMatches(new ResNet.Config(18, 2, 5, 3, Stem.CIFAR), new long[] {2, 13, 10, 3}, dir);
  }

  @Test
  void bottleneckResNet50MatchesTensorFlow(@TempDir Path dir) throws Exception {
    assertMatches(new ResNet.Config(50, 2, 3, 3), new long[] {1, 16, 16, 3}, dir);
  }

  @Test
  void classCountThatContradictsTheWeightsIsRefused() {
    Map<String, Weights> w = NetFixture.weights(tf(new ResNet.Config(18, 2, 5, 3)), 1);
    ResNet.Config four = new ResNet.Config(18, 2, 4, 3);

    ExportException e =
        assertThrows(ExportException.class, () -> NetFixture.onnx(onnx(four), w, 3, true, null));

    assertTrue(
        e.getMessage().contains("expert/fc/kernel")
            && e.getMessage().contains("[16, 5]")
            && e.getMessage().contains("4 classes"),
        e.getMessage());
  }

  @Test
  void resNetBatchNormsAreFoldedIntoTheirConvolutions() {
    ResNet.Config c = new ResNet.Config(18, 2, 5, 3);
    ModelProto m = NetFixture.onnx(onnx(c), NetFixture.weights(tf(c), 1), 3, true, null);
    long convs =
        m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
    // stem + 8 blocks of two + 3 shortcuts, and no BatchNormalization node.
    assertEquals(1 + 16 + 3, convs);
    assertTrue(
        m.getGraph().getNodeList().stream()
            .noneMatch(n -> n.getOpType().equals("BatchNormalization")));
  }

  // ---------------------------------------------------------------- DeepLabV3

  private static NetFixture.TfNet tf(DeepLabV3.Config c) {
    return (tf, vars, x) -> new DeepLabV3(c, "expert", vars).call(tf, x, false);
  }

  private static NetFixture.OnnxNet onnx(DeepLabV3.Config c) {
    return (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "expert", DeepLabV3.spec(c));
  }

  private static void assertMatches(DeepLabV3.Config c, long[] shape, Path dir) throws Exception {
    Map<String, Weights> w = NetFixture.weights(tf(c), c.depth() + c.outputStride());
    float[] x = NetFixture.input(shape, 9);
    WeightSet[] used = new WeightSet[1];
    ModelProto model = NetFixture.onnx(onnx(c), w, 3, false, used);
    OnnxChecker.check(model, dir, "deeplab.onnx");

    Out ref = NetFixture.tf(tf(c), w, shape, x);
    Out got = NetFixture.ort(model, shape, x);

    assertArrayEquals(new long[] {shape[0], shape[1], shape[2], c.numClasses()}, got.shape());
    assertClose(ref, got);
    assertTrue(used[0].unused("expert").isEmpty(), "unused " + used[0].unused("expert"));
  }

  @Test
  void deepLabResNet18AtOutputStride8MatchesTensorFlowOnASizeNotAMultipleOf8(@TempDir Path dir)
      throws Exception {
    assertMatches(
        new DeepLabV3.Config(18, 2, 4, 3, 8, 4, List.of(1, 2, 3), 0.5),
        new long[] {1, 26, 30, 3},
        dir);
  }

  @Test
  void deepLabResNet18AtOutputStride16MatchesTensorFlowOnABatch(@TempDir Path dir)
      throws Exception {
    assertMatches(
        new DeepLabV3.Config(18, 2, 3, 3, 16, 4, List.of(2, 3, 4), 0.5),
        new long[] {2, 32, 32, 3},
        dir);
  }

  @Test
  void deepLabBottleneckResNet50AtOutputStride8MatchesTensorFlow(@TempDir Path dir)
      throws Exception {
    assertMatches(
        new DeepLabV3.Config(50, 2, 3, 3, 8, 4, List.of(2, 3, 4), 0.5),
        new long[] {1, 24, 24, 3},
        dir);
  }
}

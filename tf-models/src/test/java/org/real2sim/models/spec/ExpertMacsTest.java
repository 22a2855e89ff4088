package org.real2sim.models.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.nn.Init;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.Stem;
import org.real2sim.models.spec.CompositeLayers.Parallel;
import org.real2sim.models.spec.CompositeLayers.Scope;
import org.real2sim.models.spec.Layer.Conv;
import org.real2sim.models.spec.Layer.Dense;
import org.real2sim.models.spec.Layer.GlobalAvgPool;
import org.real2sim.models.spec.Layer.MaxPool;
import org.real2sim.models.spec.Layer.ResizeBilinear;

/**
 * The experts' MACs from their specs, against the exporter's {@code NetworkMacs} before the experts
 * were specs (issue 14): {@code golden/expert-macs.txt} holds what it gave for every depth, both
 * stems and both DeepLab output strides on a few sizes; the hand counts and published figures are
 * those of its test.
 */
class ExpertMacsTest {

  private static long classifier(ResNet.Config c, int h, int w) {
    return Macs.of(ResNet.spec(c), h, w).total();
  }

  private static long deepLab(DeepLabV3.Config c, int h, int w) {
    return Macs.of(DeepLabV3.spec(c), h, w).total();
  }

  @Test
  void everyDepthStemAndStrideCountsWhatNetworkMacsCounted() throws IOException {
    String text;
    try (InputStream in = ExpertMacsTest.class.getResourceAsStream("/golden/expert-macs.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int n = 0;
    for (String line : text.strip().split("\n")) {
      String[] f = line.split(" ");
      String[] hw = f[3].split("x");
      int h = Integer.parseInt(hw[0]);
      int w = Integer.parseInt(hw[1]);
      int depth = Integer.parseInt(f[1]);
      long expected = Long.parseLong(f[4]);
      long actual =
          f[0].equals("classifier")
              ? classifier(new ResNet.Config(depth, 64, 10, 3, Stem.valueOf(f[2])), h, w)
              : deepLab(DeepLabV3.Config.of(depth, 21, Integer.parseInt(f[2].substring(2))), h, w);
      assertEquals(expected, actual, line);
      n++;
    }
    assertEquals(56, n);
  }

  @Test
  void resNetClassifiersMatchTorchvisionsPublishedCounts() {
    // torchvision's model table: ResNet-18 1.81 GFLOPS, ResNet-50 4.09 GFLOPS (multiply-adds) at
    // 224x224 with 1000 classes.
    assertEquals(1.81e9, classifier(ResNet.Config.torchvision(18, 1000), 224, 224), 0.01e9);
    assertEquals(4.09e9, classifier(ResNet.Config.torchvision(50, 1000), 224, 224), 0.01e9);
  }

  @Test
  void cifarStemResNet18AtThirtyTwoPixelsMatchesAHandCount() {
    // stem 32*32*9*3*64; layer_1 4 convs of 32*32*9*64*64; layers 2-4 each 8 * 2^20 * 16 (one
    // strided 3x3 conv, three 3x3 convs and a 1x1 shortcut sum to 134,217,728); fc 512*10.
    long hand = 32L * 32 * 9 * 3 * 64 + 4L * 32 * 32 * 9 * 64 * 64 + 3L * 134_217_728 + 512 * 10;
    assertEquals(555_422_720L, hand);
    Macs m = Macs.of(ResNet.spec(new ResNet.Config(18, 64, 10, 3, Stem.CIFAR)), 32, 32);
    assertEquals(hand, m.total());
    assertEquals(List.of(10, 1, 1), List.of(m.channels(), m.height(), m.width()));
  }

  @Test
  void tinyDeepLabMatchesAHandCount() {
    // width 1, 2 classes, stride 8, ASPP 2 channels, 8x8 input. Backbone: stem 4x4·49·3 = 2352;
    // layer_1 (2x2) 4 convs of 4·9 = 144; layer_2 (1x1) 18 + 36 + shortcut 2 + 72 = 128;
    // layer_3 (dilated) 72 + 144 + 8 + 288 = 512; layer_4 288 + 576 + 32 + 1152 = 2048.
    // Head on 1x1x8: branch_1 16, three atrous 3·144, pool 16, project 20, head 36, classifier 4.
    DeepLabV3.Config c = new DeepLabV3.Config(18, 1, 2, 3, 8, 2, List.of(12, 24, 36), 0.5);
    long backbone = 2352 + 144 + 128 + 512 + 2048;
    long head = 16 + 3 * 144 + 16 + 20 + 36 + 4;
    Macs m = Macs.of(DeepLabV3.spec(c), 8, 8);
    assertEquals(backbone + head, m.total());
    assertEquals(List.of(2, 8, 8), List.of(m.channels(), m.height(), m.width()));
  }

  @Test
  void newLayerKindsFollowPyTorchSizes() {
    // conv 7x7 s2 p3 on 224 -> 112; max pool 3 s2 p1 on 7 -> 4; 3x3 dilation 2 padding 2 on 5 -> 5.
    Macs a = Macs.of(net(3, Conv.of(1, 7).stride(2).pad(3)), 224, 224);
    assertEquals(List.of(112, 112), List.of(a.height(), a.width()));
    assertEquals(List.of(4, 4), sizes(Macs.of(net(1, new MaxPool(3, 2, 1)), 7, 7)));
    Macs d = Macs.of(net(2, Conv.of(3, 3).pad(2).dilate(2)), 5, 6);
    assertEquals(List.of(5, 6), sizes(d));
    assertEquals(5L * 6 * 9 * 2 * 3, d.total());
    // Parallel branches concatenate channels; a branch resize returns to the branch input size;
    // dense counts in*out after a flattening pool.
    Macs p =
        Macs.of(
            net(
                4,
                new Parallel(
                    List.of(
                        Scope.of("a", Conv.of(2, 1)),
                        Scope.of(
                            "b",
                            new GlobalAvgPool(false),
                            Conv.of(3, 1),
                            new ResizeBilinear(ResizeBilinear.Target.BRANCH_INPUT)))),
                new GlobalAvgPool(true),
                new Dense(7)),
            6,
            5);
    assertEquals(6L * 5 * 4 * 2 + 4 * 3 + 5 * 7, p.total());
    assertEquals(List.of(6L * 5 * 4 * 2, 12L, 35L), p.perLayer());
    assertEquals(List.of(7, 1, 1), List.of(p.channels(), p.height(), p.width()));
  }

  private static Net net(int in, Layer... layers) {
    return new Net("test", in, Init.ZEROS, List.of(layers));
  }

  private static List<Integer> sizes(Macs m) {
    return List.of(m.height(), m.width());
  }
}

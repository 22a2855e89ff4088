package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.resnet.ResNet;

class NetworkMacsTest {

  @Test
  void generatorMatchesTheBaselineNotesAt256() {
    // shared/notes/baselines.md: 49.55 G (ngf 64 / 9 blocks) and 9.07 G (ngf 32 / 6) at 256x256.
    assertEquals(
        49.55e9, NetworkMacs.generator(ResnetGenerator.Config.resnet9Blocks(), 256, 256), 0.005e9);
    assertEquals(
        9.07e9,
        NetworkMacs.generator(ResnetGenerator.Config.resnet6BlocksSmall(), 256, 256),
        0.005e9);
  }

  @Test
  void resNetClassifiersMatchTorchvisionsPublishedCounts() {
    // torchvision's model table: ResNet-18 1.81 GFLOPS, ResNet-50 4.09 GFLOPS (multiply-adds) at
    // 224x224 with 1000 classes.
    assertEquals(
        1.81e9, NetworkMacs.classifier(ResNet.Config.torchvision(18, 1000), 224, 224), 0.01e9);
    assertEquals(
        4.09e9, NetworkMacs.classifier(ResNet.Config.torchvision(50, 1000), 224, 224), 0.01e9);
  }

  @Test
  void cifarStemResNet18AtThirtyTwoPixelsMatchesAHandCount() {
    // stem 32*32*9*3*64; layer_1 4 convs of 32*32*9*64*64; layers 2-4 each 8 * 2^20 * 16 (one
    // strided 3x3 conv, three 3x3 convs and a 1x1 shortcut sum to 134,217,728); fc 512*10.
    long hand = 32L * 32 * 9 * 3 * 64 + 4L * 32 * 32 * 9 * 64 * 64 + 3L * 134_217_728 + 512 * 10;
    assertEquals(555_422_720L, hand);
    assertEquals(
        hand,
        NetworkMacs.classifier(
            new ResNet.Config(18, 64, 10, 3, org.real2sim.models.resnet.Stem.CIFAR), 32, 32));
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
    assertEquals(backbone + head, NetworkMacs.deepLab(c, 8, 8));
  }

  @Test
  void convolutionOutputSizeFollowsPyTorch() {
    assertEquals(112, NetworkMacs.out(224, 7, 2, 3, 1));
    assertEquals(4, NetworkMacs.out(7, 3, 2, 1, 1));
    assertEquals(5, NetworkMacs.out(5, 3, 1, 2, 2));
  }
}

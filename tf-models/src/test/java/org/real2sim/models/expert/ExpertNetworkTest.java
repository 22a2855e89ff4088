package org.real2sim.models.expert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.testing.TfGraph;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ExpertNetworkTest {

  @Test
  void classifierAndSegmenterReportTheirTaskAndShapes() {
    try (TfGraph g = new TfGraph(2)) {
      ExpertNetwork cls =
          ExpertNetwork.classifier(
              new ResNet(new ResNet.Config(18, 4, 10, 3), Names.EXPERT, g.vars()),
              Normalization.IMAGENET);
      ExpertNetwork seg =
          ExpertNetwork.segmenter(
              new DeepLabV3(
                  new DeepLabV3.Config(18, 4, 16, 3, 16, 8, List.of(1, 2, 3), 0),
                  Names.F_R,
                  g.vars()),
              Normalization.SYMMETRIC);
      assertEquals(Task.CLASSIFICATION, cls.task());
      assertEquals(Task.SEGMENTATION, seg.task());
      assertEquals(10, cls.numClasses());
      assertEquals(16, seg.numClasses());
      assertEquals("expert", cls.name());
      assertEquals("f_r", seg.name());
      Placeholder<TFloat32> x = g.placeholder(2, 32, 48, 3);
      assertArrayEquals(
          new long[] {2, 10}, cls.callOnGenerated(g.tf(), x, false).shape().asArray());
      assertArrayEquals(
          new long[] {2, 32, 48, 16}, seg.callOnGenerated(g.tf(), x, false).shape().asArray());
    }
  }

  @Test
  void rejectsANetworkWithoutRgbInputAndAMissingNormalization() {
    try (TfGraph g = new TfGraph(2)) {
      ResNet gray = new ResNet(new ResNet.Config(18, 4, 10, 1), Names.EXPERT, g.vars());
      DeepLabV3 fourChannels =
          new DeepLabV3(
              new DeepLabV3.Config(18, 4, 16, 4, 16, 8, List.of(1, 2, 3), 0), Names.F_R, g.vars());
      IllegalArgumentException c =
          assertThrows(
              IllegalArgumentException.class,
              () -> ExpertNetwork.classifier(gray, Normalization.IMAGENET));
      assertEquals("An expert takes RGB input: inChannels must be 3, found 1", c.getMessage());
      IllegalArgumentException s =
          assertThrows(
              IllegalArgumentException.class,
              () -> ExpertNetwork.segmenter(fourChannels, Normalization.SYMMETRIC));
      assertEquals("An expert takes RGB input: inChannels must be 3, found 4", s.getMessage());
      ResNet rgb = new ResNet(new ResNet.Config(18, 4, 10, 3), Names.EXPERT, g.vars());
      NullPointerException n =
          assertThrows(NullPointerException.class, () -> ExpertNetwork.classifier(rgb, null));
      assertEquals("normalization", n.getMessage());
    }
  }
}

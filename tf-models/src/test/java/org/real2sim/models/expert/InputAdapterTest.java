package org.real2sim.models.expert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.real2sim.models.testing.TfGraph.GradCheck;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class InputAdapterTest {

  @Test
  void generatorOutputIsMappedToImageNetNormalisation() {
    // One pixel per channel value -1, 0, 1 on each of R, G, B.
    float[] x = {-1, -1, -1, 0, 0, 0, 1, 1, 1};
    double[] mean = {0.485, 0.456, 0.406};
    double[] std = {0.229, 0.224, 0.225};
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(1, 1, 3, 3);
      Operand<TFloat32> y = InputAdapter.fromGenerator(g.tf(), in, Normalization.IMAGENET);
      float[] out = g.run(y, in, new Feed(new long[] {1, 1, 3, 3}, x));
      for (int i = 0; i < 9; i++) {
        int c = i % 3;
        double expected = ((x[i] + 1) / 2.0 - mean[c]) / std[c];
        assertEquals(expected, out[i], 1e-6, "element " + i);
      }
      assertEquals("Add", y.op().type());
    }
  }

  @Test
  void unitPixelsAreMappedToTheNormalisationAndSymmetricIsTheIdentityOnGeneratorOutput() {
    try (TfGraph g = new TfGraph(1)) {
      Placeholder<TFloat32> in = g.placeholder(1, 1, 2, 3);
      assertSame(in, InputAdapter.fromGenerator(g.tf(), in, Normalization.SYMMETRIC));
      Operand<TFloat32> y = InputAdapter.fromUnit(g.tf(), in, Normalization.IMAGENET);
      float[] x = {0, 0.5f, 1, 1, 0.25f, 0};
      float[] out = g.run(y, in, new Feed(new long[] {1, 1, 2, 3}, x));
      assertEquals((0 - 0.485) / 0.229, out[0], 1e-6);
      assertEquals((0.5 - 0.456) / 0.224, out[1], 1e-6);
      assertEquals((1 - 0.406) / 0.225, out[2], 1e-6);
      assertEquals((0.25 - 0.456) / 0.224, out[4], 1e-6);
      Operand<TFloat32> s = InputAdapter.fromUnit(g.tf(), in, Normalization.SYMMETRIC);
      float[] sym = g.run(s, in, new Feed(new long[] {1, 1, 2, 3}, x));
      assertArrayEquals(new float[] {-1, 0, 1, 1, -0.5f, -1}, sym, 1e-6f);
    }
  }

  @Test
  void gradientsFlowFromTheFrozenExpertThroughTheAdapterToTheGeneratorOutput() {
    try (TfGraph g = new TfGraph(3)) {
      ExpertNetwork expert =
          ExpertNetwork.classifier(
              new ResNet(new ResNet.Config(18, 4, 5, 3), Names.EXPERT, g.vars()),
              Normalization.IMAGENET);
      Placeholder<TFloat32> generated = g.placeholder(1, 32, 32, 3);
      Operand<TFloat32> logits = expert.callOnGenerated(g.tf(), generated, false);
      g.randomiseBatchNorm(Names.EXPERT, 4);
      float[] x = TfGraph.randn(5, 32 * 32 * 3, 0.5);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) Math.tanh(x[i]);
      }
      List<GradCheck> checks =
          g.checkGradients(
              logits, generated, new Feed(new long[] {1, 32, 32, 3}, x), List.of(), 24, 1e-2, 6);
      checks.get(0).assertMatches(3e-2);
    }
  }
}

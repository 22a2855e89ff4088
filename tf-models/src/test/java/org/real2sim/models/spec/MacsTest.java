package org.real2sim.models.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.nn.Init;
import org.real2sim.models.spec.CompositeLayers.Residual;
import org.real2sim.models.spec.CompositeLayers.Scope;
import org.real2sim.models.spec.Layer.Conv;
import org.real2sim.models.spec.Layer.ConvTranspose;
import org.real2sim.models.spec.Layer.ReflectPad;
import org.real2sim.models.spec.Layer.Relu;

class MacsTest {

  private static Net net(int in, Layer... layers) {
    return new Net("test", in, Init.ZEROS, List.of(layers));
  }

  @Test
  void convolutionCountsOutputPixelsTimesKernelTimesChannels() {
    // 3x3 conv, 4 -> 5 channels, 8x9 input, no padding: 6x7 output, 6*7*4*5*9 = 7560.
    Macs m = Macs.of(net(4, Conv.of(5, 3)), 8, 9);
    assertEquals(7560, m.total());
    assertEquals(List.of(5, 6, 7), List.of(m.channels(), m.height(), m.width()));
  }

  @Test
  void transposedConvolutionIsCountedOnTheInputGrid() {
    // 2x3 input, 4 -> 5 channels, 3x3: 2*3*4*5*9 = 1080; the output doubles to 4x6.
    Macs m = Macs.of(net(4, ConvTranspose.doubling(5, 3)), 2, 3);
    assertEquals(1080, m.total());
    assertEquals(List.of(5, 4, 6), List.of(m.channels(), m.height(), m.width()));
  }

  @Test
  void stridePaddingScopesAndResidualsFollowPyTorchSizes() {
    // 10x10, 2 ch: conv 3x3 s2 p1 -> 5x5x3 (5*5*2*3*9 = 1350); residual [pad 1, conv 3x3 -> 3]
    // keeps 5x5x3 (5*5*3*3*9 = 2025); relu free. Total 3375, first 1350.
    Macs m =
        Macs.of(
            net(
                2,
                Scope.of("a", Conv.of(3, 3).stride(2).pad(1), new Relu()),
                Residual.of(new ReflectPad(1), Scope.of("b", Conv.of(3, 3)))),
            10,
            10);
    assertEquals(3375, m.total());
    assertEquals(1350, m.first());
    assertEquals(List.of(1350L, 2025L), m.perLayer());
  }

  @Test
  void refusesAResidualThatChangesTheShapeAndAnEmptyOutput() {
    assertThrows(
        IllegalArgumentException.class, () -> Macs.of(net(2, Residual.of(Conv.of(2, 3))), 8, 8));
    assertThrows(IllegalArgumentException.class, () -> Macs.of(net(2, Conv.of(2, 5)), 4, 4));
  }
}

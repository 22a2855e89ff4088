package org.real2sim.models.cyclegan;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.real2sim.models.optim.Adam;

class CycleGanFlopsTest {

  private static CycleGanModel.Config iteration(int ngf, int blocks, int ndf, int size) {
    return new CycleGanModel.Config(
        new ResnetGenerator.Config(ngf, blocks, 3, 3),
        new PatchDiscriminator.Config(ndf, 3, 3),
        1,
        size,
        size,
        10f,
        0.5f,
        Adam.Config.cycleGan(),
        false);
  }

  @Test
  void generatorAt256MatchesTheReferenceMultiplyAdds() {
    // Layer by layer at 256x256, ngf 64, 9 blocks (multiply-adds):
    // in 256*256*3*64*49, down 128*128*64*128*9 and 64*64*128*256*9,
    // 18 res convs 64*64*256*256*9, up (input grid) 64*64*256*128*9 and 128*128*128*64*9,
    // out 256*256*64*3*49.
    long macs = 2L * 256 * 256 * 3 * 64 * 49 + 4L * 1_207_959_552L + 18L * 64 * 64 * 256 * 256 * 9;
    assertEquals(49_551_507_456L, macs);
    assertEquals(
        2 * macs, CycleGanFlops.generatorForward(ResnetGenerator.Config.resnet9Blocks(), 256, 256));
    // The notes' 9.07 G multiply-adds for ngf 32 with 6 blocks.
    long small =
        CycleGanFlops.generatorForward(ResnetGenerator.Config.resnet6BlocksSmall(), 256, 256);
    assertEquals(9.07, small / 2e9, 0.005);
  }

  @Test
  void discriminatorFollowsThePatchGanLayersOnATinyInput() {
    // ndf 4, 2 layers, 16x16: conv_1 s2 -> 8x8x4, conv_2 s2 -> 4x4x8, conv_3 s1 -> 3x3x16,
    // out s1 -> 2x2x1, all 4x4 kernels.
    long macs = 8 * 8 * 3 * 4 * 16 + 4 * 4 * 4 * 8 * 16 + 3 * 3 * 8 * 16 * 16 + 2 * 2 * 16 * 16;
    assertEquals(
        2 * macs,
        CycleGanFlops.discriminatorForward(new PatchDiscriminator.Config(4, 2, 3), 16, 16));
    assertEquals(
        2 * 8 * 8 * 3 * 4 * 16,
        CycleGanFlops.discriminatorInputConv(new PatchDiscriminator.Config(4, 2, 3), 16, 16));
  }

  @Test
  void iterationReproducesTheReferenceCounts() {
    // The performance notes' per-iteration counts, given to 0.1 GFLOP.
    assertEquals(468.8, CycleGanFlops.iteration(iteration(64, 9, 64, 128)) / 1e9, 0.05);
    assertEquals(25.8, CycleGanFlops.iteration(iteration(32, 6, 64, 64)) / 1e9, 0.05);
    assertEquals(21.7, CycleGanFlops.iteration(iteration(32, 6, 32, 64)) / 1e9, 0.05);
  }

  @Test
  void iterationIsEighteenGeneratorsAndSixteenDiscriminatorsLessTheInputConvolutions() {
    CycleGanModel.Config c = iteration(8, 2, 4, 32);
    long g = CycleGanFlops.generatorForward(c.generator(), 32, 32);
    long d = CycleGanFlops.discriminatorForward(c.discriminator(), 32, 32);
    long g1 = 2L * 32 * 32 * 3 * 8 * 49;
    long d1 = 2L * 16 * 16 * 3 * 4 * 16;
    assertEquals(18 * g + 16 * d - 4 * g1 - 4 * d1, CycleGanFlops.iteration(c));
    assertEquals(3 * (6 * g + 6 * d), CycleGanFlops.iterationApproximate(c));
    assertTrue(CycleGanFlops.iterationApproximate(c) > CycleGanFlops.iteration(c));
  }

  @Test
  void rejectsSizesTheNetworksCannotTake() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CycleGanFlops.generatorForward(ResnetGenerator.Config.resnet9Blocks(), 30, 32));
    assertTrue(e.getMessage().contains("30x32"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CycleGanFlops.discriminatorForward(PatchDiscriminator.Config.patch70(), 8, 8));
    assertTrue(e.getMessage().contains("8x8"), e.getMessage());
  }
}

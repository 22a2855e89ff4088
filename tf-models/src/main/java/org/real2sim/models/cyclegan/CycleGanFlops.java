package org.real2sim.models.cyclegan;

import org.real2sim.models.spec.Macs;

/**
 * Analytic floating-point operation counts of the CycleGAN networks and of one training iteration,
 * in the convention of the project's performance notes (and of most papers): a FLOP count is twice
 * the multiply-adds of the convolutions; normalisation, activations, padding, losses and the
 * optimiser are not counted.
 *
 * <ul>
 *   <li>A convolution costs {@code 2 · H_out · W_out · C_in · C_out · k²}.
 *   <li>A transposed convolution costs {@code 2 · H_in · W_in · C_in · C_out · k²} (every input
 *       pixel scatters one {@code k × k × C_out} patch per input channel).
 * </ul>
 *
 * <p>The counts are derived from the networks' specs ({@link ResnetGenerator#spec}, {@link
 * PatchDiscriminator#spec}) by {@link Macs}, so they hold for any size the networks accept.
 * Reference values at 256×256 (multiply-adds): 49.55 G for the generator with ngf 64 and 9 blocks,
 * 9.07 G for ngf 32 and 6 blocks.
 */
public final class CycleGanFlops {

  private CycleGanFlops() {}

  /** FLOPs of one generator forward pass on an {@code height × width} image. */
  public static long generatorForward(ResnetGenerator.Config g, int height, int width) {
    return 2 * generatorMacs(g, height, width).total();
  }

  /** FLOPs of the generator's first (7×7) convolution alone. */
  public static long generatorInputConv(ResnetGenerator.Config g, int height, int width) {
    return 2 * generatorMacs(g, height, width).first();
  }

  /** FLOPs of one discriminator forward pass on an {@code height × width} image. */
  public static long discriminatorForward(PatchDiscriminator.Config d, int height, int width) {
    return 2 * discriminatorMacs(d, height, width).total();
  }

  /** FLOPs of the discriminator's first convolution alone. */
  public static long discriminatorInputConv(PatchDiscriminator.Config d, int height, int width) {
    return 2 * discriminatorMacs(d, height, width).first();
  }

  /**
   * FLOPs of one stage-b training iteration of {@link CycleGanModel} (the G step, then the D step),
   * counted pass by pass as the reference implementation executes it, the task term excluded.
   *
   * <p>A backward pass costs one forward for the input gradients plus one for the weight gradients.
   * Per image of the batch, with {@code G}, {@code D} the forward costs and {@code G₁}, {@code D₁}
   * their first convolutions:
   *
   * <ul>
   *   <li>G step: six generator forwards (fake, reconstruction and identity in both directions),
   *       each with input and weight gradients, except that the four applied to fed images (real,
   *       synthetic) need no input gradient of their first convolution: {@code 18·G − 4·G₁}; two
   *       discriminator forwards on the fakes with input gradients only (the discriminators are not
   *       trained in this step): {@code 4·D};
   *   <li>D step: four discriminator forwards (real and pooled fake for each) with weight and input
   *       gradients, none for the first convolution (fed images): {@code 12·D − 4·D₁}.
   * </ul>
   *
   * <p>Total {@code 18·G + 16·D − 4·G₁ − 4·D₁}, times the batch. This reproduces the reference's
   * 468.8 G (ngf 64/9 blocks, ndf 64, 128×128), 25.8 G (ngf 32/6, ndf 64, 64×64) and 21.7 G (ngf
   * 32/6, ndf 32, 64×64). The rougher {@link #iterationApproximate} gives 473.1 G, 26.6 G and 22.0
   * G (0.9–3.4 % higher).
   */
  public static long iteration(CycleGanModel.Config c) {
    long g = generatorForward(c.generator(), c.height(), c.width());
    long g1 = generatorInputConv(c.generator(), c.height(), c.width());
    long d = discriminatorForward(c.discriminator(), c.height(), c.width());
    long d1 = discriminatorInputConv(c.discriminator(), c.height(), c.width());
    return c.batch() * (18 * g + 16 * d - 4 * g1 - 4 * d1);
  }

  /**
   * The rule-of-thumb count of one iteration, three times the forward FLOPs of six generator and
   * six discriminator applications, times the batch.
   */
  public static long iterationApproximate(CycleGanModel.Config c) {
    long g = generatorForward(c.generator(), c.height(), c.width());
    long d = discriminatorForward(c.discriminator(), c.height(), c.width());
    return c.batch() * 3 * (6 * g + 6 * d);
  }

  private static Macs generatorMacs(ResnetGenerator.Config g, int height, int width) {
    checkGeneratorSize(height, width);
    return Macs.of(ResnetGenerator.spec(g), height, width);
  }

  private static Macs discriminatorMacs(PatchDiscriminator.Config d, int height, int width) {
    try {
      return Macs.of(PatchDiscriminator.spec(d), height, width);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a " + height + "x" + width + " image is too small for the PatchGAN discriminator", e);
    }
  }

  private static void checkGeneratorSize(int height, int width) {
    if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
      throw new IllegalArgumentException(
          "the generator needs height and width that are positive multiples of 4, found "
              + height
              + "x"
              + width);
    }
  }
}

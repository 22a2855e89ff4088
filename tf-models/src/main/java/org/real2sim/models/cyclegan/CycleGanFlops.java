package org.real2sim.models.cyclegan;

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
 * <p>The counts follow {@link ResnetGenerator} and {@link PatchDiscriminator} layer by layer, so
 * they hold for any size the networks accept. Reference values at 256×256 (multiply-adds): 49.55 G
 * for the generator with ngf 64 and 9 blocks, 9.07 G for ngf 32 and 6 blocks.
 */
public final class CycleGanFlops {

  private CycleGanFlops() {}

  /**
   * FLOPs of one square convolution: {@code 2 · outH · outW · in · out · k²}.
   *
   * @param outH output height
   * @param outW output width
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size k
   */
  public static long conv(long outH, long outW, long in, long out, long kernel) {
    nonNegative("outH", outH);
    nonNegative("outW", outW);
    nonNegative("in", in);
    nonNegative("out", out);
    nonNegative("kernel", kernel);
    return 2 * outH * outW * in * out * kernel * kernel;
  }

  /**
   * FLOPs of one square transposed convolution: {@code 2 · inH · inW · in · out · k²}.
   *
   * @param inH input height
   * @param inW input width
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size k
   */
  public static long transposedConv(long inH, long inW, long in, long out, long kernel) {
    return conv(inH, inW, in, out, kernel);
  }

  /**
   * FLOPs of one forward pass of the generator on a {@code height × width} image.
   *
   * @param height input height, a multiple of 4
   * @param width input width, a multiple of 4
   */
  public static long generatorForward(ResnetGenerator.Config g, int height, int width) {
    checkGeneratorSize(height, width);
    long ngf = g.ngf();
    long h = height;
    long w = width;
    long total = generatorInputConv(g, height, width);
    total += conv(h / 2, w / 2, ngf, 2 * ngf, 3);
    total += conv(h / 4, w / 4, 2 * ngf, 4 * ngf, 3);
    total += 2L * g.nBlocks() * conv(h / 4, w / 4, 4 * ngf, 4 * ngf, 3);
    total += transposedConv(h / 4, w / 4, 4 * ngf, 2 * ngf, 3);
    total += transposedConv(h / 2, w / 2, 2 * ngf, ngf, 3);
    total += conv(h, w, ngf, g.outChannels(), 7);
    return total;
  }

  /**
   * FLOPs of the generator's first convolution (7×7 from the input image to ngf channels), the
   * layer whose input gradient a training step skips when the input is a fed image.
   */
  public static long generatorInputConv(ResnetGenerator.Config g, int height, int width) {
    checkGeneratorSize(height, width);
    return conv(height, width, g.inChannels(), g.ngf(), 7);
  }

  /**
   * FLOPs of one forward pass of the PatchGAN discriminator on a {@code height × width} image.
   *
   * @throws IllegalArgumentException if the image is too small for the network's layers
   */
  public static long discriminatorForward(PatchDiscriminator.Config d, int height, int width) {
    long total = 0;
    long h = height;
    long w = width;
    long in = d.inChannels();
    int n = d.nLayers();
    for (int k = 1; k <= n + 1; k++) {
      long out = discriminatorChannels(d, k);
      int stride = k <= n ? 2 : 1;
      h = convOut(h, stride, height, width);
      w = convOut(w, stride, height, width);
      total += conv(h, w, in, out, 4);
      in = out;
    }
    h = convOut(h, 1, height, width);
    w = convOut(w, 1, height, width);
    return total + conv(h, w, in, 1, 4);
  }

  /**
   * FLOPs of the discriminator's first convolution (4×4 stride 2 from the image to ndf channels),
   * the layer whose input gradient a training step skips when the input is a fed image.
   */
  public static long discriminatorInputConv(PatchDiscriminator.Config d, int height, int width) {
    long h = convOut(height, 2, height, width);
    long w = convOut(width, 2, height, width);
    return conv(h, w, d.inChannels(), d.ndf(), 4);
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

  private static long discriminatorChannels(PatchDiscriminator.Config d, int k) {
    return (long) d.ndf() * Math.min(1 << Math.min(k - 1, 3), 8);
  }

  /** Output size of a 4×4 convolution with zero padding 1: {@code floor((n + 2 − 4)/s) + 1}. */
  private static long convOut(long n, int stride, int height, int width) {
    long out = Math.floorDiv(n - 2, stride) + 1;
    if (out < 1) {
      throw new IllegalArgumentException(
          "a " + height + "x" + width + " image is too small for the PatchGAN discriminator");
    }
    return out;
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

  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, found " + value);
    }
  }
}

package org.real2sim.models;

/**
 * The network names shared by every module: each is the root of its network's variable names
 * ({@code g_rs/res_3/conv_1/kernel}), so the trainer, the checkpoints and the exporter agree on
 * them.
 */
public final class Names {

  /** The downstream expert f, trained on the synthetic domain in stage a and frozen after it. */
  public static final String EXPERT = "expert";

  /** The generator G_RS, real to synthetic (the reference CycleGAN's G_A). */
  public static final String G_RS = "g_rs";

  /** The generator G_SR, synthetic to real (the reference CycleGAN's G_B). */
  public static final String G_SR = "g_sr";

  /** The discriminator D_S on the synthetic domain (judges G_RS's output). */
  public static final String D_S = "d_s";

  /** The discriminator D_R on the real domain (judges G_SR's output). */
  public static final String D_R = "d_r";

  /** Baseline M3's network f_R: the expert's architecture trained on the labeled real images. */
  public static final String F_R = "f_r";

  private Names() {}
}

package org.real2sim.models.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The generators' joint objective {@code L̂_Gen = L̂_G_RS + L_G_SR + λ_cyc·L_cyc +
 * λ_cyc·λ_id·L_idt} and its named terms, for stage b (plain CycleGAN) and stage c (task aware).
 *
 * <p>In stage b {@code L̂_G_RS} is G_RS's LSGAN term; in stage c it is {@code (1 − α)·LSGAN +
 * α·γ·CE} ({@link Losses#taskAware}). The terms are returned separately so a trainer can log them
 * under the names of {@link Losses#NAMES}; the graph ops carry those names too, inside the sub
 * scope {@code generator_objective}.
 *
 * @param total {@code L̂_Gen}, what the generators' optimiser minimises
 * @param generatorRs {@code L̂_G_RS}: the adversarial term of G_RS, blended with the task term in
 *     stage c
 * @param adversarialRs G_RS's raw LSGAN term ({@value Losses#LOSS_G_RS})
 * @param adversarialSr G_SR's raw LSGAN term ({@value Losses#LOSS_G_SR})
 * @param cycle the unweighted cycle loss {@code L_cyc} ({@value Losses#LOSS_CYC})
 * @param identity the unweighted identity loss {@code L_idt} ({@value Losses#LOSS_IDT})
 * @param task the unweighted task cross entropy ({@value Losses#LOSS_TASK}); null in stage b
 */
public record GeneratorObjective(
    Operand<TFloat32> total,
    Operand<TFloat32> generatorRs,
    Operand<TFloat32> adversarialRs,
    Operand<TFloat32> adversarialSr,
    Operand<TFloat32> cycle,
    Operand<TFloat32> identity,
    Operand<TFloat32> task) {

  /** The cycle weight λ_cyc of the reference CycleGAN (for both directions). */
  public static final float DEFAULT_LAMBDA_CYC = 10f;

  /** The identity weight λ_id of the reference CycleGAN (relative to λ_cyc). */
  public static final float DEFAULT_LAMBDA_ID = 0.5f;

  /**
   * The plain CycleGAN objective of stage b: {@code L_G_RS + L_G_SR + λ_cyc·L_cyc +
   * λ_cyc·λ_id·L_idt}.
   *
   * @param adversarialRs {@link Losses#lsganGenerator} of D_S on G_RS(x_R)
   * @param adversarialSr {@link Losses#lsganGenerator} of D_R on G_SR(x_S)
   * @param cycle {@link Losses#cycle} of both reconstructions
   * @param identity {@link Losses#identity} of both generators
   * @param lambdaCyc λ_cyc, finite and non-negative (paper: 10)
   * @param lambdaId λ_id, finite and non-negative (paper: 0.5)
   */
  public static GeneratorObjective cycleGan(
      Ops tf,
      Operand<TFloat32> adversarialRs,
      Operand<TFloat32> adversarialSr,
      Operand<TFloat32> cycle,
      Operand<TFloat32> identity,
      float lambdaCyc,
      float lambdaId) {
    return assemble(
        tf, adversarialRs, adversarialSr, cycle, identity, null, null, null, lambdaCyc, lambdaId);
  }

  /**
   * The task-aware objective of stage c: {@code L̂_G_RS = (1 − α)·L_G_RS + α·γ·CE} in place of
   * {@code L_G_RS}, the other terms unchanged.
   *
   * @param adversarialRs {@link Losses#lsganGenerator} of D_S on G_RS(x_R)
   * @param adversarialSr {@link Losses#lsganGenerator} of D_R on G_SR(x_S)
   * @param cycle {@link Losses#cycle} of both reconstructions
   * @param identity {@link Losses#identity} of both generators
   * @param task the frozen expert's cross entropy on G_RS(x_R) against the real labels
   * @param alpha α in [0, 1], a float32 scalar (placeholder or constant)
   * @param gamma γ, a float32 scalar (placeholder or constant)
   * @param lambdaCyc λ_cyc, finite and non-negative (paper: 10)
   * @param lambdaId λ_id, finite and non-negative (paper: 0.5)
   */
  public static GeneratorObjective taskAware(
      Ops tf,
      Operand<TFloat32> adversarialRs,
      Operand<TFloat32> adversarialSr,
      Operand<TFloat32> cycle,
      Operand<TFloat32> identity,
      Operand<TFloat32> task,
      Operand<TFloat32> alpha,
      Operand<TFloat32> gamma,
      float lambdaCyc,
      float lambdaId) {
    if (task == null || alpha == null || gamma == null) {
      throw new IllegalArgumentException(
          "task, alpha and gamma are required for the task-aware"
              + " objective (use cycleGan(...) without a task loss)");
    }
    return assemble(
        tf, adversarialRs, adversarialSr, cycle, identity, task, alpha, gamma, lambdaCyc, lambdaId);
  }

  /**
   * The terms by their report names: {@value Losses#LOSS_G}, {@value Losses#LOSS_G_RS}, {@value
   * Losses#LOSS_G_SR}, {@value Losses#LOSS_CYC}, {@value Losses#LOSS_IDT} and, in stage c, {@value
   * Losses#LOSS_TASK}, in that order.
   */
  public Map<String, Operand<TFloat32>> named() {
    Map<String, Operand<TFloat32>> m = new LinkedHashMap<>();
    m.put(Losses.LOSS_G, total);
    m.put(Losses.LOSS_G_RS, adversarialRs);
    m.put(Losses.LOSS_G_SR, adversarialSr);
    m.put(Losses.LOSS_CYC, cycle);
    m.put(Losses.LOSS_IDT, identity);
    if (task != null) {
      m.put(Losses.LOSS_TASK, task);
    }
    return Collections.unmodifiableMap(m);
  }

  private static GeneratorObjective assemble(
      Ops tf,
      Operand<TFloat32> adversarialRs,
      Operand<TFloat32> adversarialSr,
      Operand<TFloat32> cycle,
      Operand<TFloat32> identity,
      Operand<TFloat32> task,
      Operand<TFloat32> alpha,
      Operand<TFloat32> gamma,
      float lambdaCyc,
      float lambdaId) {
    requireWeight("lambdaCyc", lambdaCyc);
    requireWeight("lambdaId", lambdaId);
    Ops s = tf.withSubScope("generator_objective");
    Operand<TFloat32> advRs = s.withName(Losses.LOSS_G_RS).identity(adversarialRs);
    Operand<TFloat32> advSr = s.withName(Losses.LOSS_G_SR).identity(adversarialSr);
    Operand<TFloat32> cyc = s.withName(Losses.LOSS_CYC).identity(cycle);
    Operand<TFloat32> idt = s.withName(Losses.LOSS_IDT).identity(identity);
    Operand<TFloat32> tsk = task == null ? null : s.withName(Losses.LOSS_TASK).identity(task);
    Operand<TFloat32> gRs = tsk == null ? advRs : Losses.taskAware(s, advRs, tsk, alpha, gamma);
    Operand<TFloat32> weighted =
        s.math.add(
            s.math.mul(s.constant(lambdaCyc), cyc),
            s.math.mul(s.constant(lambdaCyc * lambdaId), idt));
    Operand<TFloat32> total =
        s.withName(Losses.LOSS_G).identity(s.math.add(s.math.add(gRs, advSr), weighted));
    return new GeneratorObjective(total, gRs, advRs, advSr, cyc, idt, tsk);
  }

  private static void requireWeight(String name, float value) {
    if (!Float.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(name + " must be finite and non-negative, found " + value);
    }
  }
}

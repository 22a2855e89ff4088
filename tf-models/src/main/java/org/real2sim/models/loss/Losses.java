package org.real2sim.models.loss;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The losses of the method as float32 graph ops: LSGAN, L1, (pixel-wise) cross entropy and the
 * task-aware generator loss.
 *
 * <p>Every function takes the {@link Ops} to build with, opens its own sub scope (for example
 * {@code lsgan_g}) and returns a scalar. All of them are differentiable with TensorFlow Java
 * 1.1.0's gradient registry; in particular the cross entropies avoid {@code
 * SparseSoftmaxCrossEntropyWithLogits}, which has no gradient there, and use a one-hot dense {@code
 * SoftmaxCrossEntropyWithLogits} with a validity mask instead.
 *
 * <p>Cross-entropy reduction follows PyTorch's {@code CrossEntropyLoss}: with class weights {@code
 * w}, {@code Σ_i w[y_i]·nll_i / Σ_i w[y_i]} over the samples (pixels) that are not ignored; a batch
 * in which every pixel is ignored gives 0 (not NaN) and no gradient.
 *
 * @see <a href="https://arxiv.org/abs/1611.04076">Mao et al., Least Squares Generative Adversarial
 *     Networks</a>
 */
public final class Losses {

  /** Name of G_RS's adversarial (LSGAN) loss term, {@code E[(D_S(G_RS(x)) − 1)²]}. */
  public static final String LOSS_G_RS = "loss_g_rs";

  /** Name of G_SR's adversarial (LSGAN) loss term, {@code E[(D_R(G_SR(s)) − 1)²]}. */
  public static final String LOSS_G_SR = "loss_g_sr";

  /** Name of the cycle-consistency loss, the sum of both directions' L1 reconstruction errors. */
  public static final String LOSS_CYC = "loss_cyc";

  /** Name of the identity loss, the sum of both generators' L1 identity errors. */
  public static final String LOSS_IDT = "loss_idt";

  /** Name of the task loss, the expert's cross entropy on translated labeled real images. */
  public static final String LOSS_TASK = "loss_task";

  /** Name of the total generator objective {@code L̂_Gen}. */
  public static final String LOSS_G = "loss_g";

  /** Name of discriminator D_S's LSGAN loss. */
  public static final String LOSS_D_S = "loss_d_s";

  /** Name of discriminator D_R's LSGAN loss. */
  public static final String LOSS_D_R = "loss_d_r";

  /** Every loss name, in the order reports list them. */
  public static final List<String> NAMES =
      List.of(LOSS_G, LOSS_G_RS, LOSS_G_SR, LOSS_CYC, LOSS_IDT, LOSS_TASK, LOSS_D_S, LOSS_D_R);

  /** The label id that marks pixels to ignore in segmentation labels. */
  public static final int IGNORE_LABEL = 255;

  private Losses() {}

  /**
   * The LSGAN generator loss {@code mean((D(fake) − 1)²)}: the generator pushes the discriminator's
   * patch scores on its output towards 1.
   *
   * @param dFake the discriminator's output on generated images, any shape
   * @return a scalar
   */
  public static Operand<TFloat32> lsganGenerator(Ops tf, Operand<TFloat32> dFake) {
    Ops s = tf.withSubScope("lsgan_g");
    return meanAll(s, s.math.squaredDifference(dFake, s.constant(1f)));
  }

  /**
   * The LSGAN discriminator loss {@code 0.5·(mean((D(real) − 1)²) + mean(D(fake)²))}: real scores
   * towards 1, fake towards 0, halved as in the reference CycleGAN.
   *
   * @param dReal the discriminator's output on real images of its domain
   * @param dFake its output on generated images (from the image pool; gradients are not stopped
   *     here, the caller feeds or stops them)
   * @return a scalar
   */
  public static Operand<TFloat32> lsganDiscriminator(
      Ops tf, Operand<TFloat32> dReal, Operand<TFloat32> dFake) {
    Ops s = tf.withSubScope("lsgan_d");
    Operand<TFloat32> real = meanAll(s, s.math.squaredDifference(dReal, s.constant(1f)));
    Operand<TFloat32> fake = meanAll(s, s.math.square(dFake));
    return s.math.mul(s.constant(0.5f), s.math.add(real, fake));
  }

  /**
   * The mean absolute error {@code mean(|a − b|)}, used for the cycle and identity losses.
   *
   * @param a one tensor
   * @param b a tensor of the same shape (or broadcastable to it)
   * @return a scalar
   */
  public static Operand<TFloat32> l1(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    Ops s = tf.withSubScope("l1");
    return meanAll(s, s.math.abs(s.math.sub(a, b)));
  }

  /**
   * The cycle-consistency loss of both directions, {@code |G_SR(G_RS(x_R)) − x_R|₁ +
   * |G_RS(G_SR(x_S)) − x_S|₁} (each a mean over elements).
   *
   * @param realR a real image batch x_R
   * @param reconstructedR its round trip G_SR(G_RS(x_R))
   * @param realS a synthetic image batch x_S
   * @param reconstructedS its round trip G_RS(G_SR(x_S))
   * @return a scalar, unweighted (the objective multiplies it by λ_cyc)
   */
  public static Operand<TFloat32> cycle(
      Ops tf,
      Operand<TFloat32> realR,
      Operand<TFloat32> reconstructedR,
      Operand<TFloat32> realS,
      Operand<TFloat32> reconstructedS) {
    Ops s = tf.withSubScope("cycle");
    return s.math.add(l1(s, reconstructedR, realR), l1(s, reconstructedS, realS));
  }

  /**
   * The identity loss of both generators, {@code |G_RS(x_S) − x_S|₁ + |G_SR(x_R) − x_R|₁}: a
   * generator fed an image of its target domain should leave it unchanged.
   *
   * @param realS a synthetic image batch x_S
   * @param rsOfS G_RS applied to it
   * @param realR a real image batch x_R
   * @param srOfR G_SR applied to it
   * @return a scalar, unweighted (the objective multiplies it by λ_cyc·λ_id)
   */
  public static Operand<TFloat32> identity(
      Ops tf,
      Operand<TFloat32> realS,
      Operand<TFloat32> rsOfS,
      Operand<TFloat32> realR,
      Operand<TFloat32> srOfR) {
    Ops s = tf.withSubScope("identity");
    return s.math.add(l1(s, rsOfS, realS), l1(s, srOfR, realR));
  }

  /**
   * The mean categorical cross entropy of classification logits.
   *
   * @param logits unnormalised scores, shape [N, K]
   * @param labels class ids in [0, K), int32, shape [N]; any other value fails the run with a
   *     message
   * @return a scalar
   */
  public static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    return crossEntropy(tf, logits, labels, null);
  }

  /**
   * The class-weighted categorical cross entropy of classification logits, {@code Σ w[y]·nll / Σ
   * w[y]} (PyTorch semantics).
   *
   * @param logits unnormalised scores, shape [N, K]
   * @param labels class ids in [0, K), int32, shape [N]; any other value fails the run
   * @param classWeights one non-negative weight per class, shape [K]; null for unweighted
   * @return a scalar
   */
  public static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, Operand<TFloat32> classWeights) {
    requireRank("logits", logits.shape(), 2);
    requireRank("labels", labels.shape(), 1);
    return WeightedNll.apply(tf.withSubScope("cross_entropy"), logits, labels, classWeights, false);
  }

  /**
   * The mean pixel-wise cross entropy of segmentation logits; pixels labeled {@link #IGNORE_LABEL}
   * count neither in the numerator nor in the denominator.
   *
   * @param logits unnormalised scores, NHWC, shape [N, H, W, K]
   * @param labels class ids in [0, K) or 255, int32, shape [N, H, W]; any other value fails the run
   * @return a scalar; 0 when every pixel is ignored
   */
  public static Operand<TFloat32> pixelCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    return pixelCrossEntropy(tf, logits, labels, null);
  }

  /**
   * The class-weighted pixel-wise cross entropy of segmentation logits, {@code Σ w[y]·nll / Σ w[y]}
   * over the pixels not labeled {@link #IGNORE_LABEL} (PyTorch's {@code CrossEntropyLoss(weight,
   * ignore_index=255)}).
   *
   * @param logits unnormalised scores, NHWC, shape [N, H, W, K]
   * @param labels class ids in [0, K) or 255, int32, shape [N, H, W]; any other value fails the run
   * @param classWeights one non-negative weight per class, shape [K]; null for unweighted
   * @return a scalar; 0 when every pixel is ignored
   */
  public static Operand<TFloat32> pixelCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, Operand<TFloat32> classWeights) {
    requireRank("logits", logits.shape(), 4);
    requireRank("labels", labels.shape(), 3);
    return WeightedNll.apply(
        tf.withSubScope("pixel_cross_entropy"), logits, labels, classWeights, true);
  }

  /**
   * The task-aware generator loss of the paper, {@code (1 − α)·adversarial + α·γ·task}.
   *
   * <p>At α = 0 this is plain CycleGAN's adversarial term, at α = 1 only the task term remains. α
   * and γ are operands so that a trainer can feed them per run (or pass constants).
   *
   * @param adversarial G_RS's LSGAN term, {@link #lsganGenerator} of D_S on G_RS's output
   * @param task the expert's cross entropy on G_RS's output, {@link #crossEntropy} or {@link
   *     #pixelCrossEntropy}
   * @param alpha the weight α in [0, 1], a float32 scalar
   * @param gamma the scale balance γ, a float32 scalar
   * @return a scalar
   */
  public static Operand<TFloat32> taskAware(
      Ops tf,
      Operand<TFloat32> adversarial,
      Operand<TFloat32> task,
      Operand<TFloat32> alpha,
      Operand<TFloat32> gamma) {
    Ops s = tf.withSubScope("task_aware");
    Operand<TFloat32> adv = s.math.mul(s.math.sub(s.constant(1f), alpha), adversarial);
    Operand<TFloat32> tsk = s.math.mul(s.math.mul(alpha, gamma), task);
    return s.math.add(adv, tsk);
  }

  /** The mean over every element of {@code x}. */
  static Operand<TFloat32> meanAll(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }

  /**
   * The denominator {@code Σ w[y]} of {@link #crossEntropy(Ops, Operand, Operand, Operand)} (with
   * {@code ignore} false) or of {@link #pixelCrossEntropy(Ops, Operand, Operand, Operand)} (with
   * {@code ignore} true: pixels labeled {@link #IGNORE_LABEL} weigh 0), a float32 scalar that
   * depends on the labels only. Data-parallel training weighs each replica's gradient by it, so
   * that the average over replicas equals the gradient of the whole batch's loss.
   *
   * @param labels the labels given to the loss, any shape
   * @param classWeights the class weights given to the loss, or null
   */
  public static Operand<TFloat32> weightTotal(
      Ops tf, Operand<TInt32> labels, Operand<TFloat32> classWeights, boolean ignore) {
    Ops s = tf.withSubScope("weight_total");
    Operand<TInt32> flat = s.reshape(labels, s.constant(new int[] {-1}));
    Operand<TBool> valid =
        ignore
            ? s.math.logicalNot(s.math.equal(flat, s.constant(IGNORE_LABEL)))
            : s.math.equal(flat, flat); // all true
    Operand<TInt32> safe = s.select(valid, flat, s.zerosLike(flat));
    return s.reduceSum(WeightedNll.entryWeights(s, safe, valid, classWeights), s.constant(0));
  }

  static void requireRank(String what, Shape shape, int rank) {
    if (!shape.isUnknown() && shape.numDimensions() != rank) {
      throw new IllegalArgumentException(
          what + " must have rank " + rank + ", found shape " + Arrays.toString(shape.asArray()));
    }
  }
}

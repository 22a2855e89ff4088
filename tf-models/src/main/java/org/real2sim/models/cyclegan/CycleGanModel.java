package org.real2sim.models.cyclegan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.EvalGraph;
import org.real2sim.models.Names;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Task;
import org.real2sim.models.loss.GeneratorObjective;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.optim.Adam;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The whole CycleGAN training graph of stages b and c: G_RS, G_SR, D_S, D_R, their losses and two
 * Adam optimisers, plus (stage c) the frozen expert's cross entropy on G_RS's output, and an
 * evaluation path f(G_RS(x)).
 *
 * <p>One iteration is two session runs, as in the reference implementation: {@link #trainG()}
 * (feeding {@link #real()}, {@link #synthetic()}, the generators' learning rate and, in stage c,
 * labels, α and γ; fetching {@link #fakeS()} and {@link #fakeR()} computed before the update), then
 * {@link #trainD()} feeding the image-pool outputs into {@link #poolFakeS()} and {@link
 * #poolFakeR()}. The optimisers list only generator or discriminator variables; the expert's
 * variables are in no optimiser, so gradients flow through f into G_RS and never change f.
 *
 * <p>Applications of one network to two fed images are batched: G_RS runs once on [real; synthetic]
 * (giving {@link #fakeS()} and the identity image), G_SR once on [synthetic; real], and in the D
 * step D_S once on [synthetic; pooled fake], D_R once on [real; pooled fake]. The networks treat
 * samples independently, so this computes the same as separate applications and saved about 8 % of
 * an iteration's time on CPU (each weight tensor is reordered and swept once, not twice).
 *
 * <p>Stage b and stage c graphs create identical variable names, so stage c restores stage b's
 * checkpoint directly.
 *
 * @see <a href="https://arxiv.org/abs/1703.10593">Zhu et al., Unpaired Image-to-Image Translation
 *     using Cycle-Consistent Adversarial Networks</a>
 */
public final class CycleGanModel implements EvalGraph {

  /**
   * What to build.
   *
   * @param generator both generators' configuration
   * @param discriminator both discriminators' configuration
   * @param batch images per iteration (1 in the paper); a static batch of 1 selects the fused
   *     instance-norm path
   * @param height training image height
   * @param width training image width
   * @param lambdaCyc λ_cyc (10)
   * @param lambdaId λ_id relative to λ_cyc (0.5)
   * @param adam β1, β2, ε of both optimisers
   * @param taskAware build stage c's task term (needs an expert)
   */
  public record Config(
      ResnetGenerator.Config generator,
      PatchDiscriminator.Config discriminator,
      int batch,
      int height,
      int width,
      float lambdaCyc,
      float lambdaId,
      Adam.Config adam,
      boolean taskAware) {

    /** Validates sizes. */
    public Config {
      if (batch < 1 || height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "batch, height and width must be positive, found "
                + batch
                + ", "
                + height
                + ", "
                + width);
      }
      if (height % 4 != 0 || width % 4 != 0) {
        throw new IllegalArgumentException(
            "the generator needs height and width divisible by 4, found " + height + "x" + width);
      }
    }
  }

  private final Config config;
  private final ExpertNetwork expert;
  private final Placeholder<TFloat32> real;
  private final Placeholder<TFloat32> synthetic;
  private final Placeholder<TFloat32> poolFakeS;
  private final Placeholder<TFloat32> poolFakeR;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> alpha;
  private final Placeholder<TFloat32> gamma;
  private final Operand<TFloat32> fakeS;
  private final Operand<TFloat32> fakeR;
  private final GeneratorObjective objective;
  private final Operand<TFloat32> lossDs;
  private final Operand<TFloat32> lossDr;
  private final Adam adamG;
  private final Adam adamD;
  private final EvalPath eval;

  private CycleGanModel(Ops tf, VarStore vars, Config c, ExpertNetwork expert) {
    this.config = c;
    this.expert = expert;
    if (c.taskAware() && expert == null) {
      throw new IllegalArgumentException("the task-aware graph (stage c) needs the expert");
    }
    ResnetGenerator gRs = new ResnetGenerator(c.generator(), Names.G_RS, vars);
    ResnetGenerator gSr = new ResnetGenerator(c.generator(), Names.G_SR, vars);
    PatchDiscriminator dS = new PatchDiscriminator(c.discriminator(), Names.D_S, vars);
    PatchDiscriminator dR = new PatchDiscriminator(c.discriminator(), Names.D_R, vars);

    Shape image = Shape.of(c.batch(), c.height(), c.width(), 3);
    real = tf.withName("real").placeholder(TFloat32.class, Placeholder.shape(image));
    synthetic = tf.withName("synthetic").placeholder(TFloat32.class, Placeholder.shape(image));
    poolFakeS = tf.withName("pool_fake_s").placeholder(TFloat32.class, Placeholder.shape(image));
    poolFakeR = tf.withName("pool_fake_r").placeholder(TFloat32.class, Placeholder.shape(image));

    // Each generator runs once on two stacked images (its fake and its identity mapping): one
    // convolution per layer instead of two, same result (instance norm is per sample).
    List<Output<TFloat32>> rs = StackedPair.apply(tf, gRs::call, real, synthetic);
    List<Output<TFloat32>> sr = StackedPair.apply(tf, gSr::call, synthetic, real);
    fakeS = rs.get(0);
    Operand<TFloat32> idtS = rs.get(1);
    fakeR = sr.get(0);
    Operand<TFloat32> idtR = sr.get(1);
    Operand<TFloat32> recR = gSr.call(tf, fakeS);
    Operand<TFloat32> recS = gRs.call(tf, fakeR);

    Operand<TFloat32> advRs = Losses.lsganGenerator(tf, dS.call(tf, fakeS));
    Operand<TFloat32> advSr = Losses.lsganGenerator(tf, dR.call(tf, fakeR));
    Operand<TFloat32> cyc = Losses.cycle(tf, real, recR, synthetic, recS);
    Operand<TFloat32> idt = Losses.identity(tf, synthetic, idtS, real, idtR);

    if (c.taskAware()) {
      Shape labelShape =
          expert.task() == Task.SEGMENTATION
              ? Shape.of(c.batch(), c.height(), c.width())
              : Shape.of(c.batch());
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(labelShape));
      alpha = tf.withName("alpha").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      gamma = tf.withName("gamma").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> logits = expert.callOnGenerated(tf, fakeS, false);
      Operand<TFloat32> ce =
          expert.task() == Task.SEGMENTATION
              ? Losses.pixelCrossEntropy(tf, logits, labels)
              : Losses.crossEntropy(tf, logits, labels);
      objective =
          GeneratorObjective.taskAware(
              tf, advRs, advSr, cyc, idt, ce, alpha, gamma, c.lambdaCyc(), c.lambdaId());
    } else {
      labels = null;
      alpha = null;
      gamma = null;
      objective =
          GeneratorObjective.cycleGan(tf, advRs, advSr, cyc, idt, c.lambdaCyc(), c.lambdaId());
    }
    Ops dScope = tf.withSubScope("discriminator_objective");
    List<Output<TFloat32>> ds = StackedPair.apply(dScope, dS::call, synthetic, poolFakeS);
    List<Output<TFloat32>> dr = StackedPair.apply(dScope, dR::call, real, poolFakeR);
    lossDs =
        dScope
            .withName(Losses.LOSS_D_S)
            .identity(Losses.lsganDiscriminator(dScope, ds.get(0), ds.get(1)));
    lossDr =
        dScope
            .withName(Losses.LOSS_D_R)
            .identity(Losses.lsganDiscriminator(dScope, dr.get(0), dr.get(1)));

    List<VarStore.Var> gVars = new ArrayList<>(vars.trainable(Names.G_RS));
    gVars.addAll(vars.trainable(Names.G_SR));
    List<VarStore.Var> dVars = new ArrayList<>(vars.trainable(Names.D_S));
    dVars.addAll(vars.trainable(Names.D_R));
    adamG = Adam.minimize(vars, Adam.NAME_G, c.adam(), objective.total(), gVars);
    adamD = Adam.minimize(vars, Adam.NAME_D, c.adam(), tf.math.add(lossDs, lossDr), dVars);

    eval = EvalPath.build(tf, gRs, expert);
  }

  /**
   * Builds the graph into {@code vars}' graph.
   *
   * @param expert the frozen expert (required for stage c, optional for stage b where it adds the
   *     evaluation path f(G_RS(x)))
   */
  public static CycleGanModel build(VarStore vars, Config config, ExpertNetwork expert) {
    return new CycleGanModel(Ops.create(vars.graph()), vars, config, expert);
  }

  /** The configuration this graph was built from. */
  public Config config() {
    return config;
  }

  /** The expert, or null. */
  public ExpertNetwork expert() {
    return expert;
  }

  /** Real images, [batch, H, W, 3] in [−1, 1]. */
  public Placeholder<TFloat32> real() {
    return real;
  }

  /** Synthetic images, [batch, H, W, 3] in [−1, 1]. */
  public Placeholder<TFloat32> synthetic() {
    return synthetic;
  }

  /** D_S's fake input from the image pool. */
  public Placeholder<TFloat32> poolFakeS() {
    return poolFakeS;
  }

  /** D_R's fake input from the image pool. */
  public Placeholder<TFloat32> poolFakeR() {
    return poolFakeR;
  }

  /** Labels of the real images (stage c), int32 [batch] or [batch, H, W]; null in stage b. */
  public Placeholder<TInt32> labels() {
    return labels;
  }

  /** α (stage c), or null. */
  public Placeholder<TFloat32> alpha() {
    return alpha;
  }

  /** γ (stage c), or null. */
  public Placeholder<TFloat32> gamma() {
    return gamma;
  }

  /** G_RS(real). */
  public Operand<TFloat32> fakeS() {
    return fakeS;
  }

  /** G_SR(synthetic). */
  public Operand<TFloat32> fakeR() {
    return fakeR;
  }

  /** The generators' objective and its named terms. */
  public GeneratorObjective objective() {
    return objective;
  }

  /** D_S's LSGAN loss. */
  public Operand<TFloat32> lossDs() {
    return lossDs;
  }

  /** D_R's LSGAN loss. */
  public Operand<TFloat32> lossDr() {
    return lossDr;
  }

  /** The generator objective's losses by name (see {@link #discriminatorLosses()} for D's). */
  public Map<String, Operand<TFloat32>> generatorLosses() {
    return objective.named();
  }

  /** The discriminator losses by name. */
  public Map<String, Operand<TFloat32>> discriminatorLosses() {
    Map<String, Operand<TFloat32>> m = new LinkedHashMap<>();
    m.put(Losses.LOSS_D_S, lossDs);
    m.put(Losses.LOSS_D_R, lossDr);
    return m;
  }

  /** The generators' optimiser ({@code adam_g}, over G_RS and G_SR). */
  public Adam trainG() {
    return adamG;
  }

  /** The discriminators' optimiser ({@code adam_d}, over D_S and D_R). */
  public Adam trainD() {
    return adamD;
  }

  /** Evaluation input: real images [N, H, W, 3] in [−1, 1], any batch and size divisible by 4. */
  @Override
  public Placeholder<TFloat32> evalInput() {
    return eval.input();
  }

  /** G_RS(evalInput) in [−1, 1]. */
  public Operand<TFloat32> evalTranslated() {
    return eval.translated();
  }

  /** f(G_RS(evalInput)) logits, or null without an expert. */
  public Operand<TFloat32> evalLogits() {
    return eval.logits();
  }

  /**
   * argmax of {@link #evalLogits()} over classes, int32 [N] or [N, H, W]; null without an expert.
   */
  @Override
  public Operand<TInt32> evalPredictions() {
    return eval.predictions();
  }

  /** The names of the networks whose variables stage b and c checkpoints hold. */
  public static List<String> trainedNetworks() {
    return List.of(Names.G_RS, Names.G_SR, Names.D_S, Names.D_R, Adam.NAME_G, Adam.NAME_D);
  }
}

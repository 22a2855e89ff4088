package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.real2sim.models.Names;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.config.TaskAwareConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.run.CheckpointFolder;

/**
 * The method's stages in order — a: expert, b: CycleGAN, c: task-aware fine-tuning — plus the
 * baselines (M1's continuation of stage b, the α = 0 control, M3, the oracle) and the final
 * evaluation. Each stage skips itself when its folder says it has finished, so {@link #runAll}
 * continues an interrupted run.
 */
public final class Stages {

  /** Stage folder of stage a. */
  public static final String EXPERT = Stage.EXPERT.folder();

  /** Stage folder of stage b. */
  public static final String CYCLEGAN = Stage.CYCLEGAN.folder();

  /** Stage folder of stage c. */
  public static final String TASKAWARE = Stage.TASKAWARE.folder();

  /** Stage folder of M1's continuation: stage b continued on all the unlabeled data. */
  public static final String CYCLEGAN_CONTINUED = Stage.CYCLEGAN_CONTINUED.folder();

  /** Stage folder of the α = 0 control: stage c's loop over the labeled subset, no task term. */
  public static final String ALPHA0_CONTROL = Stage.ALPHA0_CONTROL.folder();

  /**
   * Stage folder in which runs made before {@link #ALPHA0_CONTROL} existed kept the α = 0 control
   * (then mislabelled M1); read as the control, never written.
   */
  public static final String LEGACY_M1_CONTINUED = Stage.LEGACY_M1_CONTINUED.folder();

  /** Stage folder of M3. */
  public static final String SUPERVISED = Stage.SUPERVISED.folder();

  /** Stage folder of the oracle. */
  public static final String ORACLE = Stage.ORACLE.folder();

  private Stages() {}

  /** Stage a: trains the expert on the synthetic domain; returns its best checkpoint. */
  public static Path expert(TrainContext ctx) {
    RunConfig c = ctx.config();
    Dataset s = ctx.synthetic();
    return SupervisedTrainer.train(
            ctx,
            new SupervisedTrainer.Job(
                EXPERT,
                Names.EXPERT,
                "in-domain",
                s,
                s.samples(c.data().synthetic().trainSplit()),
                s,
                s.samples(c.data().synthetic().valSplit()),
                c.stageA(),
                c.stageA().epochs(),
                0,
                c.stageA().batchSize(),
                c.stageA().lr()))
        .best();
  }

  /** The best expert checkpoint of a finished stage a. */
  public static Path expertCheckpoint(TrainContext ctx) {
    return finished(ctx, EXPERT, CheckpointFolder.BEST, "train-expert");
  }

  /** Stage b: the task-agnostic CycleGAN; returns the outcome (best = M1 during stage b). */
  public static GanTrainer.Outcome cycleGan(TrainContext ctx) {
    var b = ctx.config().stageB();
    return GanTrainer.train(
        ctx,
        new GanTrainer.Job(
            CYCLEGAN,
            Method.M1.id(),
            false,
            0,
            0,
            b.epochs(),
            b.resolvedDecayEpochs(),
            b.lr(),
            null,
            null,
            b.batchSize(),
            b.poolSize()),
        expertCheckpoint(ctx));
  }

  /**
   * M1 as the paper defines it (Sec. 4.2 d, "we trained the task agnostic GAN for another 125
   * epochs"): stage b continued from its final state with the plain CycleGAN loss on all the
   * unlabeled data, for {@code stageB.continueEpochs} epochs of max(|R|, |S|) iterations, the
   * learning rate {@code stageB.lr} constant for the first half and decaying linearly to 0 over the
   * second (stage b's schedule). Returns empty when {@code stageB.continueEpochs} is 0.
   */
  public static Optional<GanTrainer.Outcome> cycleGanContinued(TrainContext ctx) {
    var b = ctx.config().stageB();
    if (b.continueEpochs() == 0) {
      return Optional.empty();
    }
    Path init = finished(ctx, CYCLEGAN, CheckpointFolder.LATEST, "train-cyclegan");
    return Optional.of(
        GanTrainer.train(
            ctx,
            new GanTrainer.Job(
                CYCLEGAN_CONTINUED,
                Method.M1.id(),
                false,
                0,
                0,
                b.continueEpochs(),
                b.continueEpochs() / 2,
                b.lr(),
                init,
                null,
                b.batchSize(),
                b.poolSize()),
            expertCheckpoint(ctx)));
  }

  /** The α = 0 control: stage c's loop over the labeled subset without the task term. */
  public static GanTrainer.Outcome alphaZeroControl(TrainContext ctx) {
    return taskAware(ctx, ALPHA0_CONTROL, Method.ALPHA0_CONTROL.id(), 0.0, ctx.labeled());
  }

  /**
   * Stage c with α from the configuration (folder {@code taskaware}), or a variant such as the α =
   * 0 control or a sweep point.
   *
   * @param folder the stage folder
   * @param method the method name in metrics
   * @param alpha α
   * @param labeled the labeled subset to train on
   */
  public static GanTrainer.Outcome taskAware(
      TrainContext ctx, String folder, String method, double alpha, LabeledSubset labeled) {
    TaskAwareConfig c = ctx.config().stageC();
    Path init = finished(ctx, CYCLEGAN, CheckpointFolder.LATEST, "train-cyclegan");
    return GanTrainer.train(
        ctx,
        new GanTrainer.Job(
            folder,
            method,
            true,
            alpha,
            c.gamma(),
            c.epochs(),
            c.resolvedDecayEpochs(),
            c.lr(),
            init,
            labeled.samples(),
            c.resolvedBatchSize(ctx.config().stageB()),
            c.resolvedPoolSize(ctx.config().stageB())),
        expertCheckpoint(ctx));
  }

  /** M3: f_R from scratch on the labeled real images (or, as the oracle, on all of them). */
  public static Path supervised(TrainContext ctx, boolean oracle) {
    return oracle
        ? supervised(
            ctx,
            ORACLE,
            Method.ORACLE.id(),
            ctx.real().samples(ctx.config().data().real().trainSplit()))
        : supervised(ctx, SUPERVISED, Method.M3.id(), ctx.labeled().samples());
  }

  /**
   * f_R from scratch on {@code samples} of the real training split, in the stage folder {@code
   * folder}: M3 at another labeled amount (a sweep point), or the two baselines above.
   *
   * @param folder the stage folder, relative to the run directory
   * @param method the method name in metrics (M3, oracle)
   * @param samples the labeled real training samples
   * @return the best checkpoint
   */
  public static Path supervised(
      TrainContext ctx, String folder, String method, List<Sample> samples) {
    RunConfig c = ctx.config();
    Dataset r = ctx.real();
    return SupervisedTrainer.train(
            ctx,
            new SupervisedTrainer.Job(
                folder,
                Names.F_R,
                method,
                r,
                samples,
                r,
                r.samples(c.data().real().valSplit()),
                c.stageA(),
                c.supervised().epochs(),
                c.supervised().minSteps(),
                c.supervised().batchSize(),
                c.supervised().lr()))
        .best();
  }

  /** Runs every stage that has not finished, then evaluates; returns the methods table. */
  public static List<Evaluation.Row> runAll(TrainContext ctx) {
    RunConfig c = ctx.config();
    long t0 = System.nanoTime();
    // Open, validate and check everything the later stages need before any training starts.
    ctx.synthetic();
    ctx.real();
    LabeledSubset labeled = ctx.labeled();
    ctx.out().println("== stage a: expert f on the synthetic domain");
    expert(ctx);
    Lanes.Lane b =
        new Lanes.Lane(
            "stage b",
            l -> {
              l.out().println("== stage b: CycleGAN between real and synthetic");
              cycleGan(l);
            });
    Lanes.Lane m3 =
        new Lanes.Lane(
            "M3",
            l -> {
              l.out().println("== M3: f_R supervised on the same labeled real images");
              supervised(l, false);
              if (c.supervised().oracle()) {
                l.out().println("== oracle: f_R supervised on all labeled real images");
                supervised(l, true);
              }
            });
    boolean m1 = c.stageB().continueEpochs() > 0;
    boolean control = c.stageC().baselineAlphaZero();
    // Stage c (2 min in the quick start) and the α = 0 control (as long) share a lane, beside M1's
    // continuation (about as long as both): the two lanes then end together.
    Lanes.Lane stageC =
        new Lanes.Lane(
            "stage c",
            l -> {
              l.out()
                  .printf(
                      "== stage c: task-aware G_RS, alpha %.2f, %d labeled real images (%s)%n",
                      c.stageC().alpha(), labeled.size(), labeled.description());
              taskAware(l, TASKAWARE, Method.OURS.id(), c.stageC().alpha(), labeled);
              if (control) {
                l.out()
                    .println(
                        "== alpha = 0 control: stage c's loop on the labeled subset, no task loss");
                alphaZeroControl(l);
              }
            });
    Lanes.Lane continuation =
        new Lanes.Lane(
            "M1",
            l -> {
              l.out()
                  .printf(
                      "== M1: stage b continued for %d epochs on all unlabeled data%n",
                      c.stageB().continueEpochs());
              cycleGanContinued(l);
            });
    if (Lanes.usable(ctx) >= 2) {
      // M3 needs only the labeled subset; stage c, the control and M1's continuation only stage b.
      Lanes.run(ctx, List.of(b, m3));
      Lanes.run(ctx, m1 ? List.of(stageC, continuation) : List.of(stageC));
    } else {
      b.work().accept(ctx);
      stageC.work().accept(ctx);
      if (m1) {
        continuation.work().accept(ctx);
      }
      m3.work().accept(ctx);
    }
    ctx.out().println("== evaluation on the real validation set");
    List<Evaluation.Row> rows = MethodsTable.evaluate(ctx, List.of(), Evaluation.RESULTS);
    ctx.out()
        .printf(
            Locale.ROOT,
            "%nrun finished in %.1f min; outputs in %s%n",
            (System.nanoTime() - t0) / 6e10,
            ctx.run().root());
    return rows;
  }

  /** Whether the stage in {@code folder} of the run {@code root} has finished. */
  static boolean done(Path root, String folder) {
    return Files.exists(root.resolve(folder).resolve(StageState.DONE));
  }

  /** The checkpoint {@code pointer} ({@code best}, {@code latest}) of a stage folder. */
  static Path checkpoint(Path root, String folder, String pointer) {
    try {
      return CheckpointFolder.resolve(root.resolve(folder), pointer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path finished(TrainContext ctx, String folder, String pointer, String command) {
    Path root = ctx.run().root();
    if (!done(root, folder)) {
      throw new TrainingException(
          "Stage '"
              + folder
              + "' has not finished in "
              + root
              + ": run `real2sim "
              + command
              + "` (or `real2sim run`) first");
    }
    return checkpoint(root, folder, pointer);
  }
}

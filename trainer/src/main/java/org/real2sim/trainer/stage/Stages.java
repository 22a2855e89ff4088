package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.real2sim.models.Names;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.config.TaskAwareConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.eval.Evaluator;

/**
 * The method's stages in order — a: expert, b: CycleGAN, c: task-aware fine-tuning — plus the
 * baselines (M1's α = 0 continuation, M3, the oracle) and the final evaluation. Each stage skips
 * itself when its folder says it has finished, so {@link #runAll} continues an interrupted run.
 */
public final class Stages {

  /** Stage folder of stage a. */
  public static final String EXPERT = Stage.EXPERT.folder();

  /** Stage folder of stage b. */
  public static final String CYCLEGAN = Stage.CYCLEGAN.folder();

  /** Stage folder of stage c. */
  public static final String TASKAWARE = Stage.TASKAWARE.folder();

  /** Stage folder of M1's α = 0 continuation of stage b. */
  public static final String M1_CONTINUED = Stage.M1_CONTINUED.folder();

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
    return finished(ctx, EXPERT, Checkpoints.BEST, "train-expert");
  }

  /** Stage b: the task-agnostic CycleGAN; returns the outcome (best = M1 during stage b). */
  public static GanTrainer.Outcome cycleGan(TrainContext ctx) {
    var b = ctx.config().stageB();
    return GanTrainer.train(
        ctx,
        new GanTrainer.Job(
            CYCLEGAN, "M1", false, 0, 0, b.epochs(), b.resolvedDecayEpochs(), b.lr(), null, null),
        expertCheckpoint(ctx));
  }

  /**
   * Stage c with α from the configuration (folder {@code taskaware}), or a variant such as M1's α =
   * 0 continuation or a sweep point.
   *
   * @param folder the stage folder
   * @param method the method name in metrics
   * @param alpha α
   * @param labeled the labeled subset to train on
   */
  public static GanTrainer.Outcome taskAware(
      TrainContext ctx, String folder, String method, double alpha, LabeledSubset labeled) {
    TaskAwareConfig c = ctx.config().stageC();
    Path init = finished(ctx, CYCLEGAN, Checkpoints.LATEST, "train-cyclegan");
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
            labeled.samples()),
        expertCheckpoint(ctx));
  }

  /** M3: f_R from scratch on the labeled real images (or, as the oracle, on all of them). */
  public static Path supervised(TrainContext ctx, boolean oracle) {
    return oracle
        ? supervised(
            ctx, ORACLE, "oracle", ctx.real().samples(ctx.config().data().real().trainSplit()))
        : supervised(ctx, SUPERVISED, "M3", ctx.labeled().samples());
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
    ctx.out().println("== stage b: CycleGAN between real and synthetic");
    cycleGan(ctx);
    ctx.out()
        .printf(
            "== stage c: task-aware G_RS, alpha %.2f, %d labeled real images (%s)%n",
            c.stageC().alpha(), labeled.size(), labeled.description());
    taskAware(ctx, TASKAWARE, "ours", c.stageC().alpha(), labeled);
    if (c.stageC().baselineAlphaZero()) {
      ctx.out().println("== M1: stage b continued for as many epochs with alpha = 0");
      taskAware(ctx, M1_CONTINUED, "M1", 0.0, labeled);
    }
    ctx.out().println("== M3: f_R supervised on the same labeled real images");
    supervised(ctx, false);
    if (c.supervised().oracle()) {
      ctx.out().println("== oracle: f_R supervised on all labeled real images");
      supervised(ctx, true);
    }
    ctx.out().println("== evaluation on the real validation set");
    List<Evaluation.Row> rows = evaluate(ctx, List.of());
    ctx.out()
        .printf(
            Locale.ROOT,
            "%nrun finished in %.1f min; outputs in %s%n",
            (System.nanoTime() - t0) / 6e10,
            ctx.run().root());
    return rows;
  }

  /**
   * Evaluates the methods whose stages have finished (or only {@code methods}: in-domain, M1, M2,
   * M3, ours, oracle), prints the table and records it.
   */
  public static List<Evaluation.Row> evaluate(TrainContext ctx, List<String> methods) {
    RunConfig c = ctx.config();
    Path root = ctx.run().root();
    List<Evaluation.Row> rows = new ArrayList<>();
    Dataset real = ctx.real();
    var realVal = real.samples(c.data().real().valSplit());
    Path expert = expertCheckpoint(ctx);
    if (want(methods, "in-domain")) {
      Dataset s = ctx.synthetic();
      rows.add(
          new Evaluation.Row(
              "in-domain",
              "f on synthetic validation images",
              Evaluation.scoreNetwork(
                  ctx,
                  expert,
                  Names.EXPERT,
                  s,
                  s.samples(c.data().synthetic().valSplit()),
                  "in-domain"),
              expert));
    }
    if (want(methods, "M2")) {
      rows.add(
          new Evaluation.Row(
              "M2",
              "f(x): real images straight to the expert",
              Evaluation.scoreNetwork(ctx, expert, Names.EXPERT, real, realVal, "M2"),
              expert));
    }
    if (want(methods, "M1")) {
      Optional<Evaluation.Row> m1 =
          bestTranslated(
              ctx,
              expert,
              realVal,
              "M1",
              "f(G_RS(x)), CycleGAN only (best epoch)",
              CYCLEGAN,
              M1_CONTINUED);
      m1.ifPresent(rows::add);
    }
    if (want(methods, "M3") && done(root, SUPERVISED)) {
      Path ckpt = checkpoint(root, SUPERVISED, Checkpoints.BEST);
      rows.add(
          new Evaluation.Row(
              "M3",
              "f_R trained on the " + ctx.labeled().size() + " labeled real images",
              Evaluation.scoreNetwork(ctx, ckpt, Names.F_R, real, realVal, "M3"),
              ckpt));
    }
    if (want(methods, "ours")) {
      bestTranslated(
              ctx,
              expert,
              realVal,
              "ours",
              String.format(Locale.ROOT, "f(G_RS(x)), task-aware, alpha %.2f", c.stageC().alpha()),
              TASKAWARE)
          .ifPresent(rows::add);
    }
    if (want(methods, "oracle") && done(root, ORACLE)) {
      Path ckpt = checkpoint(root, ORACLE, Checkpoints.BEST);
      rows.add(
          new Evaluation.Row(
              "oracle",
              "f_R trained on all labeled real images",
              Evaluation.scoreNetwork(ctx, ckpt, Names.F_R, real, realVal, "oracle"),
              ckpt));
    }
    Evaluation.print(rows, real.classNames(), ctx.out());
    Evaluation.record(ctx, rows, real.classNames());
    return rows;
  }

  private static Optional<Evaluation.Row> bestTranslated(
      TrainContext ctx,
      Path expert,
      java.util.List<org.real2sim.trainer.data.Sample> realVal,
      String method,
      String description,
      String... folders) {
    Path root = ctx.run().root();
    Evaluation.Row best = null;
    for (String f : folders) {
      if (!done(root, f)) {
        continue;
      }
      Path ckpt = checkpoint(root, f, Checkpoints.BEST);
      Evaluator.Score s =
          Evaluation.scoreTranslated(
              ctx, ckpt, expert, ctx.real(), realVal, method + " (" + f + ")");
      if (best == null || s.value() > best.score().value()) {
        best = new Evaluation.Row(method, description, s, ckpt);
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean want(List<String> methods, String m) {
    return methods.isEmpty() || methods.contains(m);
  }

  private static boolean done(Path root, String folder) {
    return Files.exists(root.resolve(folder).resolve(StageState.DONE));
  }

  private static Path checkpoint(Path root, String folder, String pointer) {
    try {
      return Checkpoints.resolve(root.resolve(folder), pointer);
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

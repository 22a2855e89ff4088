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
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.run.CheckpointFolder;

/**
 * The methods table of a run: every method whose stages have finished (in-domain, M2, M1, the α = 0
 * control, ours, M3, the oracle), each scored from its best checkpoint on the real validation set,
 * printed and recorded ({@code results.json}, {@code metrics.jsonl}). Where a method has several
 * stage folders (M1: stage b and its continuation) the best of them is its row.
 */
public final class MethodsTable {

  private MethodsTable() {}

  /**
   * Evaluates the methods whose stages have finished (or only {@code methods}) on the configured
   * real validation set, prints the table and writes it to {@code resultsFile} in the run
   * directory. Only the run's own {@link Evaluation#RESULTS} is also appended to {@code
   * metrics.jsonl}; another file is an evaluation on another validation set.
   */
  public static List<Evaluation.Row> evaluate(
      TrainContext ctx, List<Method> methods, String resultsFile) {
    RunConfig c = ctx.config();
    Path root = ctx.run().root();
    List<Evaluation.Row> rows = new ArrayList<>();
    Dataset real = ctx.real();
    var realVal = real.samples(c.data().real().valSplit());
    Path expert = Stages.expertCheckpoint(ctx);
    for (Method m : Method.values()) {
      if (!methods.isEmpty() && !methods.contains(m)) {
        continue;
      }
      switch (m) {
        case IN_DOMAIN -> {
          Dataset s = ctx.synthetic();
          rows.add(
              new Evaluation.Row(
                  m,
                  m.description(),
                  Evaluation.scoreNetwork(
                      ctx,
                      expert,
                      Names.EXPERT,
                      s,
                      s.samples(c.data().synthetic().valSplit()),
                      m.id()),
                  expert));
        }
        case M2 ->
            rows.add(
                new Evaluation.Row(
                    m,
                    m.description(),
                    Evaluation.scoreNetwork(ctx, expert, Names.EXPERT, real, realVal, m.id()),
                    expert));
        case M1 ->
            bestTranslated(ctx, expert, realVal, m, m.description() + ", best epoch")
                .ifPresent(rows::add);
        case ALPHA0_CONTROL ->
            bestTranslated(ctx, expert, realVal, m, m.description() + ", best epoch")
                .ifPresent(rows::add);
        case OURS ->
            bestTranslated(
                    ctx,
                    expert,
                    realVal,
                    m,
                    String.format(
                        Locale.ROOT, "f(G_RS(x)), task-aware, alpha %.2f", c.stageC().alpha()))
                .ifPresent(rows::add);
        case M3, ORACLE -> {
          String folder = m.folders().get(0);
          if (Stages.done(root, folder)) {
            Path ckpt = Stages.checkpoint(root, folder, CheckpointFolder.BEST);
            String what =
                m == Method.M3
                    ? "f_R trained on the " + labeledCount(ctx) + " labeled real images"
                    : m.description();
            rows.add(
                new Evaluation.Row(
                    m,
                    what,
                    Evaluation.scoreNetwork(ctx, ckpt, Names.F_R, real, realVal, m.id()),
                    ckpt));
          }
        }
      }
    }
    Evaluation.print(rows, real.classNames(), ctx.out(), Evaluation.scoredAt(c));
    Evaluation.record(ctx, rows, real.classNames(), resultsFile);
    return rows;
  }

  /** The number of labeled real images of the run, read from its {@code labeled_subset.txt}. */
  private static int labeledCount(TrainContext ctx) {
    Path f = ctx.run().labeledSubset();
    if (!Files.exists(f)) {
      return ctx.labeled().size();
    }
    try {
      return (int)
          Files.readAllLines(f).stream()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .count();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f, e);
    }
  }

  private static Optional<Evaluation.Row> bestTranslated(
      TrainContext ctx, Path expert, List<Sample> realVal, Method method, String description) {
    Path root = ctx.run().root();
    Evaluation.Row best = null;
    for (String f : method.folders()) {
      if (!Stages.done(root, f)) {
        continue;
      }
      Path ckpt = Stages.checkpoint(root, f, CheckpointFolder.BEST);
      Evaluator.Score s =
          Evaluation.scoreTranslated(
              ctx, ckpt, expert, ctx.real(), realVal, method.id() + " (" + f + ")");
      if (best == null || s.value() > best.score().value()) {
        best = new Evaluation.Row(method, description, s, ckpt);
      }
    }
    return Optional.ofNullable(best);
  }
}

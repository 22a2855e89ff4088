package org.real2sim.tools.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.real2sim.tools.sweep.SweepUnits.Step;
import org.real2sim.tools.sweep.SweepUnits.Unit;
import org.real2sim.trainer.stage.Lanes;
import org.real2sim.trainer.stage.StageState;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainContext;
import org.real2sim.trainer.stage.TrainingException;

/**
 * Trains a sweep's points and records them: one after the other, or — with {@code --lanes N} and
 * TensorFlow's per-session thread pools ({@link Lanes#usable}) — N at a time, each lane on its
 * share of the cores, pulling the next independent job (a point, or the points of a group that
 * share a stage folder, in order) in plan order. Every point draws its randomness from its own
 * seeds, so with the same threads per point a point trains to the same numbers in a lane as in the
 * sequential order; the results are kept sorted by kind and value, not by finishing order. After
 * every point the results are rewritten to {@code into}. Each lane's lines are prefixed ({@code
 * [lane 1] …}) and its progress bars print plain lines.
 */
final class SweepTrainer {

  private final TrainContext ctx;
  private final Path root;
  private final Path into;
  private SweepResults results;
  private final List<String> failed = new ArrayList<>();

  /** A trainer that starts from {@code results} and rewrites them to {@code into}. */
  SweepTrainer(TrainContext ctx, SweepResults results, Path into) {
    this.ctx = ctx;
    this.root = ctx.run().root();
    this.into = into;
    this.results = results;
  }

  /** The results so far. */
  synchronized SweepResults results() {
    return results;
  }

  /** The stage folders of the points whose training failed. */
  synchronized List<String> failed() {
    return List.copyOf(failed);
  }

  /** Records the skipped units of {@code groups} and trains the others' points. */
  void train(List<List<Unit>> groups) throws IOException {
    for (List<Unit> g : groups) {
      for (Unit u : g) {
        if (u.skip() != null) {
          ctx.out()
              .println("== sweep: skipping labeled amount " + u.value() + ": " + u.skip().reason());
          add(u.skip());
        }
      }
    }
    List<List<Step>> jobs = SweepUnits.jobs(groups);
    int lanes = jobs.size() > 1 ? Math.min(Lanes.usable(ctx), jobs.size()) : 1;
    if (lanes == 1) {
      for (List<Step> job : jobs) {
        run(ctx, job);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    List<Lanes.Lane> all = new ArrayList<>();
    for (int i = 1; i <= lanes; i++) {
      all.add(
          new Lanes.Lane(
              "lane " + i,
              l -> {
                for (int j = next.getAndIncrement(); j < jobs.size(); j = next.getAndIncrement()) {
                  run(l, jobs.get(j));
                }
              }));
    }
    Lanes.run(ctx, all);
  }

  private void run(TrainContext l, List<Step> job) {
    try {
      for (Step s : job) {
        announce(l, s);
        if (attempt(l, s)) {
          record(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Sweep in " + into + ": " + e.getMessage(), e);
    }
  }

  private static void announce(TrainContext l, Step s) {
    if (s.kind().equals(SweepPoint.ALPHA)) {
      l.out()
          .printf(
              Locale.ROOT,
              "== sweep: alpha %s with %d labeled real images -> %s%n",
              SweepPlan.label(s.alpha(), 2),
              s.subset().size(),
              s.folder());
    } else {
      l.out()
          .printf(
              Locale.ROOT,
              "== sweep: labeled amount %s (%d real images), %s -> %s%n",
              SweepPlan.label(s.fraction(), 3),
              s.subset().size(),
              s.supervised() ? "M3" : "alpha " + SweepPlan.alphaLabel(s.alpha()),
              s.folder());
    }
  }

  /**
   * Trains one point on {@code l}; on a {@link TrainingException} records the point as skipped with
   * the reason, remembers it as failed and returns false.
   */
  private boolean attempt(TrainContext l, Step s) throws IOException {
    try {
      if (s.supervised()) {
        Stages.supervised(l, s.folder(), SweepPoint.M3, s.subset().samples());
      } else {
        Stages.taskAware(l, s.folder(), s.trainMethod(), s.alpha(), s.subset());
      }
      return true;
    } catch (TrainingException e) {
      l.out().println("== sweep: point " + s.folder() + " failed: " + e.getMessage());
      synchronized (this) {
        failed.add(s.folder());
      }
      add(new SweepSkip(s.kind(), s.value(), s.folder(), "failed: " + e.getMessage()));
      return false;
    }
  }

  /** Records a finished point and rewrites the results. */
  private void record(Step s) throws IOException {
    SweepPoint p = point(root, s);
    synchronized (this) {
      results = results.with(p);
      results.write(into);
    }
  }

  /**
   * The recorded point of a finished step of the run at {@code root}, from its {@code done.json}.
   */
  static SweepPoint point(Path root, Step s) throws IOException {
    StageState st =
        StageState.done(root.resolve(s.folder()))
            .orElseThrow(
                () ->
                    new TrainingException(
                        "Sweep point "
                            + s.folder()
                            + " has no "
                            + StageState.DONE
                            + " after training"));
    return new SweepPoint(
        s.kind(),
        s.alpha(),
        s.fraction(),
        s.subset().size(),
        s.method(),
        st.metric(),
        st.bestValue(),
        st.bestEpoch(),
        s.folder());
  }

  /** Adds a skipped point and rewrites the results. */
  synchronized void add(SweepSkip skip) throws IOException {
    results = results.with(skip);
    results.write(into);
  }
}

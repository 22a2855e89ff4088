package org.real2sim.tools.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.stage.Lanes;
import org.real2sim.trainer.stage.StageState;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainContext;
import org.real2sim.trainer.stage.TrainingException;

/**
 * Runs the α sweep and the labeled-amount sweep of one run directory, point by point.
 *
 * <p>Stage a and stage b are the run's own ({@link Stages#expert}, {@link Stages#cycleGan}: trained
 * if missing, skipped when finished); every point starts from stage b's final networks. Every point
 * is a stage folder with its own {@code done.json}, so an interrupted sweep continues with the next
 * unfinished point (with {@code --resume}, a point killed mid-way continues from its latest
 * checkpoint), and nothing that did not change is trained twice:
 *
 * <ul>
 *   <li>α points train on the run's labeled subset in {@code sweep/alpha-<α>/}. The point α = 0 is
 *       M1's continuation and uses (or trains) the run's {@code m1-continued/}; the point equal to
 *       {@code stageC.alpha} is the run's stage c and uses (or trains) {@code taskaware/}.
 *   <li>Labeled points draw their subset with {@link LabeledSubset#byFraction} and the run seed, so
 *       a smaller amount is contained in a larger one, write it to {@code
 *       sweep/labeled-<fraction>/labeled_subset.txt} (read back on later invocations), and train
 *       ours at {@code stageC.alpha} in {@code .../taskaware/} and M3 in {@code .../supervised/}.
 *       When the subset is exactly the run's own, the run's {@code taskaware/} and {@code
 *       supervised/} are used instead. A fraction that selects no image is recorded as skipped.
 * </ul>
 *
 * <p>A point whose training fails ({@link TrainingException}: a diverging loss, M3 on a
 * segmentation subset of one image) is recorded as skipped with the reason and the sweep goes on;
 * the next invocation tries it again, and {@link #run} ends with a {@link TrainingException} naming
 * the failed points. Each point's value is the best validation value during its training (from its
 * {@code done.json}). After every point the results, merged with those of earlier invocations whose
 * stage folders still hold a {@code done.json}, are rewritten to {@code sweep/sweep.csv} and {@code
 * sweep/sweep.json}.
 */
public final class Sweep {

  private static final double SAME = 1e-9;

  private final TrainContext ctx;
  private final Path root;
  private final Path dir;
  private SweepResults results;
  private final List<String> failed = new ArrayList<>();

  private Sweep(TrainContext ctx) {
    this.ctx = ctx;
    this.root = ctx.run().root();
    this.dir = root.resolve(SweepPlan.FOLDER);
  }

  /**
   * Runs {@code plan} on the run of {@code ctx}, prints the results table and returns the results.
   *
   * @throws TrainingException after the other points when one or more points failed, naming them;
   *     their failures are in the results as skipped points
   * @throws DataException when a data set cannot be read; the points finished before are written
   */
  public static SweepResults run(TrainContext ctx, SweepPlan plan) {
    Sweep s = new Sweep(ctx);
    try {
      return s.go(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("Sweep in " + s.dir + ": " + e.getMessage(), e);
    }
  }

  private SweepResults go(SweepPlan plan) throws IOException {
    results = previous();
    ctx.out().println("== sweep: stage a (expert) and stage b (CycleGAN) of the run");
    Stages.expert(ctx);
    Stages.cycleGan(ctx);
    if (plan.kind().alpha()) {
      alphaSweep(plan.alphas());
    }
    if (plan.kind().labeled()) {
      labeledSweep(plan.fractions());
    }
    write();
    ctx.out().println();
    ctx.out().println("sweep results (best validation value during training of each point):");
    ctx.out().print(results.table());
    ctx.out().println("written to " + dir.resolve(SweepResults.CSV) + " and " + SweepResults.JSON);
    if (!failed.isEmpty()) {
      throw new TrainingException(
          failed.size() + " sweep point(s) failed (run the same command to retry them): " + failed);
    }
    return results;
  }

  private void alphaSweep(List<Double> alphas) throws IOException {
    RunConfig c = ctx.config();
    LabeledSubset labeled = ctx.labeled();
    double fraction = runFraction(labeled);
    List<Lanes.Lane> lanes = new ArrayList<>();
    for (double alpha : alphas) {
      String[] fm = alphaPoint(c, alpha);
      lanes.add(
          new Lanes.Lane(
              fm[0], l -> trainAhead(() -> Stages.taskAware(l, fm[0], fm[1], alpha, labeled))));
    }
    inLanes(lanes);
    for (double alpha : alphas) {
      String[] fm = alphaPoint(c, alpha);
      String folder = fm[0];
      String method = fm[1];
      ctx.out()
          .printf(
              Locale.ROOT,
              "== sweep: alpha %s with %d labeled real images -> %s%n",
              SweepPlan.label(alpha, 2),
              labeled.size(),
              folder);
      String m = method;
      if (attempt(
          SweepPoint.ALPHA,
          alpha,
          folder,
          () -> Stages.taskAware(ctx, folder, m, alpha, labeled))) {
        add(SweepPoint.ALPHA, alpha, fraction, labeled.size(), SweepPoint.OURS, folder);
      }
    }
  }

  private void labeledSweep(List<Double> fractions) throws IOException {
    double alpha = ctx.config().stageC().alpha();
    LabeledSubset own = ctx.labeled();
    for (double fraction : fractions) {
      String folder = SweepPlan.labeledFolder(fraction);
      LabeledSubset subset;
      try {
        subset = subset(fraction, folder);
      } catch (DataException e) {
        ctx.out().println("== sweep: skipping labeled amount " + fraction + ": " + e.getMessage());
        results = results.with(new SweepSkip(SweepPoint.LABELED, fraction, folder, e.getMessage()));
        write();
        continue;
      }
      boolean reuse = ids(subset).equals(ids(own));
      String ours = reuse ? Stages.TASKAWARE : folder + "/" + Stages.TASKAWARE;
      String m3 = reuse ? Stages.SUPERVISED : folder + "/" + Stages.SUPERVISED;
      ctx.out()
          .printf(
              Locale.ROOT,
              "== sweep: labeled amount %s (%d real images)%s%n",
              SweepPlan.label(fraction, 3),
              subset.size(),
              reuse ? ", the run's own subset: using " + ours + " and " + m3 : "");
      LabeledSubset chosen = subset;
      inLanes(
          List.of(
              new Lanes.Lane(
                  ours,
                  l -> trainAhead(() -> Stages.taskAware(l, ours, SweepPoint.OURS, alpha, chosen))),
              new Lanes.Lane(
                  m3,
                  l ->
                      trainAhead(
                          () -> Stages.supervised(l, m3, SweepPoint.M3, chosen.samples())))));
      if (attempt(
          SweepPoint.LABELED,
          fraction,
          ours,
          () -> Stages.taskAware(ctx, ours, SweepPoint.OURS, alpha, chosen))) {
        add(SweepPoint.LABELED, alpha, fraction, subset.size(), SweepPoint.OURS, ours);
      }
      if (attempt(
          SweepPoint.LABELED,
          fraction,
          m3,
          () -> Stages.supervised(ctx, m3, SweepPoint.M3, chosen.samples()))) {
        add(SweepPoint.LABELED, Double.NaN, fraction, subset.size(), SweepPoint.M3, m3);
      }
    }
  }

  /** The folder and method of the alpha sweep's point {@code alpha}. */
  private static String[] alphaPoint(RunConfig c, double alpha) {
    if (Math.abs(alpha - c.stageC().alpha()) < SAME) {
      return new String[] {Stages.TASKAWARE, SweepPoint.OURS};
    } else if (alpha == 0) {
      return new String[] {Stages.M1_CONTINUED, "M1"};
    }
    return new String[] {SweepPlan.alphaFolder(alpha), SweepPoint.OURS};
  }

  /**
   * With {@code --lanes} of 2 or more, trains {@code points} that many at a time ({@link Lanes});
   * the sequential pass afterwards then finds them finished and records them in order. Without
   * lanes it does nothing and the sequential pass trains. Each point has its own folder and seeds,
   * so it computes the same either way.
   */
  private void inLanes(List<Lanes.Lane> points) {
    int n = Lanes.usable(ctx);
    if (n < 2) {
      return;
    }
    for (int i = 0; i < points.size(); i += n) {
      Lanes.run(ctx, points.subList(i, Math.min(points.size(), i + n)));
    }
  }

  /** Trains a point ahead of the sequential pass; a failure is left for that pass to record. */
  private static void trainAhead(Runnable train) {
    try {
      train.run();
    } catch (TrainingException e) {
      // the sequential pass meets the same failure and records it as a skipped point
    }
  }

  /**
   * Trains one point; on a {@link TrainingException} records the point as skipped with the reason,
   * remembers it as failed and returns false.
   */
  private boolean attempt(String kind, double value, String folder, Runnable train)
      throws IOException {
    try {
      train.run();
      return true;
    } catch (TrainingException e) {
      ctx.out().println("== sweep: point " + folder + " failed: " + e.getMessage());
      failed.add(folder);
      results = results.with(new SweepSkip(kind, value, folder, "failed: " + e.getMessage()));
      write();
      return false;
    }
  }

  /** The subset of one labeled amount: read back from its folder, or drawn and written there. */
  private LabeledSubset subset(double fraction, String folder) throws IOException {
    Dataset real = ctx.real();
    String split = ctx.config().data().real().trainSplit();
    Path file = root.resolve(folder).resolve(LabeledSubset.FILE_NAME);
    if (Files.exists(file)) {
      return LabeledSubset.read(file, real, split);
    }
    LabeledSubset s = LabeledSubset.byFraction(real, split, fraction, ctx.config().seed());
    s.write(file);
    return s;
  }

  /** The run's labeled amount: its configured fraction, or N_L / n for a count or a file. */
  private double runFraction(LabeledSubset labeled) {
    var d = ctx.config().data();
    if (d.labeledSubset().isEmpty() && d.labeledCount() == 0) {
      return d.labeledFraction();
    }
    return (double) labeled.size() / ctx.real().samples(labeled.split()).size();
  }

  private static List<String> ids(LabeledSubset s) {
    return s.samples().stream().map(Sample::id).toList();
  }

  private void add(
      String kind, double alpha, double fraction, int count, String method, String folder)
      throws IOException {
    StageState st =
        StageState.done(root.resolve(folder))
            .orElseThrow(
                () ->
                    new TrainingException(
                        "Sweep point "
                            + folder
                            + " has no "
                            + StageState.DONE
                            + " after training"));
    results =
        results.with(
            new SweepPoint(
                kind,
                alpha,
                fraction,
                count,
                method,
                st.metric(),
                st.bestValue(),
                st.bestEpoch(),
                folder));
    write();
  }

  private void write() throws IOException {
    results.write(dir);
  }

  /** The results of earlier invocations whose stage folders are still finished. */
  private SweepResults previous() throws IOException {
    Path file = dir.resolve(SweepResults.JSON);
    if (!Files.exists(file)) {
      return SweepResults.empty();
    }
    SweepResults old = SweepResults.readJson(file);
    List<SweepPoint> kept = new ArrayList<>();
    for (SweepPoint p : old.points()) {
      if (Files.exists(root.resolve(p.stage()).resolve(StageState.DONE))) {
        kept.add(p);
      }
    }
    return new SweepResults(kept, old.skipped());
  }
}

package org.real2sim.tools.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.real2sim.tools.report.Report;
import org.real2sim.tools.report.ReportException;
import org.real2sim.tools.sweep.SweepUnits.Step;
import org.real2sim.tools.sweep.SweepUnits.Unit;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.stage.StageState;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainContext;
import org.real2sim.trainer.stage.TrainingException;

/**
 * Runs the α sweep and the labeled-amount sweep of one run directory, point by point, in one
 * process or as the shards of an array job.
 *
 * <p>Stage a and stage b are the run's own ({@link Stages#expert}, {@link Stages#cycleGan}: trained
 * if missing, skipped when finished); every point starts from stage b's final networks. Every point
 * is a stage folder with its own {@code done.json}, so an interrupted sweep continues with the next
 * unfinished point (with {@code --resume}, a point killed mid-way continues from its latest
 * checkpoint), and nothing that did not change is trained twice:
 *
 * <ul>
 *   <li>α points train on the run's labeled subset in {@code sweep/alpha-<α>/}. The point α = 0 is
 *       the α = 0 control (stage c's loop without the task term, not M1) and uses (or trains) the
 *       run's {@code alpha0-control/}; the point equal to {@code stageC.alpha} is the run's stage c
 *       and uses (or trains) {@code taskaware/}.
 *   <li>Labeled points draw their subset with {@link LabeledSubset#byFraction} and the run seed, so
 *       a smaller amount is contained in a larger one, write it to {@code
 *       sweep/labeled-<fraction>/labeled_subset.txt} (read back on later invocations), and train
 *       ours at the sweep's own α ({@code stageC.sweepAlpha}, the paper's 0.8 on SYNTHIA where the
 *       run uses 0.9; −1 = {@code stageC.alpha}) in {@code .../taskaware/} (or {@code
 *       .../taskaware-alpha-<α>/} when that α is not the run's) and M3 in {@code .../supervised/}.
 *       When the subset is exactly the run's own, the run's {@code supervised/} is used instead,
 *       and so is its {@code taskaware/} when the α is the run's. A fraction that selects no image
 *       is recorded as skipped.
 * </ul>
 *
 * <p>A point whose training fails ({@link TrainingException}: a diverging loss, M3 on a
 * segmentation subset of one image) is recorded as skipped with the reason and the sweep goes on;
 * the next invocation tries it again, and {@link #run} ends with a {@link TrainingException} naming
 * the failed points. Each point's value is the best validation value during its training (from its
 * {@code done.json}). After every point the results, merged with those of earlier invocations whose
 * stage folders still hold a {@code done.json}, are rewritten to {@code sweep/sweep.csv} and {@code
 * sweep/sweep.json}.
 *
 * <p><b>On a cluster</b> (a Slurm array or a Kubernetes Indexed Job over one shared run directory):
 * {@link #prepare} trains stages a and b and draws every labeled subset once, then writes {@code
 * sweep/prepared.json} — the job the array depends on. The plan's work units (one per α, one per
 * labeled amount with its ours and M3 points; units that share a stage folder, such as the α equal
 * to {@code stageC.alpha} and the run's own labeled amount, are one unit) are dealt round-robin to
 * the shards in plan order; {@link #shard} trains only its own units, refuses to start when the run
 * is not prepared for the same plan (it never trains stage a or b), and writes only its points'
 * folders plus {@code sweep/shards/shard-I-of-N/} (its results) and {@code
 * sweep/shards/shard-I-of-N.done} (written last). A shard restarted by the scheduler resumes its
 * points from their latest checkpoints and skips finished ones. The shard that finds every {@code
 * .done} marker present merges; {@link #merge} can also be run at any time and again: it reads
 * every point's {@code done.json}, writes {@code sweep.csv}, {@code sweep.json} (atomically) and
 * the report, and names the points still missing. Run-level logs ({@code metrics.jsonl}, one line
 * per append, and {@code events/}, one file per process) are shared by all shards.
 *
 * <p><b>Lanes.</b> With {@code --lanes N} (in one process or in a shard) the independent points
 * train N at a time, each on its share of the cores ({@link SweepTrainer}); with the same threads
 * per point ({@code --threads 1} on 2 cores) the results equal those of the sequential order.
 *
 * <p>The units come from {@link SweepUnits}, the prepare and shard markers from {@link
 * SweepMarkers}.
 */
public final class Sweep {

  /** The marker {@link #prepare} writes into {@code sweep/}. */
  public static final String PREPARED = "prepared.json";

  /** The folder under {@code sweep/} holding the shards' results and markers. */
  public static final String SHARDS = "shards";

  private final TrainContext ctx;
  private final Path root;
  private final Path dir;
  private final SweepMarkers markers;

  private Sweep(TrainContext ctx) {
    this.ctx = ctx;
    this.root = ctx.run().root();
    this.dir = root.resolve(SweepPlan.FOLDER);
    this.markers = new SweepMarkers(root);
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
      return s.full(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("Sweep in " + s.dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Trains what every shard of {@code plan} shares — stage a, stage b, the run's labeled subset and
   * each labeled amount's subset — and writes {@code sweep/prepared.json}. Runs once, before the
   * array.
   */
  public static void prepare(TrainContext ctx, SweepPlan plan) {
    Sweep s = new Sweep(ctx);
    try {
      ctx.out().println("== sweep --prepare: stage a (expert) and stage b (CycleGAN) of the run");
      Stages.expert(ctx);
      Stages.cycleGan(ctx);
      List<Unit> units = SweepUnits.of(ctx, plan, true);
      s.markers.writePrepared(plan);
      ctx.out()
          .println(
              "== sweep --prepare: done; "
                  + units.size()
                  + " work unit(s) for the shards, marker "
                  + s.markers.prepared());
    } catch (IOException e) {
      throw new UncheckedIOException("Sweep in " + s.dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Trains the units of {@code plan} that {@code shard} owns, then writes its marker and, when
   * every shard's marker is present, merges.
   *
   * @throws TrainingException when the run is not prepared for this plan (nothing is trained), or
   *     after its other points when a point failed (no marker is written: the retry tries again)
   */
  public static SweepResults shard(TrainContext ctx, SweepPlan plan, SweepShard shard) {
    Sweep s = new Sweep(ctx);
    try {
      return s.runShard(plan, shard);
    } catch (IOException e) {
      throw new UncheckedIOException("Sweep in " + s.dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds {@code sweep.csv}, {@code sweep.json} and the report from every finished point of {@code
   * plan}, naming the missing ones; idempotent.
   */
  public static SweepResults merge(TrainContext ctx, SweepPlan plan) {
    Sweep s = new Sweep(ctx);
    try {
      return s.doMerge(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("Sweep in " + s.dir + ": " + e.getMessage(), e);
    }
  }

  private SweepResults full(SweepPlan plan) throws IOException {
    SweepResults before = previous();
    ctx.out().println("== sweep: stage a (expert) and stage b (CycleGAN) of the run");
    Stages.expert(ctx);
    Stages.cycleGan(ctx);
    SweepTrainer t = new SweepTrainer(ctx, before, dir);
    t.train(SweepUnits.groups(SweepUnits.of(ctx, plan, true)));
    SweepResults results = t.results();
    results.write(dir);
    printResults(results);
    if (!t.failed().isEmpty()) {
      throw new TrainingException(
          t.failed().size()
              + " sweep point(s) failed (run the same command to retry them): "
              + t.failed());
    }
    return results;
  }

  private SweepResults runShard(SweepPlan plan, SweepShard shard) throws IOException {
    markers.requirePrepared(plan);
    List<Unit> units = SweepUnits.of(ctx, plan, false);
    List<List<Unit>> groups = SweepUnits.groups(units);
    Path own = markers.shardResults(shard);
    List<List<Unit>> owned = new ArrayList<>();
    List<String> mine = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      if (shard.owns(g)) {
        owned.add(groups.get(g));
        groups.get(g).forEach(u -> mine.add(u.label()));
      }
    }
    ctx.out()
        .println(
            "== sweep shard "
                + shard
                + ": "
                + mine.size()
                + " of "
                + units.size()
                + " work unit(s): "
                + mine);
    SweepTrainer t = new SweepTrainer(ctx, SweepResults.empty(), own);
    t.train(owned);
    t.results().write(own);
    if (!t.failed().isEmpty()) {
      throw new TrainingException(
          "shard "
              + shard
              + ": "
              + t.failed().size()
              + " sweep point(s) failed (the scheduler's retry, or the same command, tries them"
              + " again): "
              + t.failed());
    }
    markers.writeDone(shard, mine);
    List<String> waiting = markers.waiting(shard.count());
    if (!waiting.isEmpty()) {
      ctx.out()
          .println(
              "== sweep shard "
                  + shard
                  + ": finished; waiting for shard(s) "
                  + waiting
                  + " (the last one merges, or run sweep --merge)");
      return t.results();
    }
    ctx.out().println("== sweep shard " + shard + ": every shard finished, merging");
    return doMerge(plan);
  }

  private SweepResults doMerge(SweepPlan plan) throws IOException {
    Map<String, SweepSkip> recordedSkips = new LinkedHashMap<>();
    Path shards = dir.resolve(SHARDS);
    if (Files.isDirectory(shards)) {
      try (Stream<Path> s = Files.list(shards)) {
        for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
          Path f = d.resolve(SweepResults.JSON);
          if (Files.exists(f)) {
            for (SweepSkip k : SweepResults.readJson(f).skipped()) {
              recordedSkips.put(k.stage(), k);
            }
          }
        }
      }
    }
    SweepResults results = SweepResults.empty();
    List<String> missing = new ArrayList<>();
    for (Unit u : SweepUnits.of(ctx, plan, false)) {
      if (u.skip() != null) {
        results = results.with(u.skip());
        continue;
      }
      for (Step st : u.steps()) {
        if (StageState.done(root.resolve(st.folder())).isPresent()) {
          results = results.with(SweepTrainer.point(root, st));
        } else {
          SweepSkip k = recordedSkips.get(st.folder());
          String reason = k != null ? k.reason() : "missing: not finished (no done.json yet)";
          results = results.with(new SweepSkip(st.kind(), st.value(), st.folder(), reason));
          missing.add(st.folder());
        }
      }
    }
    results.write(dir);
    printResults(results);
    try {
      Report.Written w = Report.write(root);
      ctx.out().println("report: " + w.html());
    } catch (ReportException e) {
      ctx.out().println("warning: the report could not be written: " + e.getMessage());
    }
    if (!missing.isEmpty()) {
      ctx.out()
          .println("missing points (" + missing.size() + "), not in the results yet: " + missing);
    }
    return results;
  }

  private void printResults(SweepResults results) {
    ctx.out().println();
    ctx.out().println("sweep results (best validation value during training of each point):");
    ctx.out().print(results.table());
    ctx.out().println("written to " + dir.resolve(SweepResults.CSV) + " and " + SweepResults.JSON);
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

package org.real2sim.tools.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.real2sim.tools.report.Report;
import org.real2sim.tools.report.ReportException;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.run.AtomicFiles;
import org.real2sim.trainer.stage.Method;
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
 */
public final class Sweep {

  /** The marker {@link #prepare} writes into {@code sweep/}. */
  public static final String PREPARED = "prepared.json";

  /** The folder under {@code sweep/} holding the shards' results and markers. */
  public static final String SHARDS = "shards";

  private static final double SAME = 1e-9;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainContext ctx;
  private final Path root;
  private final Path dir;
  private SweepResults results;
  private final List<String> failed = new ArrayList<>();

  /** One point to train: where, how, and what to record. */
  private record Step(
      String kind,
      double alpha,
      double fraction,
      String method,
      String trainMethod,
      String folder,
      LabeledSubset subset,
      boolean supervised) {}

  /** A work unit: the points that belong together (one α, or one labeled amount). */
  private record Unit(String kind, double value, String label, List<Step> steps, SweepSkip skip) {}

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
      List<Unit> units = s.units(plan, true);
      AtomicFiles.writeString(s.dir.resolve(PREPARED), planJson(plan) + "\n");
      ctx.out()
          .println(
              "== sweep --prepare: done; "
                  + units.size()
                  + " work unit(s) for the shards, marker "
                  + s.dir.resolve(PREPARED));
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
    results = previous();
    ctx.out().println("== sweep: stage a (expert) and stage b (CycleGAN) of the run");
    Stages.expert(ctx);
    Stages.cycleGan(ctx);
    for (Unit u : units(plan, true)) {
      train(u);
      write();
    }
    write();
    printResults();
    if (!failed.isEmpty()) {
      throw new TrainingException(
          failed.size() + " sweep point(s) failed (run the same command to retry them): " + failed);
    }
    return results;
  }

  private SweepResults runShard(SweepPlan plan, SweepShard shard) throws IOException {
    requirePrepared(plan);
    List<Unit> units = units(plan, false);
    List<List<Unit>> groups = groups(units);
    Path own = dir.resolve(SHARDS).resolve(shard.name());
    results = SweepResults.empty();
    List<String> mine = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      if (shard.owns(g)) {
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
    for (int g = 0; g < groups.size(); g++) {
      if (!shard.owns(g)) {
        continue;
      }
      for (Unit u : groups.get(g)) {
        train(u);
        results.write(own);
      }
    }
    results.write(own);
    if (!failed.isEmpty()) {
      throw new TrainingException(
          "shard "
              + shard
              + ": "
              + failed.size()
              + " sweep point(s) failed (the scheduler's retry, or the same command, tries them"
              + " again): "
              + failed);
    }
    AtomicFiles.writeString(dir.resolve(SHARDS).resolve(shard.name() + ".done"), mine + "\n");
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < shard.count(); i++) {
      String n = new SweepShard(i, shard.count()).name();
      if (!Files.exists(dir.resolve(SHARDS).resolve(n + ".done"))) {
        waiting.add(i + "/" + shard.count());
      }
    }
    if (!waiting.isEmpty()) {
      ctx.out()
          .println(
              "== sweep shard "
                  + shard
                  + ": finished; waiting for shard(s) "
                  + waiting
                  + " (the last one merges, or run sweep --merge)");
      return results;
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
    results = SweepResults.empty();
    List<String> missing = new ArrayList<>();
    for (Unit u : units(plan, false)) {
      if (u.skip() != null) {
        results = results.with(u.skip());
        continue;
      }
      for (Step st : u.steps()) {
        if (StageState.done(root.resolve(st.folder())).isPresent()) {
          record(st);
        } else {
          SweepSkip k = recordedSkips.get(st.folder());
          String reason = k != null ? k.reason() : "missing: not finished (no done.json yet)";
          results =
              results.with(
                  new SweepSkip(
                      st.kind(),
                      st.kind().equals(SweepPoint.ALPHA) ? st.alpha() : st.fraction(),
                      st.folder(),
                      reason));
          missing.add(st.folder());
        }
      }
    }
    write();
    printResults();
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

  private void printResults() {
    ctx.out().println();
    ctx.out().println("sweep results (best validation value during training of each point):");
    ctx.out().print(results.table());
    ctx.out().println("written to " + dir.resolve(SweepResults.CSV) + " and " + SweepResults.JSON);
  }

  /** Refuses a shard on a run whose shared stages were not prepared for the same plan. */
  private void requirePrepared(SweepPlan plan) throws IOException {
    Path marker = dir.resolve(PREPARED);
    String how =
        "run `real2sim sweep --prepare` with the same options first, as the job the array"
            + " depends on: shards never train the shared stages a and b themselves, so that N"
            + " shards do not race on them";
    if (!Files.exists(marker)) {
      throw new TrainingException(
          "The run " + root + " is not prepared (no " + marker + "): " + how);
    }
    for (String stage : List.of(Stages.EXPERT, Stages.CYCLEGAN)) {
      if (StageState.done(root.resolve(stage)).isEmpty()) {
        throw new TrainingException(
            "The run " + root + " has no finished " + stage + "/ (no done.json): " + how);
      }
    }
    String want = planJson(plan);
    String have = Files.readString(marker).strip();
    if (!JSON.readTree(have).equals(JSON.readTree(want))) {
      throw new TrainingException(
          "The run "
              + root
              + " was prepared for another plan: "
              + have
              + ", this shard has "
              + want
              + "; give the shards the options of the prepare job");
    }
  }

  private static String planJson(SweepPlan plan) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", plan.kind().label());
    var a = o.putArray("alphas");
    if (plan.kind().alpha()) {
      plan.alphas().forEach(a::add);
    }
    var f = o.putArray("fractions");
    if (plan.kind().labeled()) {
      plan.fractions().forEach(f::add);
    }
    return o.toString();
  }

  /** The plan's work units in plan order; {@code write} draws and writes missing subsets. */
  private List<Unit> units(SweepPlan plan, boolean write) throws IOException {
    List<Unit> out = new ArrayList<>();
    RunConfig c = ctx.config();
    if (plan.kind().alpha()) {
      LabeledSubset labeled = ctx.labeled();
      double fraction = runFraction(labeled);
      for (double alpha : plan.alphas()) {
        String folder;
        String method = SweepPoint.OURS;
        if (Math.abs(alpha - c.stageC().alpha()) < SAME) {
          folder = Stages.TASKAWARE;
        } else if (alpha == 0) {
          folder = Stages.ALPHA0_CONTROL;
          method = Method.ALPHA0_CONTROL.id();
        } else {
          folder = SweepPlan.alphaFolder(alpha);
        }
        out.add(
            new Unit(
                SweepPoint.ALPHA,
                alpha,
                "alpha " + SweepPlan.alphaLabel(alpha),
                List.of(
                    new Step(
                        SweepPoint.ALPHA,
                        alpha,
                        fraction,
                        SweepPoint.OURS,
                        method,
                        folder,
                        labeled,
                        false)),
                null));
      }
    }
    if (plan.kind().labeled()) {
      double alpha = c.stageC().labeledSweepAlpha();
      boolean runAlpha = Math.abs(alpha - c.stageC().alpha()) < SAME;
      List<String> own = ids(ctx.labeled());
      for (double fraction : plan.fractions()) {
        String folder = SweepPlan.labeledFolder(fraction);
        String label = "labeled " + SweepPlan.fractionLabel(fraction);
        LabeledSubset subset;
        try {
          subset = subset(fraction, folder, write);
        } catch (DataException e) {
          out.add(
              new Unit(
                  SweepPoint.LABELED,
                  fraction,
                  label,
                  List.of(),
                  new SweepSkip(SweepPoint.LABELED, fraction, folder, e.getMessage())));
          continue;
        }
        boolean reuse = ids(subset).equals(own);
        String ours =
            runAlpha
                ? (reuse ? Stages.TASKAWARE : folder + "/" + Stages.TASKAWARE)
                : folder + "/" + Stages.TASKAWARE + "-alpha-" + SweepPlan.alphaLabel(alpha);
        String m3 = reuse ? Stages.SUPERVISED : folder + "/" + Stages.SUPERVISED;
        out.add(
            new Unit(
                SweepPoint.LABELED,
                fraction,
                label,
                List.of(
                    new Step(
                        SweepPoint.LABELED,
                        alpha,
                        fraction,
                        SweepPoint.OURS,
                        SweepPoint.OURS,
                        ours,
                        subset,
                        false),
                    new Step(
                        SweepPoint.LABELED,
                        Double.NaN,
                        fraction,
                        SweepPoint.M3,
                        SweepPoint.M3,
                        m3,
                        subset,
                        true)),
                null));
      }
    }
    return out;
  }

  /**
   * The units grouped so that units sharing a stage folder are in one group (one shard), groups in
   * the order of their first unit.
   */
  private static List<List<Unit>> groups(List<Unit> units) {
    List<List<Unit>> groups = new ArrayList<>();
    Map<String, List<Unit>> byFolder = new LinkedHashMap<>();
    for (Unit u : units) {
      List<Unit> into = null;
      for (Step s : u.steps()) {
        List<Unit> g = byFolder.get(s.folder());
        if (g != null && into == null) {
          into = g;
        } else if (g != null && g != into) {
          // a unit joining two groups: fold the later one into the earlier one
          List<Unit> merged = into;
          into.addAll(g);
          groups.remove(g);
          byFolder.replaceAll((k, v) -> v == g ? merged : v);
        }
      }
      if (into == null) {
        into = new ArrayList<>();
        groups.add(into);
      }
      into.add(u);
      for (Step s : u.steps()) {
        byFolder.put(s.folder(), into);
      }
    }
    return groups;
  }

  private void train(Unit u) throws IOException {
    if (u.skip() != null) {
      ctx.out()
          .println("== sweep: skipping labeled amount " + u.value() + ": " + u.skip().reason());
      results = results.with(u.skip());
      return;
    }
    for (Step s : u.steps()) {
      if (s.kind().equals(SweepPoint.ALPHA)) {
        ctx.out()
            .printf(
                Locale.ROOT,
                "== sweep: alpha %s with %d labeled real images -> %s%n",
                SweepPlan.label(s.alpha(), 2),
                s.subset().size(),
                s.folder());
      } else if (!s.supervised()) {
        ctx.out()
            .printf(
                Locale.ROOT,
                "== sweep: labeled amount %s (%d real images), alpha %s -> %s%n",
                SweepPlan.label(s.fraction(), 3),
                s.subset().size(),
                SweepPlan.alphaLabel(s.alpha()),
                s.folder());
      }
      Runnable train =
          s.supervised()
              ? () -> Stages.supervised(ctx, s.folder(), SweepPoint.M3, s.subset().samples())
              : () -> Stages.taskAware(ctx, s.folder(), s.trainMethod(), s.alpha(), s.subset());
      if (attempt(s, train)) {
        record(s);
      }
    }
  }

  /**
   * Trains one point; on a {@link TrainingException} records the point as skipped with the reason,
   * remembers it as failed and returns false.
   */
  private boolean attempt(Step s, Runnable train) {
    try {
      train.run();
      return true;
    } catch (TrainingException e) {
      ctx.out().println("== sweep: point " + s.folder() + " failed: " + e.getMessage());
      failed.add(s.folder());
      double value = s.kind().equals(SweepPoint.ALPHA) ? s.alpha() : s.fraction();
      results =
          results.with(new SweepSkip(s.kind(), value, s.folder(), "failed: " + e.getMessage()));
      return false;
    }
  }

  /**
   * The subset of one labeled amount: read back from its folder, or drawn (and, with {@code write},
   * written there).
   */
  private LabeledSubset subset(double fraction, String folder, boolean write) throws IOException {
    Dataset real = ctx.real();
    String split = ctx.config().data().real().trainSplit();
    Path file = root.resolve(folder).resolve(LabeledSubset.FILE_NAME);
    if (Files.exists(file)) {
      return LabeledSubset.read(file, real, split);
    }
    LabeledSubset s = LabeledSubset.byFraction(real, split, fraction, ctx.config().seed());
    if (write) {
      s.write(file);
    }
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

  private void record(Step s) throws IOException {
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
    results =
        results.with(
            new SweepPoint(
                s.kind(),
                s.alpha(),
                s.fraction(),
                s.subset().size(),
                s.method(),
                st.metric(),
                st.bestValue(),
                st.bestEpoch(),
                s.folder()));
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

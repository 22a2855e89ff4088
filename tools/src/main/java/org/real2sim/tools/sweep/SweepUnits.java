package org.real2sim.tools.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.stage.Method;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainContext;

/**
 * What a sweep plan trains on one run: its points ({@link Step}), the work units they form ({@link
 * Unit}: one α, or one labeled amount with its ours and M3 points) and the groups of units that
 * share a stage folder and so must run one after the other, in one shard and one lane.
 */
final class SweepUnits {

  private static final double SAME = 1e-9;

  /** One point to train: where, how, and what to record. */
  record Step(
      String kind,
      double alpha,
      double fraction,
      String method,
      String trainMethod,
      String folder,
      LabeledSubset subset,
      boolean supervised) {

    /** The value the point is recorded under: its α, or its labeled fraction. */
    double value() {
      return kind.equals(SweepPoint.ALPHA) ? alpha : fraction;
    }
  }

  /** A work unit: the points that belong together (one α, or one labeled amount). */
  record Unit(String kind, double value, String label, List<Step> steps, SweepSkip skip) {}

  private SweepUnits() {}

  /** The plan's work units in plan order; {@code write} draws and writes missing subsets. */
  static List<Unit> of(TrainContext ctx, SweepPlan plan, boolean write) throws IOException {
    List<Unit> out = new ArrayList<>();
    RunConfig c = ctx.config();
    if (plan.kind().alpha()) {
      LabeledSubset labeled = ctx.labeled();
      double fraction = runFraction(ctx, labeled);
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
        Step s =
            new Step(
                SweepPoint.ALPHA, alpha, fraction, SweepPoint.OURS, method, folder, labeled, false);
        out.add(
            new Unit(
                SweepPoint.ALPHA, alpha, "alpha " + SweepPlan.alphaLabel(alpha), List.of(s), null));
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
          subset = subset(ctx, fraction, folder, write);
        } catch (DataException e) {
          SweepSkip skip = new SweepSkip(SweepPoint.LABELED, fraction, folder, e.getMessage());
          out.add(new Unit(SweepPoint.LABELED, fraction, label, List.of(), skip));
          continue;
        }
        boolean reuse = ids(subset).equals(own);
        String ours =
            runAlpha
                ? (reuse ? Stages.TASKAWARE : folder + "/" + Stages.TASKAWARE)
                : folder + "/" + Stages.TASKAWARE + "-alpha-" + SweepPlan.alphaLabel(alpha);
        String m3 = reuse ? Stages.SUPERVISED : folder + "/" + Stages.SUPERVISED;
        List<Step> steps =
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
                    true));
        out.add(new Unit(SweepPoint.LABELED, fraction, label, steps, null));
      }
    }
    return out;
  }

  /**
   * The units grouped so that units sharing a stage folder are in one group (one shard), groups in
   * the order of their first unit.
   */
  static List<List<Unit>> groups(List<Unit> units) {
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

  /**
   * The independent jobs of {@code groups}, in plan order, for lanes: a group of one unit gives one
   * job per point (a labeled amount's ours and M3 share nothing), a larger group one job with all
   * its points in order (they share a stage folder). A skipped unit gives no job.
   */
  static List<List<Step>> jobs(List<List<Unit>> groups) {
    List<List<Step>> jobs = new ArrayList<>();
    for (List<Unit> g : groups) {
      if (g.size() == 1) {
        g.get(0).steps().forEach(s -> jobs.add(List.of(s)));
      } else {
        List<Step> all = new ArrayList<>();
        g.forEach(u -> all.addAll(u.steps()));
        jobs.add(all);
      }
    }
    return jobs;
  }

  /**
   * The subset of one labeled amount: read back from its folder, or drawn (and, with {@code write},
   * written there).
   */
  private static LabeledSubset subset(
      TrainContext ctx, double fraction, String folder, boolean write) throws IOException {
    Dataset real = ctx.real();
    String split = ctx.config().data().real().trainSplit();
    Path file = ctx.run().root().resolve(folder).resolve(LabeledSubset.FILE_NAME);
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
  private static double runFraction(TrainContext ctx, LabeledSubset labeled) {
    var d = ctx.config().data();
    if (d.labeledSubset().isEmpty() && d.labeledCount() == 0) {
      return d.labeledFraction();
    }
    return (double) labeled.size() / ctx.real().samples(labeled.split()).size();
  }

  private static List<String> ids(LabeledSubset s) {
    return s.samples().stream().map(Sample::id).toList();
  }
}

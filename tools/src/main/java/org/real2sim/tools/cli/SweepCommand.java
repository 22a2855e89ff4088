package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.tools.sweep.Sweep;
import org.real2sim.tools.sweep.SweepKind;
import org.real2sim.tools.sweep.SweepPlan;
import org.real2sim.tools.sweep.SweepShard;
import org.real2sim.trainer.cli.TrainerCli;

/**
 * {@code real2sim sweep}: the α sweep and the labeled-amount sweep of a run, with the training
 * options of {@code real2sim run} plus {@code --kind}, {@code --alphas} and {@code --fractions}.
 */
final class SweepCommand {

  private static final String SUMMARY =
      "Sweep alpha (the task-loss weight) and the labeled amount (ours and M3 at each amount) on"
          + " one run: stage a and b are the run's own, every point is its own stage folder under"
          + " <run>/sweep/ and is skipped once finished, so the same command continues an"
          + " interrupted sweep. Alpha 0 is the alpha = 0 control (the run's alpha0-control/; M1,"
          + " stage b continued, is the run's cyclegan-continued/), the configured stageC.alpha is"
          + " the run's taskaware/. The labeled-amount sweep trains ours at its own alpha,"
          + " stageC.sweepAlpha (paper: 0.8 on SYNTHIA where the run uses 0.9; -1 = the"
          + " run's stageC.alpha), and the run's own labeled amount uses its supervised/ (and its"
          + " taskaware/ when the alpha is the run's). A fraction that selects no image, or a point"
          + " that fails, is recorded as skipped. Results: <run>/sweep/sweep.csv and sweep.json."
          + " On a cluster: --prepare once (stages a and b), then --shard I/N (or auto, from"
          + " SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/"
          + SweepShard.COUNT_ENV
          + ") in every array task over the same run directory; the last shard merges, and"
          + " --merge merges what is finished at any time (see docs/cluster/). Independent points"
          + " train in lanes, one per core by default (--lanes N; a shard: 1 unless --lanes is"
          + " given), each on its share of the cores.";

  private SweepCommand() {}

  /** Runs the command with its arguments; returns 0 (success), 1 (failure) or 2 (usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = TrainerCli.commonOptions();
    o.addOption(
        Option.builder()
            .longOpt("kind")
            .hasArg()
            .argName(String.join("|", SweepKind.NAMES))
            .desc("which sweep to run (default: both)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("alphas")
            .hasArg()
            .argName("LIST")
            .desc("alpha values, comma-separated (default: " + join(SweepPlan.DEFAULT_ALPHAS) + ")")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("fractions")
            .hasArg()
            .argName("LIST")
            .desc(
                "labeled fractions of the real training split, comma-separated (default: "
                    + join(SweepPlan.DEFAULT_FRACTIONS)
                    + ")")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("shard")
            .hasArg()
            .argName("I/N|auto")
            .desc(
                "train only shard I of N (0-based) of the points, resuming them; auto reads"
                    + " SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/"
                    + SweepShard.COUNT_ENV)
            .build());
    o.addOption(
        Option.builder()
            .longOpt("prepare")
            .desc("train the shared stages a and b and draw the labeled subsets, then stop")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("merge")
            .desc("write sweep.csv, sweep.json and the report from the finished points")
            .build());
    SweepPlan plan;
    SweepShard shard = null;
    boolean prepare = false;
    boolean merge = false;
    try {
      CommandLine parsed = new DefaultParser().parse(o, args);
      plan = plan(parsed);
      prepare = parsed.hasOption("prepare");
      merge = parsed.hasOption("merge");
      if (parsed.hasOption("shard")) {
        shard = SweepShard.parse(parsed.getOptionValue("shard"), System.getenv());
      }
      if ((prepare ? 1 : 0) + (merge ? 1 : 0) + (shard != null ? 1 : 0) > 1) {
        throw new IllegalArgumentException("give at most one of --prepare, --shard and --merge");
      }
    } catch (ParseException e) {
      plan = null; // TrainerCli.run reports the same parse error as a usage error
    } catch (IllegalArgumentException e) {
      err.println("real2sim sweep: " + e.getMessage());
      return 2;
    }
    SweepPlan p = plan;
    SweepShard sh = shard;
    boolean prep = prepare;
    boolean mrg = merge;
    String[] effective = args;
    if (sh != null && !List.of(args).contains("--resume")) {
      // a shard restarted by the scheduler continues its points from their checkpoints
      effective =
          java.util.stream.Stream.concat(
                  List.of(args).stream(), java.util.stream.Stream.of("--resume"))
              .toArray(String[]::new);
    }
    return TrainerCli.run(
        "sweep",
        SUMMARY,
        o,
        effective,
        out,
        err,
        (ctx, line) -> {
          // Independent points side by side, one lane per core, unless --lanes says otherwise; a
          // shard keeps the one lane the scheduler sized it for.
          ctx.lanes(
              TrainerCli.lanes(line, sh != null ? 1 : Runtime.getRuntime().availableProcessors()));
          if (prep) {
            Sweep.prepare(ctx, p);
          } else if (mrg) {
            Sweep.merge(ctx, p);
          } else if (sh != null) {
            Sweep.shard(ctx, p, sh);
          } else {
            Sweep.run(ctx, p);
          }
          return 0;
        });
  }

  /** The plan the sweep options describe. */
  static SweepPlan plan(CommandLine line) {
    SweepKind kind = SweepKind.parse(line.getOptionValue("kind", SweepKind.BOTH.label()));
    List<Double> alphas =
        line.hasOption("alphas")
            ? SweepPlan.parseList("--alphas", line.getOptionValue("alphas"))
            : SweepPlan.DEFAULT_ALPHAS;
    List<Double> fractions =
        line.hasOption("fractions")
            ? SweepPlan.parseList("--fractions", line.getOptionValue("fractions"))
            : SweepPlan.DEFAULT_FRACTIONS;
    return new SweepPlan(kind, alphas, fractions);
  }

  private static String join(List<Double> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }
}

package org.real2sim.trainer.cli;

import java.io.PrintStream;
import org.real2sim.trainer.stage.Stages;

/**
 * {@code real2sim run}: stages a → b → c, the baselines and the evaluation from one configuration.
 */
public final class RunCommand {

  private RunCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return TrainerCli.run(
        "run",
        "Run stages a, b and c, the baselines (M1: stage b continued for stageB.continueEpochs on"
            + " all unlabeled data; the alpha = 0 control; M3; the oracle if"
            + " supervised.oracle) and the evaluation; finished stages are"
            + " skipped, so the same command continues an interrupted run (with --resume for a"
            + " stage killed mid-way).",
        TrainerCli.commonOptions(),
        args,
        out,
        err,
        (ctx, line) -> {
          Stages.runAll(ctx);
          return 0;
        });
  }
}

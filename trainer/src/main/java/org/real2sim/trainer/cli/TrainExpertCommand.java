package org.real2sim.trainer.cli;

import java.io.PrintStream;
import org.real2sim.trainer.stage.Stages;

/** {@code real2sim train-expert}: stage a, the expert f on the synthetic domain. */
public final class TrainExpertCommand {

  private TrainExpertCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return TrainerCli.run(
        "train-expert",
        "Stage a: train the expert f from scratch on the synthetic domain (then it stays frozen).",
        TrainerCli.commonOptions(),
        args,
        out,
        err,
        (ctx, line) -> {
          out.println("best expert checkpoint: " + Stages.expert(ctx));
          return 0;
        });
  }
}

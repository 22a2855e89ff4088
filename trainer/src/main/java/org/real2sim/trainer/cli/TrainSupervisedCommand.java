package org.real2sim.trainer.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.real2sim.trainer.stage.Stages;

/**
 * {@code real2sim train-supervised}: baseline M3 (f_R on the labeled real images) or the oracle.
 */
public final class TrainSupervisedCommand {

  private TrainSupervisedCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = TrainerCli.commonOptions();
    o.addOption(
        Option.builder()
            .longOpt("oracle")
            .desc("train on all labeled real images instead of the labeled subset")
            .build());
    return TrainerCli.run(
        "train-supervised",
        "Baseline M3: train the expert's architecture from scratch on the labeled real images.",
        o,
        args,
        out,
        err,
        (ctx, line) -> {
          out.println("best checkpoint: " + Stages.supervised(ctx, line.hasOption("oracle")));
          return 0;
        });
  }
}

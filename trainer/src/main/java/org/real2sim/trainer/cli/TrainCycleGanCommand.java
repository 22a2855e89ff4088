package org.real2sim.trainer.cli;

import java.io.PrintStream;
import org.real2sim.trainer.stage.GanTrainer;
import org.real2sim.trainer.stage.Stages;

/** {@code real2sim train-cyclegan}: stage b, the task-agnostic CycleGAN (baseline M1). */
public final class TrainCycleGanCommand {

  private TrainCycleGanCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return TrainerCli.run(
        "train-cyclegan",
        "Stage b: train a CycleGAN between the real and synthetic domains, then M1's continuation"
            + " of it on all unlabeled data (stageB.continueEpochs epochs, 0 = none, as the paper's"
            + " \"another 125 epochs\"); needs stage a.",
        TrainerCli.commonOptions(),
        args,
        out,
        err,
        (ctx, line) -> {
          GanTrainer.Outcome o = Stages.cycleGan(ctx);
          out.printf(
              "best f(G_RS(x)) %s %.4f at epoch %d (%s)%n",
              o.state().metric(), o.state().bestValue(), o.state().bestEpoch(), o.best());
          Stages.cycleGanContinued(ctx)
              .ifPresent(
                  c ->
                      out.printf(
                          "M1 continuation: best f(G_RS(x)) %s %.4f at epoch %d (%s)%n",
                          c.state().metric(),
                          c.state().bestValue(),
                          c.state().bestEpoch(),
                          c.best()));
          return 0;
        });
  }
}

package org.real2sim.trainer.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.real2sim.trainer.stage.GanTrainer;
import org.real2sim.trainer.stage.Method;
import org.real2sim.trainer.stage.Stages;

/**
 * {@code real2sim train-taskaware}: stage c, G_RS fine-tuned with the frozen expert's task loss.
 */
public final class TrainTaskAwareCommand {

  private TrainTaskAwareCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = TrainerCli.commonOptions();
    o.addOption(
        Option.builder()
            .longOpt("alpha")
            .hasArg()
            .argName("A")
            .desc("weight of the task loss, in [0, 1] (same as --set stageC.alpha=A)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("baseline")
            .desc(
                "also train the alpha = 0 control: this loop without the task term"
                    + " (stageC.baselineAlphaZero; its own table row, not M1)")
            .build());
    return TrainerCli.run(
        "train-taskaware",
        "Stage c: fine-tune G_RS on the labeled real subset with (1-alpha)*LSGAN + alpha*gamma*CE"
            + " through the frozen expert; needs stages a and b.",
        o,
        java.util.Map.of("alpha", "stageC.alpha"),
        java.util.List.of(),
        args,
        out,
        err,
        (ctx, line) -> {
          var c = ctx.config().stageC();
          GanTrainer.Outcome r =
              Stages.taskAware(ctx, Stages.TASKAWARE, Method.OURS.id(), c.alpha(), ctx.labeled());
          out.printf(
              "best f(G_RS(x)) %s %.4f at epoch %d (%s)%n",
              r.state().metric(), r.state().bestValue(), r.state().bestEpoch(), r.best());
          if (line.hasOption("baseline")) {
            GanTrainer.Outcome a0 = Stages.alphaZeroControl(ctx);
            out.printf(
                "alpha = 0 control: best %.4f at epoch %d%n",
                a0.state().bestValue(), a0.state().bestEpoch());
          }
          return 0;
        });
  }
}

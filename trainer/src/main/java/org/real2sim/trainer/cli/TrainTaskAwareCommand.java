package org.real2sim.trainer.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.real2sim.trainer.stage.GanTrainer;
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
            .desc("also train M1's alpha = 0 continuation (stageC.baselineAlphaZero)")
            .build());
    String[] effective = args;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--alpha") && i + 1 < args.length) {
        effective = append(effective, "--set", "stageC.alpha=" + args[i + 1]);
      }
    }
    return TrainerCli.run(
        "train-taskaware",
        "Stage c: fine-tune G_RS on the labeled real subset with (1-alpha)*LSGAN + alpha*gamma*CE"
            + " through the frozen expert; needs stages a and b.",
        o,
        effective,
        out,
        err,
        (ctx, line) -> {
          var c = ctx.config().stageC();
          GanTrainer.Outcome r =
              Stages.taskAware(ctx, Stages.TASKAWARE, "ours", c.alpha(), ctx.labeled());
          out.printf(
              "best f(G_RS(x)) %s %.4f at epoch %d (%s)%n",
              r.state().metric(), r.state().bestValue(), r.state().bestEpoch(), r.best());
          if (line.hasOption("baseline")) {
            GanTrainer.Outcome m1 =
                Stages.taskAware(ctx, Stages.M1_CONTINUED, "M1", 0.0, ctx.labeled());
            out.printf(
                "M1 continuation: best %.4f at epoch %d%n",
                m1.state().bestValue(), m1.state().bestEpoch());
          }
          return 0;
        });
  }

  private static String[] append(String[] a, String... more) {
    String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }
}

package org.real2sim.trainer.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.real2sim.trainer.stage.Stages;

/** {@code real2sim evaluate}: the methods table (in-domain, M1, M2, M3, ours, oracle) of a run. */
public final class EvaluateCommand {

  /** The methods the command knows. */
  public static final List<String> METHODS =
      List.of("in-domain", "M1", "M2", "M3", "ours", "oracle");

  private EvaluateCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = TrainerCli.commonOptions();
    o.addOption(
        Option.builder()
            .longOpt("methods")
            .hasArg()
            .argName("LIST")
            .desc("comma-separated subset of " + METHODS + " (default: all that have finished)")
            .build());
    return TrainerCli.run(
        "evaluate",
        "Score the finished stages of a run on the real validation set and print the methods table."
            + " Point --set data.real.root=... at another validation set to evaluate there.",
        o,
        args,
        out,
        err,
        (ctx, line) -> {
          List<String> methods = List.of();
          if (line.hasOption("methods")) {
            methods = List.of(line.getOptionValue("methods").split(","));
            for (String m : methods) {
              if (!METHODS.contains(m)) {
                err.println(
                    "real2sim evaluate: unknown method '" + m + "', expected one of " + METHODS);
                return 2;
              }
            }
          }
          Stages.evaluate(ctx, methods);
          return 0;
        });
  }
}

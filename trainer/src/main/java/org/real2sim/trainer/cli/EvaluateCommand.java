package org.real2sim.trainer.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.DatasetRef;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.stage.Method;
import org.real2sim.trainer.stage.MethodsTable;

/**
 * {@code real2sim evaluate}: the methods table (in-domain, M2, M1, the α = 0 control, M3, ours,
 * oracle) of a run. With {@code --set data.real.*} pointing at another validation set, the table
 * goes into a results file of its own ({@code results-<set>.json}); the run's {@code results.json},
 * {@code metrics.jsonl} and {@code config.json} stay as they were.
 */
public final class EvaluateCommand {

  /** The methods the command knows, in table order. */
  public static final List<String> METHODS = Method.ids();

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
        "Score the finished stages of a run on the real validation set and print the methods table"
            + " (into results.json). Point --set data.real.root=... (and data.real.format, .valSplit,"
            + " .options) at another validation set to evaluate there: that table goes into"
            + " results-<set>.json and the run's own results are left alone.",
        o,
        java.util.Map.of(),
        List.of("data.real."),
        args,
        out,
        err,
        (ctx, line) -> {
          List<Method> methods = new ArrayList<>();
          if (line.hasOption("methods")) {
            for (String m : line.getOptionValue("methods").split(",")) {
              try {
                methods.add(Method.of(m.strip()));
              } catch (IllegalArgumentException e) {
                err.println("real2sim evaluate: " + e.getMessage());
                return 2;
              }
            }
          }
          String file = resultsFile(ctx.run().config(), ctx.config());
          if (!file.equals(Evaluation.RESULTS)) {
            out.println(
                "evaluating on another validation set ("
                    + ctx.config().data().real().root()
                    + "); the table goes into "
                    + ctx.run().root().resolve(file));
          }
          MethodsTable.evaluate(ctx, methods, file);
          return 0;
        });
  }

  /**
   * {@link Evaluation#RESULTS} when {@code config} evaluates on the run's own real validation set
   * (as recorded in {@code runConfig}), else {@code results-<set>.json} named after the other set.
   */
  static String resultsFile(java.nio.file.Path runConfig, RunConfig config) {
    if (!Files.exists(runConfig)) {
      return Evaluation.RESULTS;
    }
    DatasetRef own = ConfigLoader.read(runConfig).data().real();
    DatasetRef now = config.data().real();
    if (own.equals(now)) {
      return Evaluation.RESULTS;
    }
    java.nio.file.Path root = java.nio.file.Path.of(now.root()).toAbsolutePath().normalize();
    String name = root.getFileName() == null ? "root" : root.getFileName().toString();
    // The hash keeps two sets with the same folder name (or other options) apart.
    String tag =
        now.format()
            + "-"
            + name
            + "-"
            + now.valSplit()
            + "-"
            + String.format("%08x", (root + "|" + now.options()).hashCode());
    tag = tag.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
    return "results-" + tag + ".json";
  }
}

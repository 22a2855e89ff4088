package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.runtime.cli.Suggestions;
import org.real2sim.trainer.cli.ConfigCommand;
import org.real2sim.trainer.cli.EvaluateCommand;
import org.real2sim.trainer.cli.RunCommand;
import org.real2sim.trainer.cli.TrainCycleGanCommand;
import org.real2sim.trainer.cli.TrainExpertCommand;
import org.real2sim.trainer.cli.TrainSupervisedCommand;
import org.real2sim.trainer.cli.TrainTaskAwareCommand;

/**
 * The {@code real2sim} command line: dispatches {@code real2sim <command> [options]} to one class
 * per subcommand. Each subcommand prints its own {@code --help}.
 */
public final class Real2Sim {

  /**
   * A subcommand: {@code run(args, out, err)} returns 0 (success), 1 (failure) or 2 (usage error).
   */
  @FunctionalInterface
  public interface Command {
    /** Runs the command. */
    int run(String[] args, PrintStream out, PrintStream err);
  }

  /** A registered subcommand with its one-line description. */
  public record Entry(String name, String description, Command command) {}

  private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

  static {
    add(
        "quickstart",
        "The main job: benchmark, stages a/b/c, baselines, export, runtime check and report.",
        QuickstartCommand::run);
    add(
        "run",
        "Stages a, b, c, baselines M1/M3 and evaluation from one configuration.",
        RunCommand::run);
    add("train-expert", "Stage a: the expert f on the synthetic domain.", TrainExpertCommand::run);
    add(
        "train-cyclegan",
        "Stage b: CycleGAN between real and synthetic (baseline M1).",
        TrainCycleGanCommand::run);
    add(
        "train-taskaware",
        "Stage c: task-aware fine-tuning of G_RS with a few labels.",
        TrainTaskAwareCommand::run);
    add(
        "train-supervised",
        "Baseline M3 (or the oracle): f_R on labeled real images.",
        TrainSupervisedCommand::run);
    add(
        "evaluate",
        "The methods table (in-domain, M1, M2, M3, ours) of a run.",
        EvaluateCommand::run);
    add("sweep", "Sweep alpha and the labeled amount (ours and M3) on one run.", SweepCommand::run);
    add(
        "report",
        "Write report.html and report.md (tables, plots, samples) of a run.",
        ReportCommand::run);
    add(
        "config",
        "Print the effective configuration (preset + file + --set) with defaults and help.",
        ConfigCommand::run);
    add("info", "Print versions, threads and devices this installation sees.", InfoCommand::run);
    add(
        "generate",
        "Write a procedural domain-gap benchmark (shapes, streets).",
        GenerateCommand::run);
    add(
        "bench-pipeline",
        "Measure input-pipeline throughput (images/s).",
        BenchPipelineCommand::run);
    add(
        "soak",
        "Run 100,000 inferences on a tiny bundle; check that memory stays flat.",
        SoakCommand::run);
    add(
        "export",
        "Export a run as a bundle (fused ONNX graph), checked against TensorFlow.",
        ExportCommand::run);
    add(
        "bench-inference",
        "Inference latency: the ONNX bundle against TensorFlow Java, GFLOP/s.",
        BenchInferenceCommand::run);
    add(BenchCycleGanCommand.NAME, BenchCycleGanCommand.DESCRIPTION, BenchCycleGanCommand::run);
  }

  private static void add(String name, String description, Command command) {
    COMMANDS.put(name, new Entry(name, description, command));
  }

  private Real2Sim() {}

  /** The registered commands, in help order. */
  public static Map<String, Entry> commands() {
    return COMMANDS;
  }

  /** Entry point; exits with the command's exit code. */
  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    System.out.flush();
    System.exit(rc);
  }

  /** Runs {@code real2sim args} with the given streams and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? 2 : 0;
    }
    if (args[0].equals("--version") || args[0].equals("-V") || args[0].equals("version")) {
      VersionCommand.print(out);
      return 0;
    }
    Entry e = COMMANDS.get(args[0]);
    if (e == null) {
      err.println(
          "real2sim: unknown command '"
              + args[0]
              + "'"
              + Suggestions.didYouMean(args[0], COMMANDS.keySet())
              + ", expected one of "
              + COMMANDS.keySet());
      return 2;
    }
    return e.command().run(Arrays.copyOfRange(args, 1, args.length), out, err);
  }

  private static void usage(PrintStream s) {
    s.println("usage: real2sim <command> [options]   (real2sim <command> --help for its options)");
    s.println("       real2sim --version");
    s.println();
    for (Entry e : COMMANDS.values()) {
      s.printf("  %-18s %s%n", e.name(), e.description());
    }
  }
}

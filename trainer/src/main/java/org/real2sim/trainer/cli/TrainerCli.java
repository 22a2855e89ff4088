package org.real2sim.trainer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.TrainingDevice;
import org.real2sim.trainer.config.ConfigException;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.stage.TrainContext;
import org.real2sim.trainer.stage.TrainingException;

/**
 * What every training command shares: the configuration options (preset, file, overrides), the run
 * directory, resume, device and threads; parsing, help, and the mapping of failures to exit codes.
 */
public final class TrainerCli {

  /** The body of a command, run with a ready context. */
  @FunctionalInterface
  public interface Body {
    /** Runs the command; returns the exit code. */
    int run(TrainContext ctx, CommandLine line) throws Exception;
  }

  private TrainerCli() {}

  /** The options every training command takes. */
  public static Options commonOptions() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("preset")
            .hasArg()
            .argName("NAME")
            .desc("start from a preset: " + String.join(", ", ConfigLoader.PRESETS))
            .build());
    o.addOption(
        Option.builder()
            .longOpt("config")
            .hasArg()
            .argName("FILE")
            .desc("merge a JSON configuration file (after the preset)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("set")
            .hasArgs()
            .argName("PATH=VALUE")
            .desc("override one field, e.g. --set stageB.epochs=10 (repeatable)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("runs")
            .hasArg()
            .argName("DIR")
            .desc("folder holding run directories (default: runs)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("name")
            .hasArg()
            .argName("NAME")
            .desc("run name: outputs go to <runs>/<name> (same as --set name=NAME)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("resume")
            .desc("continue unfinished stages from their latest checkpoint")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("device")
            .hasArg()
            .argName("cpu|cuda[:N]")
            .desc(
                "device: cpu, cuda[:N] or cuda:N,M,... (one data-parallel replica per GPU in"
                    + " stage a, M3 and the oracle); falls back to cpu with a warning when a GPU"
                    + " is not usable")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("threads")
            .hasArg()
            .argName("N")
            .desc("TensorFlow threads; 0 = all cores")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("lanes")
            .hasArg()
            .argName("N")
            .desc(
                "run independent stages N at a time (stage b beside M3, stage c beside M1's"
                    + " continuation), cores split between them; 0 = one per core (default 1)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("skip-bad")
            .desc("skip unreadable or invalid data files (listed in the run directory)")
            .build());
    o.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return o;
  }

  /**
   * Parses {@code args}, builds the configuration and the context, and runs {@code body}; maps
   * usage errors to 2 and failures to 1 with a message on {@code err}.
   */
  public static int run(
      String command,
      String summary,
      Options options,
      String[] args,
      PrintStream out,
      PrintStream err,
      Body body) {
    return run(command, summary, options, Map.of(), List.of(), args, out, err, body);
  }

  /**
   * As {@link #run(String, String, Options, String[], PrintStream, PrintStream, Body)}, with
   * command-specific options that set configuration fields and fields that may differ from the
   * run's configuration.
   *
   * @param aliases long option name → the configuration path it sets ({@code alpha} → {@code
   *     stageC.alpha}); applied after {@code --set}
   * @param mayDiffer paths (a trailing '.' for a whole section) that may differ from the run
   *     directory's {@code config.json} for this command, e.g. {@code data.real.} for {@code
   *     evaluate} on another validation set
   */
  public static int run(
      String command,
      String summary,
      Options options,
      Map<String, String> aliases,
      List<String> mayDiffer,
      String[] args,
      PrintStream out,
      PrintStream err,
      Body body) {
    CommandLine line;
    try {
      line = new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      err.println("try: real2sim " + command + " --help");
      return 2;
    }
    if (line.hasOption("help")) {
      help(command, summary, options, out);
      return 0;
    }
    if (!line.getArgList().isEmpty()) {
      err.println(
          "real2sim " + command + ": unexpected argument '" + line.getArgList().get(0) + "'");
      return 2;
    }
    RunConfig config;
    try {
      config = config(line, aliases);
    } catch (ConfigException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      return 2;
    }
    Path runs = Path.of(line.getOptionValue("runs", "runs"));
    RunDir run = RunDir.of(runs, config.name());
    try {
      ConfigCheck.checkConfig(run, config, mayDiffer);
    } catch (ConfigException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      return 2;
    }
    TrainingDevice.deprecation(config.device()).ifPresent(n -> err.println("warning: " + n));
    TfSessions.DeviceChoice device = TfSessions.useDevice(config.device());
    if (device.fallbackReason() != null) {
      err.println("warning: " + device.fallbackReason() + "; running on the CPU");
    }
    int lanes;
    try {
      lanes = lanes(line, 1);
    } catch (ConfigException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      return 2;
    }
    try (TrainContext ctx = new TrainContext(config, run, out, line.hasOption("resume"))) {
      ctx.lanes(lanes);
      return body.run(ctx, line);
    } catch (ConfigException | DataException | TrainingException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      return 1;
    } catch (UncheckedIOException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("real2sim " + command + ": " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("real2sim " + command + ": failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /** The configuration the command line describes. */
  /**
   * The {@code --lanes} value: {@code fallback} when absent, the cores for 0.
   *
   * @throws ConfigException naming the value when it is not an integer >= 0
   */
  public static int lanes(CommandLine line, int fallback) {
    if (!line.hasOption("lanes")) {
      return fallback;
    }
    String v = line.getOptionValue("lanes");
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("--lanes must be an integer >= 0, found '" + v + "'");
    }
    if (n < 0) {
      throw new ConfigException("--lanes must be an integer >= 0, found '" + v + "'");
    }
    return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
  }

  public static RunConfig config(CommandLine line) {
    return config(line, Map.of());
  }

  /** The configuration the command line describes, with command-specific option aliases. */
  public static RunConfig config(CommandLine line, Map<String, String> aliases) {
    ConfigLoader loader = new ConfigLoader();
    if (line.hasOption("preset")) {
      loader.preset(line.getOptionValue("preset"));
    }
    if (line.hasOption("config")) {
      loader.file(Path.of(line.getOptionValue("config")));
    }
    if (line.hasOption("set")) {
      for (String s : line.getOptionValues("set")) {
        loader.set(s);
      }
    }
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (line.hasOption(a.getKey())) {
        loader.set(a.getValue() + "=" + line.getOptionValue(a.getKey()));
      }
    }
    if (line.hasOption("name")) {
      loader.set("name=" + line.getOptionValue("name"));
    }
    if (line.hasOption("device")) {
      loader.set("device=" + line.getOptionValue("device"));
    }
    if (line.hasOption("threads")) {
      loader.set("threads=" + line.getOptionValue("threads"));
    }
    if (line.hasOption("skip-bad")) {
      loader.set("data.skipBad=true");
    }
    return loader.build();
  }

  /** Prints a command's help. */
  static void help(String command, String summary, Options options, PrintStream out) {
    HelpFormatter f = new HelpFormatter();
    PrintWriter pw = new PrintWriter(out);
    f.printHelp(
        pw,
        100,
        "real2sim " + command + " [options]",
        summary,
        options,
        2,
        2,
        "Every configuration field with its value, default and description: real2sim config"
            + " --show (with the same --preset/--config/--set). Exit codes: 0 ok, 1 failure, 2"
            + " usage error.",
        false);
    pw.flush();
  }
}

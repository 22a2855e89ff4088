package org.real2sim.trainer.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.trainer.config.ConfigException;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.ConfigText;
import org.real2sim.trainer.config.RunConfig;

/**
 * {@code real2sim config --show}: the effective configuration that the same {@code --preset},
 * {@code --config} and {@code --set} options would give a training command, every field with its
 * value, type, default and description. Touches no run directory.
 */
public final class ConfigCommand {

  private ConfigCommand() {}

  /** Runs the command; returns 0, 1 or 2. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = TrainerCli.commonOptions();
    o.addOption(
        Option.builder()
            .longOpt("show")
            .desc("print the effective configuration (the default action)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("json")
            .desc("print it as the JSON a --config file takes instead")
            .build());
    CommandLine line;
    try {
      line = new DefaultParser().parse(o, args);
    } catch (ParseException e) {
      err.println("real2sim config: " + e.getMessage());
      err.println("try: real2sim config --help");
      return 2;
    }
    if (line.hasOption("help")) {
      HelpFormatter f = new HelpFormatter();
      PrintWriter pw = new PrintWriter(out);
      f.printHelp(
          pw,
          100,
          "real2sim config --show [--preset NAME] [--config FILE] [--set PATH=VALUE ...]",
          "Print the effective configuration (preset, file and overrides resolved) with each"
              + " field's type, default and description; '*' marks a non-default value.",
          o,
          2,
          2,
          "Exit codes: 0 ok, 2 usage error (an invalid configuration).",
          false);
      pw.flush();
      return 0;
    }
    if (!line.getArgList().isEmpty()) {
      err.println("real2sim config: unexpected argument '" + line.getArgList().get(0) + "'");
      return 2;
    }
    RunConfig config;
    try {
      config = TrainerCli.config(line);
    } catch (ConfigException e) {
      err.println("real2sim config: " + e.getMessage());
      return 2;
    }
    if (line.hasOption("json")) {
      try {
        out.println(ConfigLoader.mapper().writeValueAsString(config));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        err.println("real2sim config: " + e.getMessage());
        return 1;
      }
    } else {
      out.print(ConfigText.describe(config));
    }
    return 0;
  }
}

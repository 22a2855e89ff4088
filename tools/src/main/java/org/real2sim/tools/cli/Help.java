package org.real2sim.tools.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Prints an option list in the commands' help format: {@code --name ARG description}. */
final class Help {

  private Help() {}

  static void options(PrintStream s, Options options) {
    for (Option o : options.getOptions()) {
      String name = "--" + o.getLongOpt() + (o.hasArg() ? " " + o.getArgName() : "");
      if (o.getOpt() != null) {
        name = "-" + o.getOpt() + ", " + name;
      }
      s.printf("  %-22s %s%n", name, o.getDescription());
    }
    s.println("Exit codes: 0 success, 1 failure, 2 usage error.");
  }
}

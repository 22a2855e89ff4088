package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Command-line parsing and help shared by the {@code real2sim} commands of this module. */
public final class CommandLines {

  private CommandLines() {}

  /**
   * Parses {@code args} against {@code options}; unless {@code --help} is given, a positional
   * argument is an error.
   *
   * @throws ParseException naming the unknown option, the missing value or the unexpected argument
   */
  public static CommandLine parse(Options options, String[] args) throws ParseException {
    CommandLine cl = DefaultParser.builder().get().parse(options, args);
    if (!cl.hasOption("help") && !cl.getArgList().isEmpty()) {
      throw new ParseException("unexpected argument '" + cl.getArgList().get(0) + "'");
    }
    return cl;
  }

  /**
   * The integer value of option {@code --name}, or {@code fallback} when it is absent.
   *
   * @throws IllegalArgumentException naming the option and the value if it is not an integer
   */
  public static long longOption(CommandLine cl, String name, long fallback) {
    String v = cl.getOptionValue(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, found '" + v + "'");
    }
  }

  /**
   * The {@code int} value of option {@code --name}, or {@code fallback} when it is absent.
   *
   * @throws IllegalArgumentException naming the option and the value if it is not an integer or out
   *     of the {@code int} range
   */
  public static int intOption(CommandLine cl, String name, int fallback) {
    long v = longOption(cl, name, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " is out of range: " + v);
    }
    return (int) v;
  }

  /**
   * Prints Commons CLI's help, 100 columns wide: {@code usage: <syntax>}, the {@code header}, the
   * options and the {@code footer}.
   */
  public static void printHelp(
      PrintStream out, String syntax, String header, Options options, String footer) {
    PrintWriter w = new PrintWriter(out);
    new HelpFormatter().printHelp(w, 100, syntax, header, options, 2, 2, footer, false);
    w.flush();
  }
}

package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.tools.report.Report;
import org.real2sim.tools.report.ReportException;

/** {@code real2sim report RUN_DIR}: writes {@code RUN_DIR/report/} from the run directory alone. */
final class ReportCommand {

  private static final String SUMMARY =
      "Write report.html and report.md into <run>/report/: configuration, methods and per-class"
          + " tables, domain-gap table, alpha and labeled-amount curves (PNG and SVG), training"
          + " curves, best sample grids and the bundle. Reads only the run directory; missing"
          + " pieces (no sweep, no oracle, no bundle) are stated in the report.";

  private ReportCommand() {}

  /** Runs the command with its arguments; returns 0 (success), 1 (failure) or 2 (usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o = new Options();
    o.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    CommandLine line;
    try {
      line = new DefaultParser().parse(o, args);
    } catch (ParseException e) {
      err.println("real2sim report: " + e.getMessage());
      err.println("try: real2sim report --help");
      return 2;
    }
    if (line.hasOption("help")) {
      CommandLines.printHelp(
          out,
          "real2sim report RUN_DIR",
          SUMMARY,
          o,
          "Exit codes: 0 ok, 1 failure, 2 usage error.");
      return 0;
    }
    if (line.getArgList().size() != 1) {
      err.println(
          "real2sim report: expected one run directory, e.g. real2sim report runs/tiny; found "
              + line.getArgList().size()
              + " arguments");
      return 2;
    }
    try {
      Report.Written w = Report.write(Path.of(line.getArgList().get(0)));
      out.println("report: " + w.html());
      out.println("        " + w.markdown());
      out.println("plots:  " + w.plots().size() + " files in " + w.dir().resolve("plots"));
      if (!w.missing().isEmpty()) {
        out.println("missing pieces (stated in the report):");
        w.missing().forEach(m -> out.println("  - " + m));
      }
      return 0;
    } catch (ReportException e) {
      err.println("real2sim report: " + e.getMessage());
      return 1;
    }
  }
}

package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.pipeline.ExportResult;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.tools.export.ExportOptions;
import org.real2sim.tools.export.RunExporter;

/**
 * {@code real2sim export}: writes a training run's bundle (one fused ONNX graph + {@code
 * bundle.json}) after checking it against TensorFlow on the run's validation images, and prints the
 * parity numbers. Exit codes: 0 exported, 1 failed (parity, missing or damaged checkpoint), 2
 * usage.
 */
final class ExportCommand {

  private ExportCommand() {}

  /** The command's options (also its help text). */
  static org.apache.commons.cli.Options options() {
    org.apache.commons.cli.Options o = new org.apache.commons.cli.Options();
    o.addOption(
        Option.builder()
            .longOpt("run")
            .hasArg()
            .argName("DIR")
            .desc("training run directory (with config.json and checkpoints); required")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("out")
            .hasArg()
            .argName("DIR")
            .desc("bundle directory (default: RUN/bundle)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("part")
            .hasArg()
            .argName("P")
            .desc("pipeline (G_RS then f, default), expert (f alone, M2) or generator (G_RS alone)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("generator")
            .hasArg()
            .argName("STAGE")
            .desc(
                "G_RS from taskaware (default, the method), cyclegan or cyclegan-continued (M1),"
                    + " alpha0-control (the alpha = 0 control)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("fp16")
            .desc("store weights as float16 (half the size; parity tolerance 1e-2)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("opset")
            .hasArg()
            .argName("N")
            .desc("ONNX opset, 17..22 (default 17)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("samples")
            .hasArg()
            .argName("N")
            .desc("validation images for the parity check (default 8)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("input-policy")
            .hasArg()
            .argName("MODE")
            .desc(
                "fixed (default: the training size, other sizes resized) or multiple (any"
                    + " multiple of 4 up to --max-side)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("max-side")
            .hasArg()
            .argName("PX")
            .desc("largest side of the multiple policy (default 4096)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("threads")
            .hasArg()
            .argName("N")
            .desc("threads of the parity check (default 0 = all cores)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("no-translated")
            .desc("leave out the 'translated' output")
            .build());
    o.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return o;
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    org.apache.commons.cli.Options opts = options();
    CommandLine cl;
    ExportOptions options;
    Path run;
    try {
      cl = CommandLines.parse(opts, args);
      if (cl.hasOption("help")) {
        CommandLines.printHelp(
            out,
            "real2sim export --run DIR [options]",
            "Exports a run as a bundle and checks it against TensorFlow.",
            opts,
            "");
        return 0;
      }
      if (!cl.hasOption("run")) {
        throw new ParseException("--run DIR is required");
      }
      run = Path.of(cl.getOptionValue("run"));
      ExportOptions d = ExportOptions.defaults();
      options =
          new ExportOptions(
              part(cl.getOptionValue("part", "pipeline")),
              choice(cl, "generator", d.generatorStage(), RunExporter.GENERATOR_STAGES),
              cl.hasOption("fp16"),
              integer(cl, "opset", d.opset()),
              integer(cl, "samples", d.samples()),
              ExportOptions.PolicyMode.valueOf(
                  choice(cl, "input-policy", "fixed", List.of("fixed", "multiple"))
                      .toUpperCase(Locale.ROOT)),
              integer(cl, "max-side", d.maxSide()),
              integer(cl, "threads", d.threads()),
              !cl.hasOption("no-translated"));
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim export: " + e.getMessage());
      return 2;
    }
    try {
      RunExporter.Report r =
          RunExporter.export(
              run, cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : null, options, out);
      ExportResult x = r.result();
      out.println("export: " + x.parity().summary());
      out.printf(
          Locale.ROOT,
          "export: wrote %s (%s, %s, %d classes, %.2f MB, %,d weights, sha256 %s)%n",
          x.bundle(),
          x.manifest().part().jsonName(),
          x.manifest().task().jsonName(),
          x.manifest().numClasses(),
          x.modelBytes() / 1e6,
          x.parameters(),
          x.manifest().modelSha256().substring(0, 12));
      out.println("export: input policy " + x.manifest().inputPolicy().describe());
      return 0;
    } catch (ExportException e) {
      err.println("real2sim export: " + e.getMessage());
      return 1;
    }
  }

  private static BundlePart part(String s) throws ParseException {
    for (BundlePart p : BundlePart.values()) {
      if (p.jsonName().equals(s)) {
        return p;
      }
    }
    throw new ParseException(
        "unknown --part '" + s + "', expected one of [pipeline, expert, generator]");
  }

  private static String choice(CommandLine cl, String name, String dflt, List<String> valid)
      throws ParseException {
    String v = cl.getOptionValue(name, dflt);
    if (!valid.contains(v)) {
      throw new ParseException("unknown --" + name + " '" + v + "', expected one of " + valid);
    }
    return v;
  }

  private static int integer(CommandLine cl, String name, int dflt) throws ParseException {
    String v = cl.getOptionValue(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ParseException("--" + name + " needs an integer, found '" + v + "'");
    }
  }
}

package org.real2sim.tools.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.real2sim.tools.perf.BenchReport;
import org.real2sim.tools.perf.CycleGanBenchmark;
import org.real2sim.tools.perf.CycleGanCase;
import org.real2sim.tools.perf.Reference;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * {@code real2sim bench-cyclegan}: times full CycleGAN training iterations and compares them with
 * the PyTorch reference.
 */
public final class BenchCycleGanCommand {

  /** The command's name in {@code real2sim}. */
  public static final String NAME = "bench-cyclegan";

  /** The one-line description shown by {@code real2sim --help}. */
  public static final String DESCRIPTION =
      "Time full CycleGAN training iterations (median, GFLOP/s, ratio to a reference measured"
          + " alongside).";

  /**
   * The parsed command line.
   *
   * @param cases the cases to run, in order
   * @param options iterations, warm-up, threads and profiling
   */
  record Args(
      List<CycleGanCase> cases,
      CycleGanBenchmark.Options options,
      String referenceCmd,
      Map<String, Reference> referenceFile) {}

  private BenchCycleGanCommand() {}

  /** Runs the command; returns 0 on success, 1 on failure, 2 on a usage error. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options spec = options();
    Args parsed;
    try {
      CommandLine cl = CommandLines.parse(spec, args);
      if (cl.hasOption("help")) {
        usage(spec, out);
        return 0;
      }
      parsed = parse(cl);
    } catch (ParseException | IllegalArgumentException e) {
      err.println("real2sim " + NAME + ": " + e.getMessage());
      err.println("run 'real2sim " + NAME + " --help' for the options");
      return 2;
    }
    try {
      List<CycleGanBenchmark.Measurement> results = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (CycleGanCase c : parsed.cases()) {
        Reference ref = null;
        if (parsed.referenceCmd() != null) {
          ref =
              Reference.measure(
                  parsed.referenceCmd(), c, Runtime.getRuntime().availableProcessors(), out);
        } else if (parsed.referenceFile() != null) {
          ref = parsed.referenceFile().get(c.name());
        }
        CycleGanCase withRef = ref == null ? c : c.withReference(ref.best());
        results.add(CycleGanBenchmark.run(withRef, parsed.options(), out));
        if (ref != null) {
          sources.add(c.name() + ": reference " + ref.describe() + " (" + ref.source() + ")");
        }
      }
      BenchReport.print(results, parsed.options(), out);
      sources.forEach(out::println);
      return 0;
    } catch (TensorFlowException | IllegalStateException e) {
      err.println("real2sim " + NAME + ": " + e.getMessage());
      return 1;
    }
  }

  static Args parse(CommandLine cl) throws ParseException {
    List<CycleGanCase> cases = new ArrayList<>();
    if (cl.hasOption("cases")) {
      for (String name : cl.getOptionValue("cases").split(",")) {
        if (!name.isBlank()) {
          cases.add(CycleGanCase.parse(name.trim()));
        }
      }
      if (cases.isEmpty()) {
        throw new IllegalArgumentException("--cases lists no case");
      }
    } else {
      cases.addAll(CycleGanCase.standard());
    }
    int profile = cl.hasOption("profile") ? CommandLines.intOption(cl, "profile-iterations", 2) : 0;
    if (cl.hasOption("profile") && profile < 1) {
      throw new IllegalArgumentException("--profile-iterations must be >= 1, found " + profile);
    }
    CycleGanBenchmark.Options options =
        new CycleGanBenchmark.Options(
            CommandLines.intOption(cl, "iterations", 10),
            CommandLines.intOption(cl, "warmup", 3),
            CommandLines.intOption(cl, "threads", 0),
            CommandLines.intOption(cl, "inter-op-threads", 0),
            profile,
            CommandLines.longOption(cl, "seed", 1),
            null);
    String cmd = cl.getOptionValue("reference-cmd");
    if (cmd != null && cmd.isBlank()) {
      throw new IllegalArgumentException("--reference-cmd must not be empty");
    }
    Map<String, Reference> file = null;
    if (cl.hasOption("reference-file")) {
      if (cmd != null) {
        throw new IllegalArgumentException(
            "--reference-cmd and --reference-file exclude each other");
      }
      int maxAge = CommandLines.intOption(cl, "reference-max-age", 30);
      if (maxAge < 1) {
        throw new IllegalArgumentException("--reference-max-age must be >= 1, found " + maxAge);
      }
      file =
          Reference.readFile(
              Path.of(cl.getOptionValue("reference-file")),
              Duration.ofMinutes(maxAge),
              Instant.now());
    }
    return new Args(List.copyOf(cases), options, cmd, file);
  }

  private static Options options() {
    Options o = new Options();
    String standard =
        String.join(", ", CycleGanCase.standard().stream().map(CycleGanCase::name).toList());
    o.addOption(
        Option.builder()
            .longOpt("cases")
            .hasArg()
            .argName("LIST")
            .desc(
                "comma-separated cases, g<ngf>b<blocks>-d<ndf>-<size> (default: " + standard + ")")
            .get());
    o.addOption(numeric("iterations", "timed iterations per case (default 10)"));
    o.addOption(numeric("warmup", "untimed iterations before them (default 3)"));
    o.addOption(
        numeric(
            "threads",
            "intra-op threads (default 0: the trainer's choice for the networks' size)"));
    o.addOption(
        numeric(
            "inter-op-threads",
            "threads that run independent ops concurrently (default 0: the trainer's choice)"));
    o.addOption(
        Option.builder()
            .longOpt("reference-cmd")
            .hasArg()
            .argName("CMD")
            .desc(
                "measure the reference before each case with this bash command; {ngf} {blocks}"
                    + " {ndf} {size} are replaced, {threads} runs it once per thread count; its last"
                    + " output line is JSON with median_s (bench_any.py train) or seconds")
            .get());
    o.addOption(
        Option.builder()
            .longOpt("reference-file")
            .hasArg()
            .argName("FILE")
            .desc(
                "read reference times from bench_any.py train JSON lines written at most"
                    + " --reference-max-age minutes ago")
            .get());
    o.addOption(
        numeric("reference-max-age", "oldest accepted --reference-file, minutes (default 30)"));
    o.addOption(numeric("seed", "seed of the weights and images (default 1)"));
    o.addOption(
        Option.builder()
            .longOpt("profile")
            .desc(
                "also trace iterations and print the time per phase, op type, network block and"
                    + " node")
            .get());
    o.addOption(numeric("profile-iterations", "traced iterations with --profile (default 2)"));
    o.addOption(Option.builder("h").longOpt("help").desc("print this help").get());
    return o;
  }

  private static Option numeric(String name, String description) {
    return Option.builder().longOpt(name).hasArg().argName("N").desc(description).get();
  }

  private static void usage(Options spec, PrintStream out) {
    CommandLines.printHelp(
        out,
        "real2sim " + NAME + " [options]",
        DESCRIPTION
            + " One iteration is the G step and the D step at batch 1, as the trainer runs"
            + " them; FLOPs count 2 x the convolutions' multiply-adds.",
        spec,
        "");
  }
}

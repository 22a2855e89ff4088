package org.real2sim.tools.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command with its output captured: the exit code and what it printed.
 *
 * @param rc the exit code: 0 success, 1 failure, 2 usage error
 * @param out what the command printed on stdout (UTF-8)
 * @param err what the command printed on stderr (UTF-8)
 */
public record CommandRun(int rc, String out, String err) {

  /** A command's entry point, {@code int run(String[] args, PrintStream out, PrintStream err)}. */
  @FunctionalInterface
  public interface Command {
    /** Runs the command and returns its exit code. */
    int run(String[] args, PrintStream out, PrintStream err);
  }

  /** Runs {@code command} with {@code args}, capturing stdout and stderr. */
  public static CommandRun of(Command command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        command.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CommandRun(
        rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code real2sim args...} through the dispatcher. */
  public static CommandRun real2sim(String... args) {
    return of(Real2Sim::run, args);
  }

  /**
   * Starts {@code real2sim args...} in a child JVM on this test's class path (1 GB heap, the same
   * JavaCPP cache), with {@code env} added to its environment and its output (stdout and stderr)
   * written to {@code log}: for what needs its own process (a shard of an array, a process to kill,
   * the launcher's environment such as {@code TF_OVERRIDE_GLOBAL_THREADPOOL}).
   */
  public static Process child(List<String> args, Map<String, String> env, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Real2Sim.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    return pb.redirectOutput(log.toFile()).start();
  }

  /**
   * Waits at most {@code seconds} for a {@link #child} process; returns its exit code, or −1 after
   * killing it when it did not finish in time.
   */
  public static int finish(Process p, int seconds) throws InterruptedException {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** A {@link #child}'s log, or a placeholder naming it when it was never written. */
  public static String log(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log " + log + ")";
    }
  }

  /**
   * Generates the sweep tests' tiny shapes benchmark into {@code data}: 16 training and 8
   * validation images per domain at 16 px, one thread.
   *
   * @throws AssertionError naming what {@code generate} printed when it fails
   */
  public static void tinyShapes(Path data) {
    CommandRun g =
        real2sim(
            "generate",
            "--benchmark",
            "shapes",
            "--out",
            data.toString(),
            "--count",
            "16",
            "--val-count",
            "8",
            "--size",
            "16",
            "--threads",
            "1");
    if (g.rc() != 0) {
      throw new AssertionError("generate failed (rc " + g.rc() + "): " + g.err());
    }
  }
}

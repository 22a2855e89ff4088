package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.real2sim.tools.perf.CycleGanCase;

class BenchCycleGanCommandTest {

  /** Runs {@code real2sim bench-cyclegan args...}. */
  private static CommandRun run(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = BenchCycleGanCommand.NAME;
    System.arraycopy(args, 0, full, 1, args.length);
    return CommandRun.real2sim(full);
  }

  @Test
  void isRegisteredAndPrintsHelp() {
    assertTrue(Real2Sim.commands().containsKey("bench-cyclegan"));
    CommandRun r = run("--help");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("--iterations"), r.out());
    assertTrue(r.out().contains("g64b9-d64-128"), r.out());
  }

  @Test
  void unknownCaseIsAUsageErrorListingTheChoices() {
    CommandRun r = run("--cases", "huge");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("Unknown case 'huge'"), r.err());
    assertTrue(r.err().contains("g32b6-d32-64"), r.err());
  }

  @Test
  void aStaleOrMissingReferenceFileIsAUsageError(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path f = tmp.resolve("ref.jsonl");
    CommandRun r = run("--reference-file", f.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("cannot read the reference file " + f), r.err());
    java.nio.file.Files.writeString(
        f, "{\"ngf\": 16, \"blocks\": 3, \"ndf\": 16, \"size\": 32, \"median_s\": 0.04}\n");
    java.nio.file.Files.setLastModifiedTime(
        f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    r = run("--reference-file", f.toString());
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("was written 60 min ago, more than the 30 min allowed"), r.err());
  }

  @Test
  void nonNumericOrOutOfRangeCountsAreUsageErrors() {
    CommandRun r = run("--iterations", "ten");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--iterations must be an integer, found 'ten'"), r.err());
    r = run("--iterations", "0");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("iterations must be >= 1, found 0"), r.err());
    r = run("--warmup", "-1");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("warmup must be >= 0, found -1"), r.err());
    r = run("--inter-op-threads", "-1");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("interOpThreads must be >= 0, found -1"), r.err());
    r = run("extra");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unexpected argument 'extra'"), r.err());
  }

  @Test
  void tinyCaseRunsOneIterationAndPrintsTheTableAndProfile() {
    CommandRun r =
        run(
            "--cases",
            "g4b1-d4-32",
            "--iterations",
            "1",
            "--warmup",
            "0",
            "--threads",
            "1",
            "--inter-op-threads",
            "1",
            "--profile",
            "--profile-iterations",
            "1",
            "--reference-cmd",
            "echo '{\"median_s\": 0.5, \"ngf\": {ngf}, \"size\": {size}}'");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("g4b1-d4-32: iteration 1/1"), r.out());
    assertTrue(
        r.out()
            .contains(
                "g4b1-d4-32: reference: echo '{\"median_s\": 0.5, \"ngf\": 4, \"size\": 32}'"),
        r.out());
    Matcher row =
        Pattern.compile("(?m)^g4b1-d4-32\\s+(\\S+)\\s+(\\S+)\\s+.*\\s0\\.500\\s+(\\S+)x\\s+1/1$")
            .matcher(r.out());
    assertTrue(row.find(), r.out());
    double gflop = Double.parseDouble(row.group(1));
    assertEquals(CycleGanCase.parse("g4b1-d4-32").flopsPerIteration() / 1e9, gflop, 0.05);
    double median = Double.parseDouble(row.group(2));
    assertTrue(median > 0, r.out());
    assertEquals(median / 0.5, Double.parseDouble(row.group(3)), 0.01, r.out());
    assertTrue(r.out().contains("session overhead"), r.out());
    assertTrue(r.out().contains("convolution (forward and backward)"), r.out());
    assertTrue(r.out().contains("host: image pool"), r.out());
    assertTrue(r.out().contains("Profile of g4b1-d4-32"), r.out());
    assertTrue(r.out().contains("G step backward"), r.out());
    assertTrue(r.out().matches("(?s).*Conv2D.*"), r.out());
  }
}

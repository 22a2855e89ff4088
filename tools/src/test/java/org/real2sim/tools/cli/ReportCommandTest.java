package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

  @TempDir Path dir;

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Real2Sim.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesTheReportOfARunDirectory() throws Exception {
    Path run = Files.createDirectories(dir.resolve("r"));
    Files.writeString(
        run.resolve("metrics.jsonl"),
        "{\"stage\":\"taskaware\",\"epoch\":1,\"method\":\"ours\",\"metric\":\"accuracy\","
            + "\"value\":0.5}\n");
    Run r = run("report", run.toString());
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("report: " + run.resolve("report/report.html")), r.out());
    assertTrue(r.out().contains("missing pieces (stated in the report):"), r.out());
    assertTrue(Files.readString(run.resolve("report/report.md")).contains("| ours |"));
  }

  @Test
  void usageAndFailuresHaveTheirExitCodes() {
    Run r = run("report");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("expected one run directory"), r.err());
    r = run("report", "a", "b");
    assertEquals(2, r.rc());
    r = run("report", "--nope", "a");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("Unrecognized option: --nope"), r.err());
    r = run("report", dir.resolve("missing").toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains(dir.resolve("missing") + " does not exist"), r.err());
    r = run("report", "--help");
    assertEquals(0, r.rc());
    assertTrue(r.out().contains("real2sim report RUN_DIR"), r.out());
  }
}

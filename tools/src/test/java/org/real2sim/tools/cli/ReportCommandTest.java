package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

  @TempDir Path dir;

  @Test
  void writesTheReportOfARunDirectory() throws Exception {
    Path run = Files.createDirectories(dir.resolve("r"));
    Files.writeString(
        run.resolve("metrics.jsonl"),
        "{\"stage\":\"taskaware\",\"epoch\":1,\"method\":\"ours\",\"metric\":\"accuracy\","
            + "\"value\":0.5}\n");
    CommandRun r = real2sim("report", run.toString());
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("report: " + run.resolve("report/report.html")), r.out());
    assertTrue(r.out().contains("missing pieces (stated in the report):"), r.out());
    assertTrue(Files.readString(run.resolve("report/report.md")).contains("| ours |"));
  }

  @Test
  void usageAndFailuresHaveTheirExitCodes() {
    CommandRun r = real2sim("report");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("expected one run directory"), r.err());
    r = real2sim("report", "a", "b");
    assertEquals(2, r.rc());
    r = real2sim("report", "--nope", "a");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("Unrecognized option: --nope"), r.err());
    r = real2sim("report", dir.resolve("missing").toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains(dir.resolve("missing") + " does not exist"), r.err());
    r = real2sim("report", "--help");
    assertEquals(0, r.rc());
    assertTrue(r.out().contains("real2sim report RUN_DIR"), r.out());
  }
}

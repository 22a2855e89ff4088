package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.tools.generate.BenchmarkGenerator;
import org.real2sim.tools.generate.GeneratorConfig;
import org.real2sim.trainer.eval.Evaluation;

/** A miniature of the quick start: every step runs and leaves a valid bundle and a report. */
class QuickstartCommandTest {

  @Test
  void miniatureQuickstartLeavesAVerifiedBundleAndAReport(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data/shapes-tiny");
    BenchmarkGenerator.generate(
        new GeneratorConfig("shapes", data, 0, 16, 16, 40, 20, 2),
        false,
        new org.real2sim.trainer.util.ProgressBar(
            "generate", 0, new PrintStream(new ByteArrayOutputStream()), false, System::nanoTime));
    CommandRun r =
        CommandRun.of(
            QuickstartCommand::run,
            "--preset",
            "shapes-tiny",
            "--runs",
            tmp.resolve("runs").toString(),
            "--set",
            "data.synthetic.root=" + data.resolve("synthetic"),
            "--set",
            "data.real.root=" + data.resolve("real"),
            "--set",
            "threads=2");
    String console = r.out();
    assertEquals(0, r.rc(), r.err() + console);
    Path run = tmp.resolve("runs/tiny");
    assertTrue(Files.exists(run.resolve("bundle/model.onnx")));
    assertTrue(Files.exists(run.resolve("report/report.html")));
    assertTrue(Files.exists(run.resolve("report/report.md")));
    assertTrue(console.contains("real2sim quickstart: summary"), console);
    assertTrue(console.contains("deployed"), console);

    // The bundle opens in the runtime (checksum and format verified) ...
    try (Pipeline p = Pipeline.open(run.resolve("bundle"), Options.defaults())) {
      assertEquals(10, p.manifest().classes().size());
    }
    // ... and scores on the real validation images exactly what the trained method scored.
    double ours = Evaluation.readResults(run).get("ours");
    double deployed =
        new ObjectMapper().readTree(run.resolve("deploy.json").toFile()).get("value").asDouble();
    assertEquals(ours, deployed, 1e-12, "runtime accuracy differs from the trained pipeline's");
  }

  @Test
  void summaryColumnsFitTheLongestDescription() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String longWhat = "f(G_RS(x)), alpha 0 control (stage c loop, no task loss), best epoch";
    QuickstartCommand.printSummary(
        new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
        "accuracy",
        java.util.List.of(
            new String[] {"M2", "f(x): real images straight to the expert", "10.80%"},
            new String[] {"alpha0-control", longWhat, "34.20%"}));
    String[] lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length);
    int end = lines[0].length();
    for (String line : lines) {
      assertEquals(end, line.length(), "every line as wide as the header: '" + line + "'");
    }
    assertTrue(lines[3].contains(longWhat + "    34.20%"), lines[3]);
  }
}

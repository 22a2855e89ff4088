package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labeled-amount sweep trains at its own α (the paper: 0.8 on SYNTHIA, run α 0.9). */
class SweepAlphaTest {

  @TempDir Path dir;

  @Test
  void labeledSweepUsesStageCSweepAlphaInItsOwnFolder() throws Exception {
    Path data = dir.resolve("data");
    CommandRun.tinyShapes(data);
    Path runs = dir.resolve("runs");
    CommandRun r =
        real2sim(
            "sweep",
            "--preset",
            "shapes-tiny",
            "--runs",
            runs.toString(),
            "--name",
            "a",
            "--threads",
            "1",
            "--set",
            "data.synthetic.root=" + data.resolve("synthetic"),
            "--set",
            "data.real.root=" + data.resolve("real"),
            "--set",
            "data.validate=false",
            "--set",
            "stageB.iterationsPerEpoch=2",
            "--set",
            "eval.sampleRows=0",
            "--set",
            "stageC.sweepAlpha=0.5",
            "--kind",
            "labeled",
            "--fractions",
            "0.25");
    assertEquals(0, r.rc(), r.err() + r.out());
    Path root = runs.resolve("a");
    // 0.25 is the run's own subset, but at alpha 0.5 (not the run's 0.8): its own folder.
    String ours = "sweep/labeled-0.250/taskaware-alpha-0.50";
    assertTrue(Files.exists(root.resolve(ours).resolve("done.json")), r.out());
    assertFalse(Files.exists(root.resolve("taskaware")), "the run's stage c is not this point");
    JsonNode points =
        new ObjectMapper().readTree(root.resolve("sweep/sweep.json").toFile()).get("points");
    assertEquals(ours, points.get(0).get("stage").asText(), points.toString());
    assertEquals(0.5, points.get(0).get("alpha").asDouble(), 0, points.toString());
  }
}

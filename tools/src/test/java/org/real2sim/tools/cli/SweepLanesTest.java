package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.nn.ThreadPlan;

/**
 * A tiny sweep with two lanes (in one process, and as the single shard of an array) gives the same
 * {@code sweep.csv} as the sequential order, one thread per point in both. The lanes need
 * TensorFlow's per-session thread pools, which the launcher's environment variable turns on, so
 * they run in child JVMs with it set.
 */
class SweepLanesTest {

  @TempDir Path dir;

  @Test
  void twoLanesGiveTheSequentialNumbersInOneProcessAndInAShard() throws Exception {
    CommandRun.tinyShapes(dir.resolve("data"));
    CommandRun seq = real2sim(plus(args(dir.resolve("seq")), "--lanes", "1"));
    assertEquals(0, seq.rc(), seq.err() + seq.out());
    String expected = csv(dir.resolve("seq"));
    assertEquals(5, expected.split("\n").length, expected); // header + 4 points

    Path log = dir.resolve("lanes.log");
    List<String> lanes = new ArrayList<>(List.of(args(dir.resolve("lanes"))));
    lanes.addAll(List.of("--lanes", "2"));
    assertEquals(0, finish(lanes, log), CommandRun.log(log));
    String out = CommandRun.log(log);
    assertTrue(out.contains("lanes: lane 1 | lane 2 at the same time, 1 core(s) each"), out);
    for (String line : out.split("\n")) {
      if (line.contains("== sweep: ") && line.contains(" -> ")) {
        assertTrue(line.startsWith("[lane 1] ") || line.startsWith("[lane 2] "), line);
      }
    }
    assertEquals(expected, csv(dir.resolve("lanes")), out);

    CommandRun prepared = real2sim(plus(args(dir.resolve("shard")), "--prepare"));
    assertEquals(0, prepared.rc(), prepared.err() + prepared.out());
    Path shardLog = dir.resolve("shard.log");
    List<String> shard =
        new ArrayList<>(
            List.of(plus(args(dir.resolve("shard")), "--shard", "0/1", "--lanes", "2")));
    assertEquals(0, finish(shard, shardLog), CommandRun.log(shardLog));
    assertTrue(CommandRun.log(shardLog).contains("lane 2"), CommandRun.log(shardLog));
    assertEquals(expected, csv(dir.resolve("shard")), CommandRun.log(shardLog));
  }

  /** α 0.5, α 0.8 (the run's stage c) and a labeled amount of 0.5 with ours and M3: 4 jobs. */
  private String[] args(Path runs) {
    return new String[] {
      "sweep",
      "--preset",
      "shapes-tiny",
      "--runs",
      runs.toString(),
      "--name",
      "s",
      "--threads",
      "1",
      "--set",
      "data.validate=false",
      "--set",
      "stageB.iterationsPerEpoch=2",
      "--set",
      "eval.sampleRows=0",
      "--kind",
      "both",
      "--alphas",
      "0.5,0.8",
      "--fractions",
      "0.5",
      "--set",
      "data.synthetic.root=" + dir.resolve("data/synthetic"),
      "--set",
      "data.real.root=" + dir.resolve("data/real")
    };
  }

  private static String[] plus(String[] a, String... extra) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of(extra));
    return l.toArray(String[]::new);
  }

  private static int finish(List<String> args, Path log) throws Exception {
    Process p = CommandRun.child(args, Map.of(ThreadPlan.PER_SESSION_POOLS_ENV, "1"), log);
    return CommandRun.finish(p, 300);
  }

  private static String csv(Path runs) throws IOException {
    return Files.readString(runs.resolve("s/sweep/sweep.csv"), StandardCharsets.UTF_8);
  }
}

package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.tools.sweep.Sweep;

/**
 * A sweep as an array job of two shards, each its own JVM on this machine, over one shared run
 * directory: the prepare job trains stages a and b, the shards split the points, the last one
 * merges. In a second copy of the prepared run one shard is killed with SIGKILL in the middle of a
 * point and run again; the merged numbers must equal those of the uninterrupted copy.
 */
class ShardedSweepTest {

  @TempDir Path dir;

  @Test
  void twoShardsTrainEveryPointOnceAndAKilledShardResumesToTheSameNumbers() throws Exception {
    Path data = dir.resolve("data");
    CommandRun.tinyShapes(data);
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");

    CommandRun refused = real2sim(args(a, "--shard", "0/2"));
    assertEquals(1, refused.rc(), refused.out());
    assertTrue(refused.err().contains("is not prepared"), refused.err());
    assertFalse(Files.exists(a.resolve("s/expert/done.json")), "a shard never trains stage a");

    CommandRun prepared = real2sim(args(a, "--prepare"));
    assertEquals(0, prepared.rc(), prepared.err() + prepared.out());
    assertTrue(Files.exists(a.resolve("s/sweep/" + Sweep.PREPARED)));
    copy(a, b);

    // Uninterrupted: both shards at once.
    Process s0 = start(a, "0/2", dir.resolve("a0.log"));
    Process s1 = start(a, "1/2", dir.resolve("a1.log"));
    assertEquals(0, finish(s0), log("a0.log"));
    assertEquals(0, finish(s1), log("a1.log"));
    // Units: alpha 0.5 -> shard 0; alpha 0.8 (= stageC.alpha, taskaware/) and the run's own
    // labeled amount 0.25 (taskaware/ + supervised/) share a folder, so both go to shard 1.
    Set<String> trained0 = trained(log("a0.log"));
    Set<String> trained1 = trained(log("a1.log"));
    assertEquals(Set.of("sweep/alpha-0.50"), trained0, log("a0.log"));
    assertEquals(Set.of("taskaware", "supervised"), trained1, log("a1.log"));
    assertNoEpochTrainedTwice(a.resolve("s/metrics.jsonl"));
    Map<String, String> uninterrupted = values(a);
    assertEquals(4, uninterrupted.size(), uninterrupted.toString());

    // Interrupted: shard 0's finished work is copied over (the same as running it again), shard 1
    // is killed with SIGKILL as soon as taskaware/ has its first checkpoint (possibly before that
    // epoch is marked best), then run again as a scheduler's retry would.
    copy(a.resolve("s/sweep/alpha-0.50"), b.resolve("s/sweep/alpha-0.50"));
    copy(a.resolve("s/sweep/shards/shard-0-of-2"), b.resolve("s/sweep/shards/shard-0-of-2"));
    Files.copy(
        a.resolve("s/sweep/shards/shard-0-of-2.done"),
        b.resolve("s/sweep/shards/shard-0-of-2.done"));
    Process k1 = start(b, "1/2", dir.resolve("b1.log"));
    Path stage = b.resolve("s/taskaware");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    while (!Files.exists(stage.resolve("latest")) && k1.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertTrue(k1.isAlive(), "shard 1 finished before it could be killed: " + log("b1.log"));
    k1.destroyForcibly(); // SIGKILL
    k1.waitFor();
    assertFalse(Files.exists(stage.resolve("done.json")), "killed in the middle of the point");
    assertFalse(Files.exists(b.resolve("s/sweep/sweep.json")), "no merge while shard 1 is missing");
    CommandRun partial = real2sim(args(b, "--merge"));
    assertEquals(0, partial.rc(), partial.err());
    assertTrue(partial.out().contains("missing points"), partial.out());
    assertTrue(partial.out().contains("taskaware"), partial.out());

    Process again = start(b, "1/2", dir.resolve("b1-retry.log"));
    assertEquals(0, finish(again), log("b1-retry.log"));
    assertTrue(log("b1-retry.log").contains("every shard finished, merging"), log("b1-retry.log"));
    assertEquals(uninterrupted, values(b));
    for (String st : List.of("taskaware", "supervised")) {
      assertArrayEquals(
          weights(a.resolve("s").resolve(st)),
          weights(b.resolve("s").resolve(st)),
          st + ": the resumed point ends with the uninterrupted point's weights");
    }
    assertNoEpochTrainedTwiceAfterResume(b.resolve("s/metrics.jsonl"));

    // --merge is idempotent.
    byte[] before = Files.readAllBytes(b.resolve("s/sweep/sweep.json"));
    CommandRun m = real2sim(args(b, "--merge"));
    assertEquals(0, m.rc(), m.err());
    assertArrayEquals(before, Files.readAllBytes(b.resolve("s/sweep/sweep.json")));
    assertFalse(m.out().contains("missing points"), m.out());
  }

  private String[] args(Path runs, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
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
                "stageB.iterationsPerEpoch=4",
                "--set",
                "eval.sampleRows=1",
                "--set",
                "stageC.epochs=2",
                "--kind",
                "both",
                "--alphas",
                "0.5,0.8",
                "--fractions",
                "0.25",
                "--set",
                "data.synthetic.root=" + dir.resolve("data/synthetic"),
                "--set",
                "data.real.root=" + dir.resolve("data/real")));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private Process start(Path runs, String shard, Path log) throws IOException {
    return CommandRun.child(List.of(args(runs, "--shard", shard)), Map.of(), log);
  }

  private static int finish(Process p) throws InterruptedException {
    return CommandRun.finish(p, 240);
  }

  private String log(String name) {
    return CommandRun.log(dir.resolve(name));
  }

  /** The stage folders a shard's log says it trained ("== sweep: ... -> folder"). */
  private static Set<String> trained(String log) {
    Set<String> out = new HashSet<>();
    for (String line : log.split("\n")) {
      int i = line.indexOf(" -> ");
      if (line.startsWith("== sweep: ") && i > 0) {
        String folder = line.substring(i + 4).strip();
        out.add(folder);
        if (folder.equals("taskaware") && line.contains("labeled amount")) {
          out.add("supervised"); // the labeled unit trains ours and M3
        }
      }
    }
    return out;
  }

  /** Every (stage, epoch, method, metric) of the training stages appears once in metrics.jsonl. */
  private static void assertNoEpochTrainedTwice(Path metrics) throws IOException {
    Set<String> seen = new HashSet<>();
    for (String line : Files.readAllLines(metrics)) {
      JsonNode e = new ObjectMapper().readTree(line);
      String key =
          e.get("stage").asText()
              + "/"
              + e.get("epoch").asInt()
              + "/"
              + e.get("method").asText()
              + "/"
              + e.get("metric").asText();
      if (e.get("epoch").asInt() > 0) {
        assertTrue(seen.add(key), "trained twice: " + key);
      }
    }
  }

  /**
   * After a resume an epoch may be logged twice only if the kill came after its metrics line but
   * before its checkpoint; with the kill after the checkpoint, as here, never.
   */
  private static void assertNoEpochTrainedTwiceAfterResume(Path metrics) throws IOException {
    assertNoEpochTrainedTwice(metrics);
  }

  /** stage folder -> value and best epoch, from the merged sweep.json. */
  private static Map<String, String> values(Path runs) throws IOException {
    JsonNode json = new ObjectMapper().readTree(runs.resolve("s/sweep/sweep.json").toFile());
    Map<String, String> out = new TreeMap<>();
    for (JsonNode p : json.get("points")) {
      out.put(
          p.get("kind").asText() + " " + p.get("method").asText() + " " + p.get("stage").asText(),
          p.get("value").asText() + " @" + p.get("bestEpoch").asInt());
    }
    return out;
  }

  /** The variables of the latest checkpoint of a stage folder. */
  private static byte[] weights(Path stage) throws IOException {
    Path ckpt = stage.resolve(Files.readString(stage.resolve("latest")).strip());
    return Files.readAllBytes(ckpt.resolve("variables.data-00000-of-00001"));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (Files.exists(t)) {
          continue;
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}

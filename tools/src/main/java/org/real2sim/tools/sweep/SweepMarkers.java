package org.real2sim.tools.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.real2sim.trainer.run.AtomicFiles;
import org.real2sim.trainer.stage.StageState;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainingException;

/**
 * The files through which an array job's prepare job and shards agree, under {@code sweep/}: the
 * {@value Sweep#PREPARED} marker (the plan the shared stages were prepared for) and each shard's
 * {@code shards/shard-I-of-N.done} marker (written last).
 */
final class SweepMarkers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path dir;

  /** The markers of the run at {@code root}. */
  SweepMarkers(Path root) {
    this.root = root;
    this.dir = root.resolve(SweepPlan.FOLDER);
  }

  /** Writes {@value Sweep#PREPARED} for {@code plan}. */
  void writePrepared(SweepPlan plan) throws IOException {
    AtomicFiles.writeString(prepared(), planJson(plan) + "\n");
  }

  /** The prepare marker's path. */
  Path prepared() {
    return dir.resolve(Sweep.PREPARED);
  }

  /** Refuses a shard on a run whose shared stages were not prepared for the same plan. */
  void requirePrepared(SweepPlan plan) throws IOException {
    Path marker = prepared();
    String how =
        "run `real2sim sweep --prepare` with the same options first, as the job the array"
            + " depends on: shards never train the shared stages a and b themselves, so that N"
            + " shards do not race on them";
    if (!Files.exists(marker)) {
      throw new TrainingException(
          "The run " + root + " is not prepared (no " + marker + "): " + how);
    }
    for (String stage : List.of(Stages.EXPERT, Stages.CYCLEGAN)) {
      if (StageState.done(root.resolve(stage)).isEmpty()) {
        throw new TrainingException(
            "The run " + root + " has no finished " + stage + "/ (no done.json): " + how);
      }
    }
    String want = planJson(plan);
    String have = Files.readString(marker).strip();
    if (!JSON.readTree(have).equals(JSON.readTree(want))) {
      throw new TrainingException(
          "The run "
              + root
              + " was prepared for another plan: "
              + have
              + ", this shard has "
              + want
              + "; give the shards the options of the prepare job");
    }
  }

  /** The folder of a shard's results. */
  Path shardResults(SweepShard shard) {
    return dir.resolve(Sweep.SHARDS).resolve(shard.name());
  }

  /** Writes {@code shard}'s marker, listing its units. */
  void writeDone(SweepShard shard, List<String> units) throws IOException {
    AtomicFiles.writeString(
        dir.resolve(Sweep.SHARDS).resolve(shard.name() + ".done"), units + "\n");
  }

  /** The shards of an array of {@code count} whose marker is missing, as {@code I/N}. */
  List<String> waiting(int count) {
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String n = new SweepShard(i, count).name();
      if (!Files.exists(dir.resolve(Sweep.SHARDS).resolve(n + ".done"))) {
        waiting.add(i + "/" + count);
      }
    }
    return waiting;
  }

  private static String planJson(SweepPlan plan) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", plan.kind().label());
    var a = o.putArray("alphas");
    if (plan.kind().alpha()) {
      plan.alphas().forEach(a::add);
    }
    var f = o.putArray("fractions");
    if (plan.kind().labeled()) {
      plan.fractions().forEach(f::add);
    }
    return o.toString();
  }
}

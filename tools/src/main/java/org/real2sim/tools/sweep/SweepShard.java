package org.real2sim.tools.sweep;

import java.util.Map;

/**
 * One shard of a sweep run as an array job: shard {@code index} of {@code count}, 0-based.
 *
 * <p>Given as {@code --shard I/N}, or with {@code --shard auto} from the scheduler's environment:
 * Slurm array jobs ({@code SLURM_ARRAY_TASK_ID} minus {@code SLURM_ARRAY_TASK_MIN}, of {@code
 * SLURM_ARRAY_TASK_COUNT}) or Kubernetes Indexed Jobs ({@code JOB_COMPLETION_INDEX}, of {@value
 * #COUNT_ENV}, which the Job sets to its {@code completions}: Kubernetes does not expose that
 * number to the pod itself).
 *
 * @param index this shard, in [0, count)
 * @param count the number of shards, at least 1
 */
public record SweepShard(int index, int count) {

  /** The variable an Indexed Job sets to its completions count. */
  public static final String COUNT_ENV = "REAL2SIM_SHARD_COUNT";

  /** Validates the fields. */
  public SweepShard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, found " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be in [0, " + count + "), found " + index);
    }
  }

  /**
   * Parses {@code I/N}, or {@code auto} from {@code env}.
   *
   * @throws IllegalArgumentException naming the value and what was expected
   */
  public static SweepShard parse(String text, Map<String, String> env) {
    if (text.equals("auto")) {
      return fromEnvironment(env);
    }
    String[] p = text.split("/", -1);
    if (p.length != 2) {
      throw new IllegalArgumentException(
          "--shard '" + text + "' is not I/N (0-based index / count, e.g. 0/4) or auto");
    }
    return new SweepShard(number("--shard index", p[0]), number("--shard count", p[1]));
  }

  /** The shard the scheduler's environment describes (Slurm first, then an Indexed Job). */
  public static SweepShard fromEnvironment(Map<String, String> env) {
    if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
      int id = number("SLURM_ARRAY_TASK_ID", env.get("SLURM_ARRAY_TASK_ID"));
      int min =
          env.containsKey("SLURM_ARRAY_TASK_MIN")
              ? number("SLURM_ARRAY_TASK_MIN", env.get("SLURM_ARRAY_TASK_MIN"))
              : 0;
      if (!env.containsKey("SLURM_ARRAY_TASK_COUNT")) {
        throw new IllegalArgumentException(
            "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: is this an array job?");
      }
      return new SweepShard(
          id - min, number("SLURM_ARRAY_TASK_COUNT", env.get("SLURM_ARRAY_TASK_COUNT")));
    }
    if (env.containsKey("JOB_COMPLETION_INDEX")) {
      if (!env.containsKey(COUNT_ENV)) {
        throw new IllegalArgumentException(
            "JOB_COMPLETION_INDEX is set but "
                + COUNT_ENV
                + " is not: set it in the Job's pod template to the Job's completions");
      }
      return new SweepShard(
          number("JOB_COMPLETION_INDEX", env.get("JOB_COMPLETION_INDEX")),
          number(COUNT_ENV, env.get(COUNT_ENV)));
    }
    throw new IllegalArgumentException(
        "--shard auto found neither SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (a Slurm array job)"
            + " nor JOB_COMPLETION_INDEX/"
            + COUNT_ENV
            + " (a Kubernetes Indexed Job) in the environment; give --shard I/N");
  }

  /** Whether this shard owns the work unit at position {@code unit} of the plan. */
  public boolean owns(int unit) {
    return unit % count == index;
  }

  /** {@code shard-I-of-N}, the name of this shard's files. */
  public String name() {
    return "shard-" + index + "-of-" + count;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }

  private static int number(String what, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(what + " '" + value + "' is not an integer");
    }
  }
}

package org.real2sim.trainer.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.real2sim.trainer.run.AtomicFiles;

/**
 * The trainer's position within a stage, saved inside every checkpoint ({@code state.json}) and,
 * when the stage has finished, as {@code done.json} in the stage folder.
 *
 * @param stage the stage folder name (expert, cyclegan, taskaware, ...)
 * @param epochsDone completed epochs
 * @param step optimiser steps taken
 * @param metric accuracy or miou
 * @param bestValue the best validation value so far (NaN before the first evaluation)
 * @param bestEpoch the epoch (1-based) of the best value, 0 before the first evaluation
 * @param lastValue the validation value after the last completed epoch
 * @param seconds training time so far, in seconds
 */
public record StageState(
    String stage,
    int epochsDone,
    long step,
    String metric,
    double bestValue,
    int bestEpoch,
    double lastValue,
    double seconds) {

  /** The file name inside a checkpoint. */
  public static final String FILE = "state.json";

  /** The marker of a finished stage, in the stage folder. */
  public static final String DONE = "done.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The state before the first epoch. */
  public static StageState start(String stage, String metric) {
    return new StageState(stage, 0, 0, metric, Double.NaN, 0, Double.NaN, 0);
  }

  /** Whether {@code value} beats the best so far. */
  public boolean improves(double value) {
    return !Double.isNaN(value) && (Double.isNaN(bestValue) || value > bestValue);
  }

  /** This state after one more epoch. */
  public StageState afterEpoch(long newStep, double value, double addSeconds) {
    boolean better = improves(value);
    return new StageState(
        stage,
        epochsDone + 1,
        newStep,
        metric,
        better ? value : bestValue,
        better ? epochsDone + 1 : bestEpoch,
        value,
        seconds + addSeconds);
  }

  /** Writes this state to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(
        file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
  }

  private java.util.Map<String, Object> toJson() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("stage", stage);
    m.put("epochsDone", epochsDone);
    m.put("step", step);
    m.put("metric", metric);
    m.put("bestValue", Double.isNaN(bestValue) ? null : bestValue);
    m.put("bestEpoch", bestEpoch);
    m.put("lastValue", Double.isNaN(lastValue) ? null : lastValue);
    m.put("seconds", seconds);
    return m;
  }

  /** Reads a state written by {@link #write}. */
  public static StageState read(Path file) throws IOException {
    var n = MAPPER.readTree(Files.readString(file));
    if (n == null || !n.has("stage") || !n.has("epochsDone")) {
      throw new IOException(file + " is not a stage state (missing 'stage' or 'epochsDone')");
    }
    return new StageState(
        n.get("stage").asText(),
        n.get("epochsDone").asInt(),
        n.path("step").asLong(),
        n.path("metric").asText(),
        n.path("bestValue").isNull() ? Double.NaN : n.path("bestValue").asDouble(Double.NaN),
        n.path("bestEpoch").asInt(),
        n.path("lastValue").isNull() ? Double.NaN : n.path("lastValue").asDouble(Double.NaN),
        n.path("seconds").asDouble());
  }

  /**
   * The console line for a stage that finished in an earlier run and is skipped now, e.g. {@code
   * "expert: finished earlier (best accuracy 0.9120 at epoch 12), skipping"} and a line separator.
   *
   * @param name the stage folder name printed first
   */
  public String skippedLine(String name) {
    return String.format(
        "%s: finished earlier (best %s %.4f at epoch %d), skipping%n",
        name, metric, bestValue, bestEpoch);
  }

  /** The finished state of the stage in {@code stageDir}, if it has finished. */
  public static Optional<StageState> done(Path stageDir) throws IOException {
    Path f = stageDir.resolve(DONE);
    return Files.exists(f) ? Optional.of(read(f)) : Optional.empty();
  }
}

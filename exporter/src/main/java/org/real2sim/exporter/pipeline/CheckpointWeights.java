package org.real2sim.exporter.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.nn.Weights;

/** Reads the weights of an export from checkpoints through tf-models' graph-free weight reader. */
public final class CheckpointWeights {

  private CheckpointWeights() {}

  /**
   * The weights of {@code network} in {@code checkpoint} (a checkpoint directory, or a stage root
   * whose {@code latest} pointer is followed); files are verified against the checkpoint's manifest
   * (sizes and CRC-32C) before any tensor is read.
   *
   * @throws ExportException naming the checkpoint and the network when the checkpoint is missing,
   *     damaged or holds no such network
   */
  public static Map<String, Weights> read(Path checkpoint, String network) {
    try {
      return Checkpoints.read(checkpoint, network);
    } catch (IOException | RuntimeException e) {
      throw new ExportException(
          "Cannot read the weights of '"
              + network
              + "' from checkpoint "
              + checkpoint
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The weights of several networks, each from its own checkpoint, merged into one map (e.g. {@code
   * g_rs} from {@code taskaware/} and {@code expert} from {@code expert/}).
   *
   * @param sources network name → checkpoint
   */
  public static Map<String, Weights> read(Map<String, Path> sources) {
    Map<String, Weights> out = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : sources.entrySet()) {
      out.putAll(read(e.getValue(), e.getKey()));
    }
    return out;
  }
}

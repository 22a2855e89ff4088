package org.real2sim.trainer.stage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.models.Names;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.trainer.gan.ImagePool;
import org.tensorflow.Session;

/**
 * What a GAN stage reads and writes beside its own weights: the two image pools inside each
 * checkpoint ({@code pools.bin}) and the frozen expert loaded from stage a's checkpoint.
 */
final class GanCheckpointFiles {

  /** The image pools' file inside a GAN checkpoint. */
  static final String POOLS = "pools.bin";

  private GanCheckpointFiles() {}

  /** Writes both pools (D_S's, then D_R's) into the checkpoint directory {@code d}. */
  static void writePools(Path d, ImagePool poolS, ImagePool poolR) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(d.resolve(POOLS))))) {
      poolS.write(out);
      poolR.write(out);
    }
  }

  /** Reads both pools written by {@link #writePools} from {@code ckpt}. */
  static void readPools(Path ckpt, ImagePool poolS, ImagePool poolR) throws IOException {
    Path f = ckpt.resolve(POOLS);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
      poolS.read(in);
      poolR.read(in);
    } catch (IOException e) {
      throw new IOException("Cannot read the image pools of " + ckpt + ": " + e.getMessage(), e);
    }
  }

  /**
   * Assigns the expert's variables of {@code vars} from {@code expertCheckpoint}, refusing a
   * checkpoint of another architecture or shape.
   *
   * @param arch {@code stageA.arch}, for the message
   */
  static void loadExpert(Session s, VarStore vars, Path expertCheckpoint, String arch)
      throws IOException {
    Map<String, Weights> weights = Checkpoints.read(expertCheckpoint, Names.EXPERT);
    Map<String, Weights> known = new LinkedHashMap<>();
    for (VarStore.Var v : vars.under(Names.EXPERT)) {
      Weights wt = weights.get(v.name());
      if (wt == null) {
        throw new TrainingException(
            "The expert checkpoint "
                + expertCheckpoint
                + " has no variable "
                + v.name()
                + ": it was trained with another architecture than stageA.arch="
                + arch);
      }
      if (!Arrays.equals(wt.shape(), v.shape())) {
        throw new TrainingException(
            "The expert checkpoint "
                + expertCheckpoint
                + " holds "
                + v.name()
                + " with shape "
                + Arrays.toString(wt.shape())
                + ", the configuration needs "
                + Arrays.toString(v.shape())
                + " (another class count, width or stageA.stem?)");
      }
      known.put(v.name(), wt);
    }
    vars.assign(s, known);
  }
}

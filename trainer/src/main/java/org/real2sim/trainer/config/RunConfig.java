package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.real2sim.models.nn.TrainingDevice;

/**
 * Everything a run needs: data, the three stages, the supervised baseline and evaluation.
 *
 * <p>Loaded by {@link ConfigLoader} from the defaults, an optional preset or file, and {@code --set
 * path=value} overrides. Defaults follow the paper and the reference CycleGAN.
 *
 * @param name run name; outputs go to runs/&lt;name&gt;
 * @param seed master seed (initialisation, data order, labeled subset)
 * @param threads TensorFlow intra-op threads; 0 = all cores
 * @param device cpu, cuda[:N] or cuda:N,M,... (one data-parallel replica per GPU in stage a, M3 and
 *     the oracle; gpu[:N], the old spelling, is still accepted)
 * @param data data sets and image size
 * @param stageA the expert (stage a) and the architecture of M3
 * @param stageB the CycleGAN (stage b)
 * @param stageC task-aware fine-tuning (stage c)
 * @param supervised the supervised baseline M3 (and the oracle)
 * @param eval evaluation and checkpoints
 */
public record RunConfig(
    @JsonPropertyDescription("Run name; outputs go to runs/<name>.") String name,
    @JsonPropertyDescription("Master seed (initialisation, data order, labeled subset).") long seed,
    @JsonPropertyDescription("TensorFlow intra-op threads; 0 = all cores.") int threads,
    @JsonPropertyDescription(
            "Device: cpu or cuda[:N] (gpu[:N] is deprecated); falls back to cpu with a warning.")
        String device,
    @JsonPropertyDescription("Data sets and image size.") DataConfig data,
    @JsonPropertyDescription("Stage a: the expert f on the synthetic domain.") ExpertConfig stageA,
    @JsonPropertyDescription("Stage b: CycleGAN between real and synthetic.") CycleGanConfig stageB,
    @JsonPropertyDescription("Stage c: task-aware fine-tuning of G_RS.") TaskAwareConfig stageC,
    @JsonPropertyDescription("Baseline M3: supervised training on the labeled real images.")
        SupervisedConfig supervised,
    @JsonPropertyDescription("Evaluation and checkpoints.") EvalConfig eval) {

  /** Validates the fields and their combinations. */
  public RunConfig {
    Check.notBlank("name", name);
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          "name may hold letters, digits, '.', '_' and '-' only, found '" + name + "'");
    }
    Check.nonNegative("threads", threads);
    try {
      TrainingDevice.parse(device);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (data == null
        || stageA == null
        || stageB == null
        || stageC == null
        || supervised == null
        || eval == null) {
      throw new ConfigException(
          "data, stageA, stageB, stageC, supervised and eval must all be set");
    }
    if (data.segmentation() != stageA.segmentation()) {
      throw new ConfigException(
          "stageA.arch '"
              + stageA.arch()
              + "' does not fit data.task '"
              + data.task()
              + "': use resnet* for classification and deeplabv3-* for segmentation");
    }
  }
}

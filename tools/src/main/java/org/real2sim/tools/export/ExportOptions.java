package org.real2sim.tools.export;

import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.trainer.stage.Stage;

/**
 * Options of {@link RunExporter#export}.
 *
 * @param part pipeline, expert or generator
 * @param generatorStage where G_RS comes from: one of {@link RunExporter#GENERATOR_STAGES}
 * @param fp16 float16 weights
 * @param opset ONNX opset, 17 to 22
 * @param samples validation images for the parity check (seeded random ones when the data set is
 *     not readable)
 * @param policy the input policy mode
 * @param maxSide the largest side of the {@code MULTIPLE} policy
 * @param threads intra-op threads of the parity check (0 = all cores)
 * @param translated add the {@code translated} output to a pipeline bundle
 */
public record ExportOptions(
    BundlePart part,
    String generatorStage,
    boolean fp16,
    int opset,
    int samples,
    PolicyMode policy,
    int maxSide,
    int threads,
    boolean translated) {

  /** Checks the fields. */
  public ExportOptions {
    if (part == null || policy == null) {
      throw new IllegalArgumentException("part and policy are required");
    }
    if (!RunExporter.GENERATOR_STAGES.contains(generatorStage)) {
      throw new IllegalArgumentException(
          "generator stage must be one of "
              + RunExporter.GENERATOR_STAGES
              + ", found '"
              + generatorStage
              + "'");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, found " + samples);
    }
    if (maxSide < ResnetGenerator.MIN_SIDE) {
      throw new IllegalArgumentException(
          "maxSide must be >= " + ResnetGenerator.MIN_SIDE + ", found " + maxSide);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, found " + threads);
    }
  }

  /** A pipeline from taskaware, float32, opset 18, 8 samples, fixed policy, translated on. */
  public static ExportOptions defaults() {
    return new ExportOptions(
        BundlePart.PIPELINE,
        Stage.TASKAWARE.folder(),
        false,
        18,
        8,
        PolicyMode.FIXED,
        4096,
        0,
        true);
  }

  /** These options with another part. */
  public ExportOptions withPart(BundlePart p) {
    return new ExportOptions(
        p, generatorStage, fp16, opset, samples, policy, maxSide, threads, translated);
  }

  /**
   * How an input policy is chosen.
   *
   * <ul>
   *   <li>{@code FIXED}: the run's training size; the graph itself resizes every image to it with
   *       the trainer's filter (the default: the networks were trained and evaluated on images
   *       resized to that size, so the run's metrics hold for camera images of any size, and every
   *       consumer of {@code model.onnx} gets the same preprocessing);
   *   <li>{@code MULTIPLE}: any size that the graph accepts (multiples of 4 with a generator, at
   *       least 8), up to {@code maxSide}; for images already at the training scale.
   * </ul>
   */
  public enum PolicyMode {
    /** The training size; the graph resizes every image to it. */
    FIXED,
    /** Any accepted size up to a maximum side; others are resized to the nearest accepted one. */
    MULTIPLE
  }
}

package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.real2sim.trainer.config.ExpertConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;

/**
 * Supervised training of an expert-architecture network: stage a (f on the synthetic domain), M3
 * (f_R on the labeled real images) and the oracle (f_R on all labeled real images).
 *
 * <p>Adam with a polynomial learning rate (power {@code stageA.lrPower}), class-weighted cross
 * entropy, random crops and flips; after every epoch the network is scored on the validation set,
 * the latest checkpoint is written and the best one marked. A finished stage leaves {@code
 * done.json}; running it again returns the recorded result without training. With {@code resume},
 * an unfinished stage continues from its latest checkpoint and ends as an uninterrupted run would.
 */
public final class SupervisedTrainer {

  /**
   * One supervised training job.
   *
   * @param stage the stage folder in the run directory (expert, supervised, oracle)
   * @param network the network name (expert or f_r)
   * @param method the method reported in metrics (in-domain, M3, oracle)
   * @param train the training data set
   * @param trainSamples the training samples (a split or the labeled subset)
   * @param val the validation data set
   * @param valSamples the validation samples
   * @param arch the architecture and the optimisation settings of stage a
   * @param epochs epochs to train
   * @param minSteps at least this many steps (more epochs if needed)
   * @param batchSize images per step (reduced to the number of samples if larger)
   * @param lr the initial learning rate
   */
  public record Job(
      String stage,
      String network,
      String method,
      Dataset train,
      List<Sample> trainSamples,
      Dataset val,
      List<Sample> valSamples,
      ExpertConfig arch,
      int epochs,
      int minSteps,
      int batchSize,
      double lr) {}

  /**
   * What a finished job leaves.
   *
   * @param state the final stage state (best value and epoch)
   * @param best the best checkpoint
   */
  public record Outcome(StageState state, Path best) {}

  private SupervisedTrainer() {}

  /** Trains (or resumes, or skips when finished) a job. */
  public static Outcome train(TrainContext ctx, Job job) {
    StageRunner runner = new StageRunner(ctx, job.stage(), job.method());
    try {
      Optional<StageState> done = runner.finishedEarlier();
      if (done.isPresent()) {
        return new Outcome(done.get(), runner.best());
      }
      return new SupervisedLoop(ctx, job, runner).go();
    } catch (IOException e) {
      throw new UncheckedIOException("Stage " + job.stage() + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code job} is stage a (the expert), the only stage that takes native-size crops. */
  static boolean expertStage(Job job) {
    return job.network().equals(org.real2sim.models.Names.EXPERT);
  }

  /**
   * The training input of a supervised job, before batch size, seed and threads: random crops and
   * (with {@code stageA.flip}) horizontal flips with p = 0.5, pixels in [−1, 1], with labels.
   *
   * <p>Stage a with {@code stageA.cropWidth} set (the paper: 1024 × 512 crops of SYNTHIA's 1280 ×
   * 760 frames, 512 × 512 crops of CARLA's 1920 × 1080 frames) crops the frames at their own
   * resolution: nothing is resized, so the aspect ratio is never distorted. Otherwise (and always
   * for M3 and the oracle) images are resized to {@code cropScale} × {@code dataWidth × dataHeight}
   * and a {@code dataWidth × dataHeight} window is taken (random when {@code cropScale} > 1, else
   * the whole image).
   *
   * @param expertStage whether the job is stage a
   */
  public static LoaderConfig.Builder trainLoader(
      ExpertConfig arch, boolean expertStage, int dataWidth, int dataHeight) {
    LoaderConfig.Builder lc =
        LoaderConfig.builder()
            .training()
            .flip(arch.flip())
            .scaling(PixelScaling.minusOneToOne())
            .labels(true);
    if (expertStage && arch.nativeCrops()) {
      return lc.crop(arch.cropWidth(), arch.resolvedCropHeight()).randomCrop(true);
    }
    double cs = arch.cropScale();
    lc.crop(dataWidth, dataHeight)
        .resize((int) Math.round(dataWidth * cs), (int) Math.round(dataHeight * cs));
    if (cs == 1.0) {
      lc.randomCrop(false);
    }
    return lc;
  }
}

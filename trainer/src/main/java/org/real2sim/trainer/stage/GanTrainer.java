package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.real2sim.models.cyclegan.CycleGanFlops;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.WriteOrder;
import org.real2sim.trainer.data.Sample;

/**
 * CycleGAN training: stage b (task agnostic, on all real and synthetic training images) and stage c
 * (task aware, on the labeled real subset, initialised from stage b's final networks).
 *
 * <p>Each iteration runs the generators' step, puts the fakes through the image pools and runs the
 * discriminators' step. After every epoch f(G_RS(x)) is scored on the real validation set; the best
 * generator is marked (the paper reports the best value during training). The frozen expert is
 * loaded from stage a's best checkpoint and no optimiser lists its variables.
 */
public final class GanTrainer {

  /** The reference CycleGAN's load size relative to its crop size (286 / 256). */
  public static final double LOAD_SCALE = 286.0 / 256.0;

  /**
   * One GAN training job.
   *
   * @param stage the stage folder (cyclegan, taskaware, m1-continued, or a sweep point)
   * @param method the method reported in metrics (M1 or ours, or a sweep label)
   * @param taskAware train on the labeled subset with the task loss (stage c)
   * @param alpha α (stage c)
   * @param gamma γ (stage c)
   * @param epochs epochs to train
   * @param decayEpochs epochs of linear learning-rate decay at the end
   * @param lr the initial learning rate of both optimisers
   * @param initFrom stage b's final checkpoint (stage c), or null to start from the seed
   * @param labeled the labeled real samples (stage c), or null
   * @param batchSize images per domain per iteration ({@code stageB.batchSize}, or stage c's)
   * @param poolSize images kept in each discriminator's image pool
   */
  public record Job(
      String stage,
      String method,
      boolean taskAware,
      double alpha,
      double gamma,
      int epochs,
      int decayEpochs,
      double lr,
      Path initFrom,
      List<Sample> labeled,
      int batchSize,
      int poolSize) {}

  /**
   * What a finished job leaves.
   *
   * @param state the final state (best value and epoch)
   * @param best the checkpoint with the best generator
   * @param last the checkpoint after the last epoch
   */
  public record Outcome(StageState state, Path best, Path last) {}

  private GanTrainer() {}

  /**
   * The threads of a CycleGAN training session: the configuration's {@code threads} when set, else
   * {@link ThreadPlan#forCycleGan}'s choice for the graph's size on the cores {@code ctx} may use
   * (a lane's share) and the machine's cores (its inter-op threads). {@code bench-cyclegan} times
   * its default with the same rule. When the iteration's runs are not race-free ({@code
   * writeOrder}, one check per run), independent ops could change the results by their order, so
   * the plan falls back to one inter-op thread and says which access is unordered.
   */
  public static ThreadPlan threadPlan(
      TrainContext ctx, CycleGanModel.Config model, List<WriteOrder.Check> writeOrder) {
    return ThreadPlan.forCycleGan(
            ctx.config().threads(),
            CycleGanFlops.iteration(model),
            ctx.cores(),
            Math.max(ctx.cores(), Runtime.getRuntime().availableProcessors()))
        .serialUnlessRaceFree(writeOrder);
  }

  /**
   * Trains (or resumes, or skips when finished) a job with the expert of {@code expertCheckpoint}.
   */
  public static Outcome train(TrainContext ctx, Job job, Path expertCheckpoint) {
    StageRunner runner = new StageRunner(ctx, job.stage(), job.method());
    try {
      Optional<StageState> done = runner.finishedEarlier();
      if (done.isPresent()) {
        return new Outcome(done.get(), runner.best(), runner.latest());
      }
      return new GanLoop(ctx, job, runner, expertCheckpoint).go();
    } catch (IOException e) {
      throw new UncheckedIOException("Stage " + job.stage() + ": " + e.getMessage(), e);
    }
  }
}

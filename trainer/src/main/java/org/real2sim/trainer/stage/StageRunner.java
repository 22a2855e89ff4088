package org.real2sim.trainer.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.real2sim.models.EvalGraph;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Session;

/**
 * The one stage loop every trainer runs: it owns skipping a finished stage, resuming an unfinished
 * one, the epoch loop, validation and best-keeping, checkpoints (save, best pointer, pruning),
 * metrics and TensorBoard scalars, and the divergence guard. A stage supplies only its {@link
 * Loop}: how to train one epoch, what to print, and what it keeps beside the weights.
 *
 * <p>The shape follows DJL's {@code EasyTrain.fit} with its training listeners (checkpoints,
 * divergence check, evaluation, logging): the loop is written once here, and {@link
 * SupervisedTrainer} and {@link GanTrainer} differ only in their step.
 *
 * <p>Per epoch, in order: {@link Loop#train} (the stage's steps, each loss checked by {@link
 * Guard}), validation of {@link Loop#evalGraph()} on {@link Loop#evaluator()}, {@link
 * StageState#afterEpoch}, {@link Loop#validated} (the stage's console line and scalars), one line
 * in {@code metrics.jsonl} and the {@code val_<metric>} scalar, a checkpoint (with {@code
 * state.json} and {@link Loop#saveExtras}), the best pointer when the value improved, {@link
 * Loop#saved} (sample grids), and pruning to the latest plus every {@code eval.checkpointEvery}-th
 * checkpoint. A finished stage leaves {@code done.json}; running it again returns the recorded
 * state.
 */
public final class StageRunner {

  /** What one stage supplies to the runner. */
  public interface Loop {
    /** The hyperparameters recorded when the stage starts (TensorBoard HParams, provenance). */
    Map<String, ?> hyperparameters();

    /** The epochs to train in total. */
    int epochs();

    /**
     * Restores what the stage keeps beside the weights in {@code checkpoint} (image pools), after
     * the weights and the state have been restored.
     */
    default void restoreExtras(Path checkpoint) throws IOException {}

    /** Prepares a stage that has no checkpoint yet (e.g. restores its initial checkpoint). */
    default void freshStart(Session session) throws IOException {}

    /** Called once the session holds the state training starts from (fresh or resumed). */
    default void ready(Session session) throws IOException {}

    /** The validation set's evaluator; asked for once, after {@link #ready}. */
    Evaluator evaluator();

    /** Prints what the stage trains (after a resume, before the first epoch). */
    void describe(Evaluator evaluator, StageState state);

    /** The graph's evaluation path (input and predictions). */
    EvalGraph evalGraph();

    /**
     * Opens the stage's input for epochs {@code startEpoch} (0-based) up to {@link #epochs()};
     * closed when the loop ends.
     */
    Input open(int startEpoch) throws IOException;

    /**
     * Trains epoch {@code epoch} (0-based) starting from {@code state}.
     *
     * @param guard checks every loss for divergence
     * @return the steps taken so far and the epoch's mean loss
     */
    Trained train(Session session, StageState state, int epoch, Guard guard) throws IOException;

    /**
     * The epoch has been validated: prints the stage's line, writes the stage's own scalars.
     *
     * @param epoch the epoch, 0-based
     * @param state the state after the epoch
     * @param better whether the value beat the best so far
     * @param seconds the epoch's wall time, training and validation
     */
    void validated(
        int epoch,
        StageState state,
        Trained trained,
        Evaluator.Score score,
        boolean better,
        double seconds);

    /** Writes what the stage keeps beside the weights into the checkpoint being saved. */
    default void saveExtras(Path checkpoint) throws IOException {}

    /**
     * The checkpoint of epoch {@code epoch} (1-based) has been published (and marked best when
     * {@code better}): writes sample grids.
     */
    default void saved(Session session, int epoch, boolean better) throws IOException {}

    /** The last epoch has run (checks invariants such as a frozen network). */
    default void finished(Session session) throws IOException {}
  }

  /** A stage's input, open for the remaining epochs. */
  public interface Input extends AutoCloseable {
    /** Closes the loaders. */
    @Override
    void close();
  }

  /**
   * What one epoch of training left.
   *
   * @param step optimiser steps taken so far (whole stage)
   * @param meanLoss the epoch's mean training loss (the stage's main loss)
   */
  public record Trained(long step, double meanLoss) {}

  /** The divergence guard: stops training at the first loss that is not finite. */
  public static final class Guard {
    private final String stage;
    private final Path dir;

    Guard(String stage, Path dir) {
      this.stage = stage;
      this.dir = dir;
    }

    /**
     * Checks one loss.
     *
     * @param epoch the epoch, 0-based
     * @param step the step just taken (1-based, whole stage)
     * @throws TrainingException when {@code value} is NaN or infinite, naming the stage, epoch,
     *     step, loss and the intact checkpoint folder
     */
    public void check(String loss, float value, int epoch, long step) {
      if (!Float.isFinite(value)) {
        throw new TrainingException(
            "stage "
                + stage
                + ", epoch "
                + (epoch + 1)
                + ", step "
                + step
                + ": "
                + loss
                + " is "
                + value
                + "; training stopped, the last good checkpoint in "
                + dir
                + " is intact (lower the learning rate, then --resume)");
      }
    }
  }

  private final TrainContext ctx;
  private final String stage;
  private final String method;
  private final Path dir;

  /**
   * A runner of the stage folder {@code stage}.
   *
   * @param method the method reported in metrics
   */
  public StageRunner(TrainContext ctx, String stage, String method) {
    this.ctx = ctx;
    this.stage = stage;
    this.method = method;
    this.dir = ctx.run().stage(stage);
  }

  /** The stage folder. */
  public Path dir() {
    return dir;
  }

  /** The stage folder's best checkpoint. */
  public Path best() throws IOException {
    return CheckpointFolder.resolve(dir, CheckpointFolder.BEST);
  }

  /** The stage folder's latest checkpoint. */
  public Path latest() throws IOException {
    return CheckpointFolder.resolve(dir, CheckpointFolder.LATEST);
  }

  /**
   * The recorded state when the stage finished earlier (and prints that it is skipped), else empty.
   */
  public Optional<StageState> finishedEarlier() throws IOException {
    Optional<StageState> done = StageState.done(dir);
    done.ifPresent(d -> ctx.out().print(d.skippedLine(stage)));
    return done;
  }

  /**
   * Runs (or resumes) the stage to its end in {@code session}, whose variables are initialised.
   *
   * @param ckpts the stage folder's checkpoints, saving the stage's variables
   * @param metric the validation metric's key
   * @return the final state, also written to {@code done.json}
   */
  public StageState run(Session session, CheckpointFolder ckpts, String metric, Loop loop)
      throws IOException {
    StageState state = StageState.start(stage, metric);
    ctx.stageStarted(stage, loop.hyperparameters());
    Optional<Path> latest = ckpts.latest();
    if (latest.isPresent()) {
      if (!ctx.resume()) {
        throw new TrainingException(
            stage
                + ": "
                + dir
                + " holds an unfinished run; pass --resume to continue"
                + " it, or delete the folder to start over");
      }
      Checkpoints.restore(session, ckpts.saver(), latest.get());
      state = StageState.read(latest.get().resolve(StageState.FILE));
      loop.restoreExtras(latest.get());
      if (state.bestEpoch() == state.epochsDone()) {
        ckpts.markBest(latest.get()); // a kill between save and markBest lost the pointer
      }
      ctx.out()
          .printf("%s: resuming after epoch %d from %s%n", stage, state.epochsDone(), latest.get());
    } else {
      loop.freshStart(session);
    }
    loop.ready(session);
    Evaluator evaluator = loop.evaluator();
    loop.describe(evaluator, state);
    int epochs = loop.epochs();
    if (state.epochsDone() < epochs) {
      Guard guard = new Guard(stage, dir);
      try (Input input = loop.open(state.epochsDone())) {
        for (int epoch = state.epochsDone(); epoch < epochs; epoch++) {
          state = epoch(session, ckpts, loop, evaluator, guard, state, epoch);
        }
      }
    }
    loop.finished(session);
    state.write(dir.resolve(StageState.DONE));
    return state;
  }

  private StageState epoch(
      Session s,
      CheckpointFolder ckpts,
      Loop loop,
      Evaluator evaluator,
      Guard guard,
      StageState before,
      int epoch)
      throws IOException {
    long t0 = System.nanoTime();
    Trained trained = loop.train(s, before, epoch, guard);
    Evaluator.Score score;
    try (ProgressBar bar = ctx.progress(stage + " validate", evaluator.size())) {
      EvalGraph eval = loop.evalGraph();
      score = evaluator.score(s, eval.evalInput(), eval.evalPredictions(), bar);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    boolean better = before.improves(score.value());
    StageState state = before.afterEpoch(trained.step(), score.value(), secs);
    loop.validated(epoch, state, trained, score, better, secs);
    ctx.metrics()
        .append(
            new MetricsLog.Entry(
                stage, epoch + 1, method, score.metric(), score.value(), score.perClass()));
    ctx.events(stage).scalar("val_" + score.metric(), state.step(), score.value());
    Path saved =
        ckpts.save(
            s,
            epoch + 1,
            d -> {
              state.write(d.resolve(StageState.FILE));
              loop.saveExtras(d);
            });
    if (better) {
      ckpts.markBest(saved);
    }
    loop.saved(s, epoch + 1, better);
    ckpts.prune(1, ctx.config().eval().checkpointEvery());
    return state;
  }
}

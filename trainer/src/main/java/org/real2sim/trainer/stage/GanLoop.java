package org.real2sim.trainer.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.real2sim.models.EvalGraph;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.cyclegan.CycleGanStep;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Task;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.optim.Schedules;
import org.real2sim.trainer.config.CycleGanConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.gan.ImagePool;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.Rng;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * One GAN job's part of the stage loop: builds the CycleGAN graph with the frozen expert, samples
 * real and synthetic batches, runs {@link CycleGanStep} (G step, image pools, D step) per iteration
 * and keeps the pools in every checkpoint; {@link StageRunner} does the rest.
 */
final class GanLoop implements StageRunner.Loop {
  private final TrainContext ctx;
  private final GanTrainer.Job job;
  private final StageRunner runner;
  private final Path expertCheckpoint;
  private final CycleGanConfig cfg;
  private final Dataset real;
  private GanInputs inputs;
  private long seed;
  private CycleGanModel model;
  private CycleGanStep cycleStep;
  private VarStore vars;
  private Saver saver;
  private ImagePool poolS;
  private ImagePool poolR;
  private Map<String, Weights> expertBefore;
  private Evaluator evaluator;

  GanLoop(TrainContext ctx, GanTrainer.Job job, StageRunner runner, Path expertCheckpoint) {
    this.ctx = ctx;
    this.job = job;
    this.runner = runner;
    this.expertCheckpoint = expertCheckpoint;
    this.cfg = ctx.config().stageB();
    this.real = ctx.real();
  }

  GanTrainer.Outcome go() throws IOException {
    inputs = new GanInputs(ctx, job);
    seed = inputs.seed();
    int batch = job.batchSize();
    try (Graph g = new Graph()) {
      vars = new VarStore(g, seed);
      ExpertNetwork expert =
          Networks.expert(ctx.config().stageA(), real.numClasses(), Names.EXPERT, vars);
      model =
          CycleGanModel.build(
              vars,
              Networks.cycleGan(
                  cfg,
                  batch,
                  ctx.config().data().height(),
                  ctx.config().data().width(),
                  job.taskAware()),
              expert);
      List<VarStore.Var> saved = new ArrayList<>();
      for (String net : CycleGanModel.trainedNetworks()) {
        saved.addAll(vars.under(net));
      }
      saver = new Saver(vars, saved);
      CheckpointFolder ckpts = new CheckpointFolder(runner.dir(), saver);
      poolS = new ImagePool(job.poolSize(), Rng.derive(seed, "pool_s", 0).nextLong());
      poolR = new ImagePool(job.poolSize(), Rng.derive(seed, "pool_r", 0).nextLong());

      cycleStep = new CycleGanStep(model);
      ThreadPlan plan = GanTrainer.threadPlan(ctx, model.config(), cycleStep.writeOrder(g));
      ctx.out().printf("%s: %s%n", job.stage(), plan.describe());
      try (Session s = new Session(g, false, plan.config())) {
        vars.initialize(s);
        GanCheckpointFiles.loadExpert(s, vars, expertCheckpoint, ctx.config().stageA().arch());
        StageState state =
            runner.run(s, ckpts, Metric.forTask(real.task() == Task.SEGMENTATION).key(), this);
        return new GanTrainer.Outcome(state, runner.best(), runner.latest());
      }
    }
  }

  @Override
  public Map<String, ?> hyperparameters() {
    return Map.of(
        "method", job.method(),
        "task_aware", job.taskAware(),
        "alpha", job.alpha(),
        "gamma", job.gamma(),
        "labeled", job.labeled() == null ? 0 : job.labeled().size(),
        "epochs", job.epochs(),
        "lr", job.lr());
  }

  @Override
  public int epochs() {
    return job.epochs();
  }

  @Override
  public void restoreExtras(Path checkpoint) throws IOException {
    GanCheckpointFiles.readPools(checkpoint, poolS, poolR);
  }

  @Override
  public void freshStart(Session s) throws IOException {
    if (job.initFrom() != null) {
      Checkpoints.restore(s, saver, job.initFrom());
      ctx.out().printf("%s: starting from %s%n", job.stage(), job.initFrom());
    }
  }

  @Override
  public void ready(Session s) {
    expertBefore = vars.readUnder(s, Names.EXPERT);
  }

  @Override
  public Evaluator evaluator() {
    evaluator = ctx.evaluator(real, real.samples(ctx.config().data().real().valSplit()));
    return evaluator;
  }

  @Override
  public void describe(Evaluator ev, StageState state) {
    ctx.out()
        .printf(
            "%s: %s, %d epochs × %d iterations (%d real%s, %d synthetic), validation on %d real"
                + " images%n",
            job.stage(),
            job.taskAware()
                ? String.format(
                    "task-aware CycleGAN, alpha %.2f, gamma %.2f", job.alpha(), job.gamma())
                : "CycleGAN",
            job.epochs(),
            inputs.perEpoch(),
            inputs.realCount(),
            job.taskAware() ? " labeled" : "",
            inputs.synthCount(),
            ev.size());
  }

  @Override
  public EvalGraph evalGraph() {
    return model;
  }

  @Override
  public StageRunner.Input open(int startEpoch) {
    return inputs.open(startEpoch);
  }

  @Override
  public StageRunner.Trained train(
      Session s, StageState state, int epoch, StageRunner.Guard guard) {
    int nConst = job.epochs() - job.decayEpochs();
    double lr = Schedules.linearDecay(job.lr(), epoch, nConst, job.decayEpochs());
    long step = state.step();
    long t0 = System.nanoTime();
    List<String> names = cycleStep.lossNames();
    double[] sums = new double[names.size()];
    long[] shape = cycleStep.imageShape();
    int taskLoss = names.indexOf(Losses.LOSS_TASK);
    try (ProgressBar bar =
        ctx.progress(
            job.stage() + " epoch " + (epoch + 1) + "/" + job.epochs(), inputs.perEpoch())) {
      for (int i = 0; i < inputs.perEpoch(); i++) {
        Batch rb = inputs.nextReal();
        Batch sb = inputs.nextSynthetic();
        float[] values;
        try (TFloat32 rt = Tensors.floats(rb.images(), shape);
            TFloat32 st = Tensors.floats(sb.images(), shape)) {
          CycleGanStep.TaskFeeds task =
              job.taskAware()
                  ? new CycleGanStep.TaskFeeds(
                      rb.labels(), rb.labelShape(), (float) job.alpha(), (float) job.gamma())
                  : null;
          values = cycleStep.run(s, rt, st, (float) lr, task, poolS::query, poolR::query, null);
        }
        step++;
        for (int j = 0; j < values.length; j++) {
          guard.check(names.get(j), values[j], epoch, step);
          sums[j] += values[j];
        }
        bar.value("G", sums[0] / (i + 1));
        bar.value("D_S", sums[cycleStep.generatorLossCount()] / (i + 1));
        if (job.taskAware() && taskLoss >= 0) {
          bar.value("task", sums[taskLoss] / (i + 1));
        }
        bar.step();
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    StringBuilder line = new StringBuilder();
    for (int j = 0; j < names.size(); j++) {
      double mean = sums[j] / inputs.perEpoch();
      ctx.events(job.stage()).scalar(names.get(j), step, mean);
      line.append(String.format(" %s %.3f", names.get(j), mean));
    }
    ctx.events(job.stage()).scalar("lr", step, lr);
    ctx.out()
        .printf(
            "%s epoch %d/%d:%s (lr %.2e, %.1f s, %.1f it/s)%n",
            job.stage(), epoch + 1, job.epochs(), line, lr, secs, inputs.perEpoch() / secs);
    return new StageRunner.Trained(step, sums[0] / inputs.perEpoch());
  }

  @Override
  public void validated(
      int epoch,
      StageState state,
      StageRunner.Trained trained,
      Evaluator.Score score,
      boolean better,
      double secs) {
    ctx.out()
        .printf(
            "%s epoch %d/%d: f(G_RS(x)) on real val: %s %.4f%s%n",
            job.stage(),
            epoch + 1,
            job.epochs(),
            score.metric(),
            score.value(),
            better ? " (best)" : "");
  }

  @Override
  public void saveExtras(Path checkpoint) throws IOException {
    GanCheckpointFiles.writePools(checkpoint, poolS, poolR);
  }

  @Override
  public void saved(Session s, int epoch, boolean better) throws IOException {
    EpochSamples.write(
        ctx,
        job.stage(),
        s,
        evaluator,
        model.evalInput(),
        model.evalTranslated(),
        model.evalPredictions(),
        real,
        epoch,
        true);
  }

  @Override
  public void finished(Session s) {
    if (!vars.readUnder(s, Names.EXPERT).equals(expertBefore)) {
      throw new IllegalStateException(job.stage() + " changed the frozen expert: a bug");
    }
  }
}

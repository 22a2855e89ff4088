package org.real2sim.trainer.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.real2sim.models.EvalGraph;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Task;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.optim.Schedules;
import org.real2sim.models.supervised.SupervisedModel;
import org.real2sim.models.supervised.SupervisedStep;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.Rng;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One supervised job's part of the stage loop: computes the class weights, builds the {@link
 * SupervisedModel} graph and runs its {@link SupervisedStep} on shuffled, augmented batches with
 * the polynomial learning rate; {@link StageRunner} does the rest.
 */
final class SupervisedLoop implements StageRunner.Loop {
  private final TrainContext ctx;
  private final SupervisedTrainer.Job job;
  private final StageRunner runner;
  private final Path dir;
  private final int h;
  private final int w;
  private final int trainH;
  private final int trainW;
  private SupervisedModel model;
  private SupervisedStep step;
  private int batch;
  private long seed;
  private long stepsPerEpoch;
  private int epochs;
  private long totalSteps;
  private BatchLoader loader;
  private Evaluator evaluator;

  SupervisedLoop(TrainContext ctx, SupervisedTrainer.Job job, StageRunner runner) {
    this.ctx = ctx;
    this.job = job;
    this.runner = runner;
    this.dir = runner.dir();
    this.h = ctx.config().data().height();
    this.w = ctx.config().data().width();
    boolean crops = SupervisedTrainer.expertStage(job) && job.arch().nativeCrops();
    this.trainH = crops ? job.arch().resolvedCropHeight() : h;
    this.trainW = crops ? job.arch().cropWidth() : w;
  }

  SupervisedTrainer.Outcome go() throws IOException {
    int k = job.train().numClasses();
    int n = job.trainSamples().size();
    if (n == 0) {
      throw new TrainingException(job.stage() + ": no training samples");
    }
    batch = Math.min(job.batchSize(), n);
    if (job.arch().segmentation() && batch < 2) {
      throw new TrainingException(
          job.stage()
              + ": DeepLab's image-pooling batch norm needs at least 2 images per"
              + " training batch, but only "
              + n
              + " training image(s) are available");
    }
    float[] classWeights = classWeights(k);
    seed = Rng.derive(ctx.config().seed(), job.stage(), 0).nextLong();
    stepsPerEpoch = n / batch;
    epochs = job.epochs();
    if (job.minSteps() > 0) {
      epochs = (int) Math.max(epochs, (job.minSteps() + stepsPerEpoch - 1) / stepsPerEpoch);
    }
    totalSteps = epochs * stepsPerEpoch;
    try (Graph g = new Graph()) {
      VarStore vars = new VarStore(g, seed);
      ExpertNetwork net = Networks.expert(job.arch(), k, job.network(), vars);
      boolean seg = net.task() == Task.SEGMENTATION;
      // One replica per device of --device (one device: the plain graph); see DataParallel.
      List<String> devices = TfSessions.replicaDevices();
      if (batch < Math.max(1, devices.size()) * (seg ? 2 : 1)) {
        throw new TrainingException(
            job.stage()
                + ": a batch of "
                + batch
                + " images cannot be split over the "
                + devices.size()
                + " replicas "
                + devices
                + (seg ? " (each needs at least 2 images for batch norm)" : ""));
      }
      if (!devices.isEmpty()) {
        ctx.out()
            .printf(
                "%s: %d data-parallel replicas on %s (the batch split, gradients averaged,"
                    + " batch-norm statistics per replica)%n",
                job.stage(), devices.size(), String.join(", ", devices));
      }
      model =
          SupervisedModel.build(
              vars, net, new SupervisedModel.Config(trainH, trainW, classWeights, devices));
      step = new SupervisedStep(model);
      CheckpointFolder ckpts = new CheckpointFolder(dir, new Saver(vars, model.savedVariables()));
      int cores = Runtime.getRuntime().availableProcessors();
      ThreadPlan plan =
          ThreadPlan.forSupervised(ctx.threads() > 0 ? ctx.threads() : cores, cores)
              .serialUnlessRaceFree(List.of(step.writeOrder(g)));
      ctx.out().printf("%s: %s%n", job.stage(), plan.describe());
      try (Session s = new Session(g, false, plan.config())) {
        vars.initialize(s);
        StageState state = runner.run(s, ckpts, Metric.forTask(seg).key(), this);
        return new SupervisedTrainer.Outcome(state, runner.best());
      }
    }
  }

  @Override
  public Map<String, ?> hyperparameters() {
    return Map.of(
        "method", job.method(),
        "network", job.network(),
        "labeled", job.trainSamples().size(),
        "epochs", job.epochs(),
        "batch_size", job.batchSize(),
        "lr", job.lr());
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public Evaluator evaluator() {
    evaluator = ctx.evaluator(job.val(), job.valSamples());
    return evaluator;
  }

  @Override
  public void describe(Evaluator evaluator, StageState state) {
    ctx.out()
        .printf(
            "%s: %s on %d images (%d classes, %s), %d epochs × %d steps of %d, validation on"
                + " %d images%n",
            job.stage(),
            job.arch().arch(),
            job.trainSamples().size(),
            job.train().numClasses(),
            trainW == w
                    && trainH == h
                    && !(SupervisedTrainer.expertStage(job) && job.arch().nativeCrops())
                ? trainW + "x" + trainH
                : "random " + trainW + "x" + trainH + " crops at the frames' own resolution",
            epochs,
            stepsPerEpoch,
            batch,
            evaluator.size());
  }

  @Override
  public EvalGraph evalGraph() {
    return model;
  }

  @Override
  public StageRunner.Input open(int startEpoch) {
    LoaderConfig lc =
        SupervisedTrainer.trainLoader(job.arch(), SupervisedTrainer.expertStage(job), w, h)
            .batchSize(batch)
            .seed(seed)
            .threads(ctx.config().data().loaderThreads())
            .maxPixels(ctx.config().data().maxPixels())
            .startEpoch(startEpoch)
            .epochs(epochs - startEpoch)
            .build();
    int n = job.trainSamples().size();
    loader = new BatchLoader(job.train(), job.trainSamples(), lc, SampleOrder.shuffled(n, seed));
    return loader::close;
  }

  @Override
  public StageRunner.Trained train(
      Session s, StageState state, int epoch, StageRunner.Guard guard) {
    double lossSum = 0;
    long stepNo = state.step();
    String lossName = "loss_" + job.network();
    try (ProgressBar bar =
        ctx.progress(job.stage() + " epoch " + (epoch + 1) + "/" + epochs, stepsPerEpoch)) {
      for (long i = 0; i < stepsPerEpoch; i++) {
        Batch b = loader.next();
        double lr = Schedules.polynomial(job.lr(), stepNo, totalSteps, job.arch().lrPower());
        float l;
        try (TFloat32 xt = Tensors.floats(b.images(), b.imageShape());
            TInt32 yt = Tensors.ints(b.labels(), b.labelShape())) {
          l = step.run(s, xt, yt, (float) lr);
        }
        stepNo++;
        guard.check(lossName, l, epoch, stepNo);
        lossSum += l;
        bar.value("loss", lossSum / (i + 1));
        bar.step();
      }
    }
    return new StageRunner.Trained(stepNo, lossSum / stepsPerEpoch);
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
            "%s epoch %d/%d: loss %.4f, val %s %.4f%s (%.1f s)%n",
            job.stage(),
            epoch + 1,
            epochs,
            trained.meanLoss(),
            score.metric(),
            score.value(),
            better ? " (best)" : "",
            secs);
    ctx.events(job.stage()).scalar("loss_" + job.network(), state.step(), trained.meanLoss());
  }

  @Override
  public void saved(Session s, int epoch, boolean better) throws IOException {
    if (better) {
      EpochSamples.write(
          ctx,
          job.stage(),
          s,
          evaluator,
          model.evalInput(),
          null,
          model.evalPredictions(),
          job.val(),
          epoch,
          false);
    }
  }

  private float[] classWeights(int k) throws IOException {
    String scheme = job.arch().classWeighting();
    long[] counts;
    if (scheme.equals("none")) {
      counts = new long[k];
    } else if (job.train().task() == org.real2sim.models.expert.Task.CLASSIFICATION) {
      counts = ClassWeights.counts(job.train(), job.trainSamples(), h, w, 1, null);
    } else {
      try (ProgressBar bar =
          ctx.progress(job.stage() + " label statistics", job.trainSamples().size())) {
        counts =
            ClassWeights.counts(
                job.train(),
                job.trainSamples(),
                h,
                w,
                ctx.config().data().loaderThreads(),
                ctx.config().data().maxPixels(),
                bar);
      }
    }
    float[] weights = ClassWeights.weights(scheme, counts);
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder("# class\tcount\tweight (" + scheme + ")\n");
    List<String> names = job.train().classNames();
    for (int c = 0; c < k; c++) {
      sb.append(names.get(c))
          .append('\t')
          .append(counts[c])
          .append('\t')
          .append(weights[c])
          .append('\n');
    }
    org.real2sim.trainer.run.AtomicFiles.writeString(
        dir.resolve("class_weights.tsv"), sb.toString());
    return weights;
  }
}

package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Task;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.optim.Schedules;
import org.real2sim.models.supervised.SupervisedModel;
import org.real2sim.models.supervised.SupervisedStep;
import org.real2sim.trainer.config.ExpertConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.run.Rng;
import org.real2sim.trainer.run.SampleGrid;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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
      return new Run(ctx, job, runner).go();
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

  /** One training run: builds the graph and supplies the runner with its step. */
  private static final class Run implements StageRunner.Loop {
    private final TrainContext ctx;
    private final Job job;
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

    Run(TrainContext ctx, Job job, StageRunner runner) {
      this.ctx = ctx;
      this.job = job;
      this.runner = runner;
      this.dir = runner.dir();
      this.h = ctx.config().data().height();
      this.w = ctx.config().data().width();
      boolean crops = expertStage(job) && job.arch().nativeCrops();
      this.trainH = crops ? job.arch().resolvedCropHeight() : h;
      this.trainW = crops ? job.arch().cropWidth() : w;
    }

    Outcome go() throws IOException {
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
        model =
            SupervisedModel.build(
                vars, net, new SupervisedModel.Config(trainH, trainW, classWeights));
        step = new SupervisedStep(model);
        Checkpoints ckpts = new Checkpoints(dir, new Saver(vars, model.savedVariables()));
        boolean seg = net.task() == Task.SEGMENTATION;
        try (Session s = TfSessions.open(g, ctx.threads())) {
          vars.initialize(s);
          StageState state = runner.run(s, ckpts, Metric.forTask(seg).key(), this);
          return new Outcome(state, runner.best());
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
              trainW == w && trainH == h && !(expertStage(job) && job.arch().nativeCrops())
                  ? trainW + "x" + trainH
                  : "random " + trainW + "x" + trainH + " crops at the frames' own resolution",
              epochs,
              stepsPerEpoch,
              batch,
              evaluator.size());
    }

    @Override
    public Operand<TFloat32> evalInput() {
      return model.evalInput();
    }

    @Override
    public Operand<TInt32> evalPredictions() {
      return model.evalPredictions();
    }

    @Override
    public StageRunner.Input open(int startEpoch) {
      LoaderConfig lc =
          trainLoader(job.arch(), expertStage(job), w, h)
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
        writeSamples(s, epoch);
      }
    }

    private float[] classWeights(int k) throws IOException {
      String scheme = job.arch().classWeighting();
      long[] counts;
      if (scheme.equals("none")) {
        counts = new long[k];
      } else if (job.train().task() == org.real2sim.trainer.data.Task.CLASSIFICATION) {
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

    private void writeSamples(Session s, int epoch) throws IOException {
      int rows = ctx.config().eval().sampleRows();
      if (rows == 0) {
        return;
      }
      List<SampleGrid.Row> r =
          evaluator.rows(s, model.evalInput(), null, model.evalPredictions(), rows);
      SampleGrid grid =
          new SampleGrid(
              h, w, SampleGrid.autoScale(h), job.val().classNames(), job.val().palette());
      grid.write(
          r, ctx.run().samples().resolve(String.format("%s_epoch%03d.png", job.stage(), epoch)));
    }
  }
}

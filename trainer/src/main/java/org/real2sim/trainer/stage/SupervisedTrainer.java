package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Task;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.optim.DataParallel;
import org.real2sim.models.optim.Schedules;
import org.real2sim.trainer.config.ExpertConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.run.Rng;
import org.real2sim.trainer.run.SampleGrid;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
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
    Path dir = ctx.run().stage(job.stage());
    try {
      Optional<StageState> done = StageState.done(dir);
      if (done.isPresent()) {
        ctx.out().print(done.get().skippedLine(job.stage()));
        return new Outcome(done.get(), Checkpoints.resolve(dir, Checkpoints.BEST));
      }
      return new Run(ctx, job, dir).go();
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

  /** One training run, owning its graph and session. */
  private static final class Run {
    private final TrainContext ctx;
    private final Job job;
    private final Path dir;
    private final int h;
    private final int w;
    private final int trainH;
    private final int trainW;

    Run(TrainContext ctx, Job job, Path dir) {
      this.ctx = ctx;
      this.job = job;
      this.dir = dir;
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
      int batch = Math.min(job.batchSize(), n);
      if (job.arch().segmentation() && batch < 2) {
        throw new TrainingException(
            job.stage()
                + ": DeepLab's image-pooling batch norm needs at least 2 images per"
                + " training batch, but only "
                + n
                + " training image(s) are available");
      }
      float[] classWeights = classWeights(k);
      long seed = Rng.derive(ctx.config().seed(), job.stage(), 0).nextLong();
      try (Graph g = new Graph()) {
        VarStore vars = new VarStore(g, seed);
        Ops tf = Ops.create(g);
        ExpertNetwork net = Networks.expert(job.arch(), k, job.network(), vars);
        boolean seg = net.task() == Task.SEGMENTATION;
        Placeholder<TFloat32> x =
            tf.withName("input")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, trainH, trainW, 3)));
        Placeholder<TInt32> y =
            tf.withName("labels")
                .placeholder(
                    TInt32.class,
                    Placeholder.shape(seg ? Shape.of(-1, trainH, trainW) : Shape.of(-1)));
        Operand<TFloat32> weights = tf.constant(classWeights);
        String adamName = "adam_" + job.network();
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
        DataParallel adam =
            DataParallel.minimize(
                vars,
                adamName,
                Adam.Config.standard(),
                devices,
                List.of(x, y),
                (rtf, shard) -> {
                  @SuppressWarnings("unchecked")
                  Operand<TFloat32> xs = (Operand<TFloat32>) shard.get(0);
                  @SuppressWarnings("unchecked")
                  Operand<TInt32> ys = (Operand<TInt32>) shard.get(1);
                  Operand<TFloat32> logits = net.callOnGenerated(rtf, xs, true);
                  return new DataParallel.ReplicaLoss(
                      seg
                          ? Losses.pixelCrossEntropy(rtf, logits, ys, weights)
                          : Losses.crossEntropy(rtf, logits, ys, weights),
                      Losses.weightTotal(rtf, ys, weights, seg));
                },
                job.network());
        Operand<TFloat32> loss = adam.loss();
        Placeholder<TFloat32> evalX =
            tf.withName("eval_input")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        Operand<TFloat32> evalLogits = net.callOnGenerated(tf.withSubScope("eval"), evalX, false);
        Operand<TInt32> predictions =
            tf.math.argMax(evalLogits, tf.constant(seg ? 3 : 1), TInt32.class);
        List<VarStore.Var> saved = new ArrayList<>(vars.under(job.network()));
        saved.addAll(vars.under(adamName));
        Checkpoints ckpts = new Checkpoints(dir, new Saver(vars, saved));

        try (Session s = TfSessions.open(g, ctx.threads())) {
          StageState state =
              StageState.start(job.stage(), org.real2sim.trainer.eval.Metric.forTask(seg).key());
          ctx.stageStarted(
              job.stage(),
              Map.of(
                  "method", job.method(),
                  "network", job.network(),
                  "labeled", job.trainSamples().size(),
                  "epochs", job.epochs(),
                  "batch_size", job.batchSize(),
                  "lr", job.lr()));
          Optional<Path> latest = ckpts.latest();
          if (latest.isPresent()) {
            if (!ctx.resume()) {
              throw new TrainingException(
                  job.stage()
                      + ": "
                      + dir
                      + " holds an unfinished run; pass --resume to continue"
                      + " it, or delete the folder to start over");
            }
            vars.initialize(s);
            Checkpoints.restore(s, ckpts.saver(), latest.get());
            state = StageState.read(latest.get().resolve(StageState.FILE));
            if (state.bestEpoch() == state.epochsDone()) {
              ckpts.markBest(latest.get()); // a kill between save and markBest lost the pointer
            }
            ctx.out()
                .printf(
                    "%s: resuming after epoch %d from %s%n",
                    job.stage(), state.epochsDone(), latest.get());
          } else {
            vars.initialize(s);
          }

          LoaderConfig.Builder lc =
              trainLoader(job.arch(), expertStage(job), w, h)
                  .batchSize(batch)
                  .seed(seed)
                  .threads(ctx.config().data().loaderThreads())
                  .maxPixels(ctx.config().data().maxPixels());
          Evaluator evaluator = ctx.evaluator(job.val(), job.valSamples());
          long stepsPerEpoch = n / batch;
          int epochs = job.epochs();
          if (job.minSteps() > 0) {
            epochs = (int) Math.max(epochs, (job.minSteps() + stepsPerEpoch - 1) / stepsPerEpoch);
          }
          long totalSteps = epochs * stepsPerEpoch;
          ctx.out()
              .printf(
                  "%s: %s on %d images (%d classes, %s), %d epochs × %d steps of %d, validation on"
                      + " %d images%n",
                  job.stage(),
                  job.arch().arch(),
                  n,
                  k,
                  trainW == w && trainH == h && !(expertStage(job) && job.arch().nativeCrops())
                      ? trainW + "x" + trainH
                      : "random " + trainW + "x" + trainH + " crops at the frames' own resolution",
                  epochs,
                  stepsPerEpoch,
                  batch,
                  evaluator.size());
          lc.startEpoch(state.epochsDone()).epochs(epochs - state.epochsDone());
          if (state.epochsDone() < epochs) {
            try (BatchLoader loader =
                new BatchLoader(
                    job.train(), job.trainSamples(), lc.build(), SampleOrder.shuffled(n, seed))) {
              for (int epoch = state.epochsDone(); epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                double lossSum = 0;
                long step = state.step();
                try (ProgressBar bar =
                    ctx.progress(
                        job.stage() + " epoch " + (epoch + 1) + "/" + epochs, stepsPerEpoch)) {
                  for (long i = 0; i < stepsPerEpoch; i++) {
                    Batch b = loader.next();
                    double lr =
                        Schedules.polynomial(job.lr(), step, totalSteps, job.arch().lrPower());
                    float l;
                    try (TFloat32 xt = Tensors.floats(b.images(), b.imageShape());
                        TInt32 yt = Tensors.ints(b.labels(), b.labelShape());
                        TFloat32 lrt = Tensors.scalar(lr);
                        Result r =
                            s.runner()
                                .feed(x, xt)
                                .feed(y, yt)
                                .feed(adam.learningRate(), lrt)
                                .addTarget(adam.trainOp())
                                .fetch(loss)
                                .run()) {
                      l = ((TFloat32) r.get(0)).getFloat();
                    }
                    step++;
                    if (!Float.isFinite(l)) {
                      throw new TrainingException(
                          "stage "
                              + job.stage()
                              + ", epoch "
                              + (epoch + 1)
                              + ", step "
                              + step
                              + ": loss_"
                              + job.network()
                              + " is "
                              + l
                              + "; training stopped, the"
                              + " last good checkpoint in "
                              + dir
                              + " is intact (lower the"
                              + " learning rate, then --resume)");
                    }
                    lossSum += l;
                    bar.value("loss", lossSum / (i + 1));
                    bar.step();
                  }
                }
                Evaluator.Score score;
                try (ProgressBar bar = ctx.progress(job.stage() + " validate", evaluator.size())) {
                  score = evaluator.score(s, evalX, predictions, bar);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                boolean better = state.improves(score.value());
                state = state.afterEpoch(step, score.value(), secs);
                double meanLoss = lossSum / stepsPerEpoch;
                ctx.out()
                    .printf(
                        "%s epoch %d/%d: loss %.4f, val %s %.4f%s (%.1f s)%n",
                        job.stage(),
                        epoch + 1,
                        epochs,
                        meanLoss,
                        score.metric(),
                        score.value(),
                        better ? " (best)" : "",
                        secs);
                ctx.metrics()
                    .append(
                        new MetricsLog.Entry(
                            job.stage(),
                            epoch + 1,
                            job.method(),
                            score.metric(),
                            score.value(),
                            score.perClass()));
                ctx.events(job.stage()).scalar("loss_" + job.network(), step, meanLoss);
                ctx.events(job.stage()).scalar("val_" + score.metric(), step, score.value());
                StageState saveState = state;
                Path savedDir =
                    ckpts.save(s, epoch + 1, d -> saveState.write(d.resolve(StageState.FILE)));
                if (better) {
                  ckpts.markBest(savedDir);
                  writeSamples(s, evaluator, evalX, predictions, epoch + 1);
                }
                ckpts.prune(1, ctx.config().eval().checkpointEvery());
              }
            }
          }
          state.write(dir.resolve(StageState.DONE));
          return new Outcome(state, Checkpoints.resolve(dir, Checkpoints.BEST));
        }
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

    private void writeSamples(
        Session s,
        Evaluator evaluator,
        Operand<TFloat32> input,
        Operand<TInt32> predictions,
        int epoch)
        throws IOException {
      int rows = ctx.config().eval().sampleRows();
      if (rows == 0) {
        return;
      }
      List<SampleGrid.Row> r = evaluator.rows(s, input, null, predictions, rows);
      SampleGrid grid =
          new SampleGrid(
              h, w, SampleGrid.autoScale(h), job.val().classNames(), job.val().palette());
      grid.write(
          r, ctx.run().samples().resolve(String.format("%s_epoch%03d.png", job.stage(), epoch)));
    }
  }
}

package org.real2sim.trainer.stage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.CycleGanFlops;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.cyclegan.CycleGanStep;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.ThreadPlan;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.optim.Schedules;
import org.real2sim.trainer.config.CycleGanConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.data.pipeline.UnpairedSampler;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.gan.ImagePool;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.run.Rng;
import org.real2sim.trainer.run.SampleGrid;
import org.real2sim.trainer.util.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

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
      List<Sample> labeled) {}

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
   * (a lane's share). {@code bench-cyclegan} times its default with the same rule.
   */
  public static ThreadPlan threadPlan(TrainContext ctx, CycleGanModel.Config model) {
    return ThreadPlan.forCycleGan(
        ctx.config().threads(), CycleGanFlops.iteration(model), ctx.cores());
  }

  /**
   * Trains (or resumes, or skips when finished) a job with the expert of {@code expertCheckpoint}.
   */
  public static Outcome train(TrainContext ctx, Job job, Path expertCheckpoint) {
    Path dir = ctx.run().stage(job.stage());
    try {
      Optional<StageState> done = StageState.done(dir);
      if (done.isPresent()) {
        ctx.out().print(done.get().skippedLine(job.stage()));
        return new Outcome(
            done.get(),
            Checkpoints.resolve(dir, Checkpoints.BEST),
            Checkpoints.resolve(dir, Checkpoints.LATEST));
      }
      return new Run(ctx, job, dir, expertCheckpoint).go();
    } catch (IOException e) {
      throw new UncheckedIOException("Stage " + job.stage() + ": " + e.getMessage(), e);
    }
  }

  private static final class Run {
    private final TrainContext ctx;
    private final Job job;
    private final Path dir;
    private final Path expertCheckpoint;
    private final int h;
    private final int w;
    private final CycleGanConfig cfg;

    Run(TrainContext ctx, Job job, Path dir, Path expertCheckpoint) {
      this.ctx = ctx;
      this.job = job;
      this.dir = dir;
      this.expertCheckpoint = expertCheckpoint;
      this.h = ctx.config().data().height();
      this.w = ctx.config().data().width();
      this.cfg = ctx.config().stageB();
    }

    Outcome go() throws IOException {
      Dataset real = ctx.real();
      Dataset synth = ctx.synthetic();
      List<Sample> realSamples =
          job.taskAware() ? job.labeled() : real.samples(ctx.config().data().real().trainSplit());
      List<Sample> synthSamples = synth.samples(ctx.config().data().synthetic().trainSplit());
      long seed = Rng.derive(ctx.config().seed(), job.stage(), 0).nextLong();
      UnpairedSampler sampler =
          job.taskAware()
              ? UnpairedSampler.drivenByA(realSamples.size(), synthSamples.size(), seed)
              : UnpairedSampler.maxOfBoth(realSamples.size(), synthSamples.size(), seed);
      int batch = cfg.batchSize();
      if (sampler.epochLength() < batch) {
        throw new TrainingException(
            job.stage()
                + ": an epoch has "
                + sampler.epochLength()
                + " image(s), fewer than"
                + " stageB.batchSize="
                + batch);
      }
      int iterations = sampler.epochLength() / batch;
      if (!job.taskAware() && cfg.iterationsPerEpoch() > 0) {
        iterations = Math.min(iterations, cfg.iterationsPerEpoch());
      }
      final int perEpoch = iterations;
      final int imagesPerEpoch = iterations * batch;
      SampleOrder orderReal = e -> Arrays.copyOf(sampler.orderA().indices(e), imagesPerEpoch);
      SampleOrder orderSynth = e -> Arrays.copyOf(sampler.orderB().indices(e), imagesPerEpoch);

      try (Graph g = new Graph()) {
        VarStore vars = new VarStore(g, seed);
        ExpertNetwork expert =
            Networks.expert(ctx.config().stageA(), real.numClasses(), Names.EXPERT, vars);
        CycleGanModel m =
            CycleGanModel.build(vars, Networks.cycleGan(cfg, h, w, job.taskAware()), expert);
        List<VarStore.Var> saved = new ArrayList<>();
        for (String net : CycleGanModel.trainedNetworks()) {
          saved.addAll(vars.under(net));
        }
        Saver saver = new Saver(vars, saved);
        Checkpoints ckpts = new Checkpoints(dir, saver);
        ImagePool poolS = new ImagePool(cfg.poolSize(), Rng.derive(seed, "pool_s", 0).nextLong());
        ImagePool poolR = new ImagePool(cfg.poolSize(), Rng.derive(seed, "pool_r", 0).nextLong());

        ThreadPlan plan = threadPlan(ctx, m.config());
        ctx.out().printf("%s: %s%n", job.stage(), plan.describe());
        try (Session s = new Session(g, false, plan.config())) {
          vars.initialize(s);
          loadExpert(s, vars);
          StageState state =
              StageState.start(
                  job.stage(),
                  org.real2sim.trainer.eval.Metric.forTask(
                          real.task() == org.real2sim.trainer.data.Task.SEGMENTATION)
                      .key());
          ctx.stageStarted(
              job.stage(),
              Map.of(
                  "method", job.method(),
                  "task_aware", job.taskAware(),
                  "alpha", job.alpha(),
                  "gamma", job.gamma(),
                  "labeled", job.labeled() == null ? 0 : job.labeled().size(),
                  "epochs", job.epochs(),
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
            Checkpoints.restore(s, saver, latest.get());
            state = StageState.read(latest.get().resolve(StageState.FILE));
            readPools(latest.get(), poolS, poolR);
            if (state.bestEpoch() == state.epochsDone()) {
              ckpts.markBest(latest.get()); // a kill between save and markBest lost the pointer
            }
            ctx.out()
                .printf(
                    "%s: resuming after epoch %d from %s%n",
                    job.stage(), state.epochsDone(), latest.get());
          } else if (job.initFrom() != null) {
            Checkpoints.restore(s, saver, job.initFrom());
            ctx.out().printf("%s: starting from %s%n", job.stage(), job.initFrom());
          }
          Map<String, Weights> expertBefore = vars.readUnder(s, Names.EXPERT);

          Evaluator evaluator =
              ctx.evaluator(real, real.samples(ctx.config().data().real().valSplit()));
          int epochs = job.epochs();
          int nConst = epochs - job.decayEpochs();
          ctx.out()
              .printf(
                  "%s: %s, %d epochs × %d iterations (%d real%s, %d synthetic), validation on %d real"
                      + " images%n",
                  job.stage(),
                  job.taskAware()
                      ? String.format(
                          "task-aware CycleGAN, alpha %.2f, gamma %.2f", job.alpha(), job.gamma())
                      : "CycleGAN",
                  epochs,
                  perEpoch,
                  realSamples.size(),
                  job.taskAware() ? " labeled" : "",
                  synthSamples.size(),
                  evaluator.size());
          if (state.epochsDone() < epochs) {
            LoaderConfig realCfg = loader(seed, job.taskAware(), state.epochsDone(), epochs);
            LoaderConfig synthCfg = loader(seed + 1, false, state.epochsDone(), epochs);
            try (BatchLoader realLoader = new BatchLoader(real, realSamples, realCfg, orderReal);
                BatchLoader synthLoader =
                    new BatchLoader(synth, synthSamples, synthCfg, orderSynth)) {
              for (int epoch = state.epochsDone(); epoch < epochs; epoch++) {
                state =
                    epoch(
                        s,
                        m,
                        realLoader,
                        synthLoader,
                        poolS,
                        poolR,
                        state,
                        epoch,
                        perEpoch,
                        nConst);
                Evaluator.Score score;
                try (ProgressBar bar = ctx.progress(job.stage() + " validate", evaluator.size())) {
                  score = evaluator.score(s, m.evalInput(), m.evalPredictions(), bar);
                }
                boolean better = state.improves(score.value());
                state = state.afterEpoch(state.step(), score.value(), 0);
                ctx.out()
                    .printf(
                        "%s epoch %d/%d: f(G_RS(x)) on real val: %s %.4f%s%n",
                        job.stage(),
                        epoch + 1,
                        epochs,
                        score.metric(),
                        score.value(),
                        better ? " (best)" : "");
                ctx.metrics()
                    .append(
                        new MetricsLog.Entry(
                            job.stage(),
                            epoch + 1,
                            job.method(),
                            score.metric(),
                            score.value(),
                            score.perClass()));
                ctx.events(job.stage())
                    .scalar("val_" + score.metric(), state.step(), score.value());
                StageState saveState = state;
                Path savedDir =
                    ckpts.save(
                        s,
                        epoch + 1,
                        d -> {
                          saveState.write(d.resolve(StageState.FILE));
                          writePools(d, poolS, poolR);
                        });
                if (better) {
                  ckpts.markBest(savedDir);
                }
                writeSamples(s, m, evaluator, epoch + 1);
                ckpts.prune(1, ctx.config().eval().checkpointEvery());
              }
            }
          }
          if (!vars.readUnder(s, Names.EXPERT).equals(expertBefore)) {
            throw new IllegalStateException(job.stage() + " changed the frozen expert: a bug");
          }
          state.write(dir.resolve(StageState.DONE));
          return new Outcome(
              state,
              Checkpoints.resolve(dir, Checkpoints.BEST),
              Checkpoints.resolve(dir, Checkpoints.LATEST));
        }
      }
    }

    private LoaderConfig loader(long seed, boolean labels, int startEpoch, int epochs) {
      return LoaderConfig.builder()
          .training()
          .batchSize(cfg.batchSize())
          .resize((int) Math.round(w * LOAD_SCALE), (int) Math.round(h * LOAD_SCALE))
          .crop(w, h)
          .flip(true)
          .scaling(PixelScaling.minusOneToOne())
          .labels(labels)
          .seed(seed)
          .threads(Math.max(1, ctx.config().data().loaderThreads() / 2))
          .maxPixels(ctx.config().data().maxPixels())
          .startEpoch(startEpoch)
          .epochs(epochs - startEpoch)
          .build();
    }

    private void loadExpert(Session s, VarStore vars) throws IOException {
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
                  + ctx.config().stageA().arch());
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

    private StageState epoch(
        Session s,
        CycleGanModel m,
        BatchLoader realLoader,
        BatchLoader synthLoader,
        ImagePool poolS,
        ImagePool poolR,
        StageState state,
        int epoch,
        int iterations,
        int nConst)
        throws IOException {
      double lr = Schedules.linearDecay(job.lr(), epoch, nConst, job.decayEpochs());
      long step = state.step();
      long t0 = System.nanoTime();
      CycleGanStep cycleStep = new CycleGanStep(m);
      List<String> names = cycleStep.lossNames();
      double[] sums = new double[names.size()];
      long[] shape = cycleStep.imageShape();
      try (ProgressBar bar =
          ctx.progress(job.stage() + " epoch " + (epoch + 1) + "/" + job.epochs(), iterations)) {
        for (int i = 0; i < iterations; i++) {
          Batch rb = realLoader.next();
          Batch sb = synthLoader.next();
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
            if (!Float.isFinite(values[j])) {
              throw new TrainingException(
                  "stage "
                      + job.stage()
                      + ", epoch "
                      + (epoch + 1)
                      + ", step "
                      + step
                      + ": "
                      + names.get(j)
                      + " is "
                      + values[j]
                      + "; training stopped, the last good"
                      + " checkpoint in "
                      + dir
                      + " is intact (lower the learning rate, then"
                      + " --resume)");
            }
            sums[j] += values[j];
          }
          bar.value("G", sums[0] / (i + 1));
          bar.value("D_S", sums[cycleStep.generatorLossCount()] / (i + 1));
          if (job.taskAware() && names.contains(org.real2sim.models.loss.Losses.LOSS_TASK)) {
            bar.value(
                "task", sums[names.indexOf(org.real2sim.models.loss.Losses.LOSS_TASK)] / (i + 1));
          }
          bar.step();
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < names.size(); j++) {
        double mean = sums[j] / iterations;
        ctx.events(job.stage()).scalar(names.get(j), step, mean);
        line.append(String.format(" %s %.3f", names.get(j), mean));
      }
      ctx.events(job.stage()).scalar("lr", step, lr);
      ctx.out()
          .printf(
              "%s epoch %d/%d:%s (lr %.2e, %.1f s, %.1f it/s)%n",
              job.stage(), epoch + 1, job.epochs(), line, lr, secs, iterations / secs);
      return new StageState(
          state.stage(),
          state.epochsDone(),
          step,
          state.metric(),
          state.bestValue(),
          state.bestEpoch(),
          state.lastValue(),
          state.seconds() + secs);
    }

    private void writeSamples(Session s, CycleGanModel m, Evaluator evaluator, int epoch)
        throws IOException {
      int rows = ctx.config().eval().sampleRows();
      if (rows == 0) {
        return;
      }
      List<SampleGrid.Row> r =
          evaluator.rows(s, m.evalInput(), m.evalTranslated(), m.evalPredictions(), rows);
      Dataset real = ctx.real();
      SampleGrid grid =
          new SampleGrid(h, w, SampleGrid.autoScale(h), real.classNames(), real.palette());
      grid.write(
          r, ctx.run().samples().resolve(String.format("%s_epoch%03d.png", job.stage(), epoch)));
      java.awt.image.BufferedImage img = grid.render(r);
      byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
      for (int y = 0, p = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++, p += 3) {
          int c = img.getRGB(x, y);
          rgb[p] = (byte) (c >> 16);
          rgb[p + 1] = (byte) (c >> 8);
          rgb[p + 2] = (byte) c;
        }
      }
      ctx.events(job.stage()).image("samples", epoch, rgb, img.getHeight(), img.getWidth());
    }

    private static void writePools(Path d, ImagePool poolS, ImagePool poolR) throws IOException {
      try (DataOutputStream out =
          new DataOutputStream(
              new java.io.BufferedOutputStream(Files.newOutputStream(d.resolve("pools.bin"))))) {
        poolS.write(out);
        poolR.write(out);
      }
    }

    private static void readPools(Path ckpt, ImagePool poolS, ImagePool poolR) throws IOException {
      Path f = ckpt.resolve("pools.bin");
      try (DataInputStream in =
          new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
        poolS.read(in);
        poolR.read(in);
      } catch (IOException e) {
        throw new IOException("Cannot read the image pools of " + ckpt + ": " + e.getMessage(), e);
      }
    }
  }
}

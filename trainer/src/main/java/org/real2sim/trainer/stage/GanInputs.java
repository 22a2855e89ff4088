package org.real2sim.trainer.stage;

import java.util.Arrays;
import java.util.List;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.pipeline.Batch;
import org.real2sim.trainer.data.pipeline.BatchLoader;
import org.real2sim.trainer.data.pipeline.LoaderConfig;
import org.real2sim.trainer.data.pipeline.PixelScaling;
import org.real2sim.trainer.data.pipeline.SampleOrder;
import org.real2sim.trainer.data.pipeline.UnpairedSampler;
import org.real2sim.trainer.run.Rng;

/**
 * The unpaired real and synthetic batches of one GAN job: which samples (stage b every real
 * training image, stage c the labeled ones), the epoch's length and image order ({@link
 * UnpairedSampler}), and the two loaders from a given epoch on.
 */
final class GanInputs {
  private final TrainContext ctx;
  private final GanTrainer.Job job;
  private final Dataset real;
  private final Dataset synth;
  private final List<Sample> realSamples;
  private final List<Sample> synthSamples;
  private final long seed;
  private final int perEpoch;
  private final SampleOrder orderReal;
  private final SampleOrder orderSynth;
  private BatchLoader realLoader;
  private BatchLoader synthLoader;

  /**
   * The inputs of {@code job}.
   *
   * @throws TrainingException when an epoch has fewer images than one batch
   */
  GanInputs(TrainContext ctx, GanTrainer.Job job) {
    this.ctx = ctx;
    this.job = job;
    this.real = ctx.real();
    this.synth = ctx.synthetic();
    realSamples =
        job.taskAware() ? job.labeled() : real.samples(ctx.config().data().real().trainSplit());
    synthSamples = synth.samples(ctx.config().data().synthetic().trainSplit());
    seed = Rng.derive(ctx.config().seed(), job.stage(), 0).nextLong();
    UnpairedSampler sampler =
        job.taskAware()
            ? UnpairedSampler.drivenByA(realSamples.size(), synthSamples.size(), seed)
            : UnpairedSampler.maxOfBoth(realSamples.size(), synthSamples.size(), seed);
    int batch = job.batchSize();
    if (sampler.epochLength() < batch) {
      throw new TrainingException(
          job.stage()
              + ": an epoch has "
              + sampler.epochLength()
              + " image(s), fewer than"
              + (job.taskAware() ? " stageC" : " stageB")
              + ".batchSize="
              + batch);
    }
    int iterations = sampler.epochLength() / batch;
    if (!job.taskAware() && ctx.config().stageB().iterationsPerEpoch() > 0) {
      iterations = Math.min(iterations, ctx.config().stageB().iterationsPerEpoch());
    }
    perEpoch = iterations;
    final int imagesPerEpoch = iterations * batch;
    orderReal = e -> Arrays.copyOf(sampler.orderA().indices(e), imagesPerEpoch);
    orderSynth = e -> Arrays.copyOf(sampler.orderB().indices(e), imagesPerEpoch);
  }

  /** The job's seed, from which the graph's, the pools' and the loaders' seeds derive. */
  long seed() {
    return seed;
  }

  /** Iterations per epoch. */
  int perEpoch() {
    return perEpoch;
  }

  /** The real images sampled from. */
  int realCount() {
    return realSamples.size();
  }

  /** The synthetic images sampled from. */
  int synthCount() {
    return synthSamples.size();
  }

  /** Opens both loaders at {@code startEpoch}; the input closes them. */
  StageRunner.Input open(int startEpoch) {
    int epochs = job.epochs();
    LoaderConfig realCfg = loader(seed, job.taskAware(), startEpoch, epochs);
    LoaderConfig synthCfg = loader(seed + 1, false, startEpoch, epochs);
    realLoader = new BatchLoader(real, realSamples, realCfg, orderReal);
    try {
      synthLoader = new BatchLoader(synth, synthSamples, synthCfg, orderSynth);
    } catch (RuntimeException e) {
      realLoader.close();
      throw e;
    }
    return () -> {
      try (BatchLoader r = realLoader;
          BatchLoader sy = synthLoader) {
        // closes both, the synthetic loader first (the order of try-with-resources)
      }
    };
  }

  /** The next real batch (with labels in stage c). */
  Batch nextReal() {
    return realLoader.next();
  }

  /** The next synthetic batch. */
  Batch nextSynthetic() {
    return synthLoader.next();
  }

  private LoaderConfig loader(long seed, boolean labels, int startEpoch, int epochs) {
    int h = ctx.config().data().height();
    int w = ctx.config().data().width();
    return LoaderConfig.builder()
        .training()
        .batchSize(job.batchSize())
        .resize(
            (int) Math.round(w * GanTrainer.LOAD_SCALE),
            (int) Math.round(h * GanTrainer.LOAD_SCALE))
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
}

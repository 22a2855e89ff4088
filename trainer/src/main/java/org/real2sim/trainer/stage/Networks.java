package org.real2sim.trainer.stage;

import java.util.function.Function;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.cyclegan.PatchDiscriminator;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.Stem;
import org.real2sim.trainer.config.CycleGanConfig;
import org.real2sim.trainer.config.ExpertConfig;

/** Builds the networks a configuration describes. */
public final class Networks {

  private Networks() {}

  /** The expert normalisation a configuration names. */
  public static Normalization normalization(ExpertConfig c) {
    return c.normalization().equals("imagenet") ? Normalization.IMAGENET : Normalization.SYMMETRIC;
  }

  /**
   * The expert network of {@code c} with {@code numClasses} classes, named {@code name} ({@code
   * expert} for f, {@code f_r} for M3 and the oracle), its variables in {@code vars}: the
   * architecture {@link #expert(ExpertConfig, int, Function, Function)} gives.
   */
  public static ExpertNetwork expert(ExpertConfig c, int numClasses, String name, VarStore vars) {
    Normalization n = normalization(c);
    return expert(
        c,
        numClasses,
        r -> ExpertNetwork.classifier(new ResNet(r, name, vars), n),
        d -> ExpertNetwork.segmenter(new DeepLabV3(d, name, vars), n));
  }

  /**
   * The expert architecture of {@code c} with {@code numClasses} classes, without a graph (the one
   * place that maps a configuration onto it): a DeepLabV3 for segmentation (ASPP {@code min(256,
   * 4·width)} channels, the paper's rates for the output stride, dropout 0.5), else a ResNet with
   * the configured stem; passed to {@code segmenter} or {@code classifier}.
   */
  public static <T> T expert(
      ExpertConfig c,
      int numClasses,
      Function<ResNet.Config, T> classifier,
      Function<DeepLabV3.Config, T> segmenter) {
    if (c.segmentation()) {
      int aspp = Math.min(256, 4 * c.width());
      return segmenter.apply(
          new DeepLabV3.Config(
              c.depth(),
              c.width(),
              numClasses,
              3,
              c.outputStride(),
              aspp,
              DeepLabV3.Config.defaultRates(c.outputStride()),
              0.5));
    }
    return classifier.apply(
        new ResNet.Config(c.depth(), c.width(), numClasses, 3, Stem.of(c.stem())));
  }

  /**
   * The CycleGAN graph configuration for stage b ({@code taskAware} false) or c (true): {@code c}'s
   * networks at {@code batch} images per domain ({@code stageB.batchSize}, or stage c's own).
   */
  public static CycleGanModel.Config cycleGan(
      CycleGanConfig c, int batch, int height, int width, boolean taskAware) {
    return new CycleGanModel.Config(
        new ResnetGenerator.Config(c.ngf(), c.nBlocks(), 3, 3),
        new PatchDiscriminator.Config(c.ndf(), c.nLayers(), 3),
        batch,
        height,
        width,
        (float) c.lambdaCyc(),
        (float) c.lambdaId(),
        new Adam.Config((float) c.beta1(), (float) c.beta2(), 1e-8f),
        taskAware);
  }
}

package org.real2sim.trainer.stage;

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
   * The expert architecture of {@code c} with {@code numClasses} classes, named {@code name}
   * ({@code expert} for f, {@code f_r} for M3 and the oracle), its variables in {@code vars}.
   */
  public static ExpertNetwork expert(ExpertConfig c, int numClasses, String name, VarStore vars) {
    Normalization n = normalization(c);
    if (c.segmentation()) {
      int aspp = Math.min(256, 4 * c.width());
      DeepLabV3.Config d =
          new DeepLabV3.Config(
              c.depth(),
              c.width(),
              numClasses,
              3,
              c.outputStride(),
              aspp,
              DeepLabV3.Config.defaultRates(c.outputStride()),
              0.5);
      return ExpertNetwork.segmenter(new DeepLabV3(d, name, vars), n);
    }
    return ExpertNetwork.classifier(
        new ResNet(
            new ResNet.Config(c.depth(), c.width(), numClasses, 3, Stem.of(c.stem())), name, vars),
        n);
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

package org.real2sim.models.cyclegan;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.spec.CompositeLayers.Residual;
import org.real2sim.models.spec.CompositeLayers.Scope;
import org.real2sim.models.spec.Layer;
import org.real2sim.models.spec.Layer.Conv;
import org.real2sim.models.spec.Layer.ConvTranspose;
import org.real2sim.models.spec.Layer.InstanceNorm;
import org.real2sim.models.spec.Layer.ReflectPad;
import org.real2sim.models.spec.Layer.Relu;
import org.real2sim.models.spec.Layer.Tanh;
import org.real2sim.models.spec.Net;
import org.real2sim.models.spec.SpecNetwork;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The CycleGAN ResNet generator ({@code resnet_9blocks} / {@code resnet_6blocks} of the reference
 * implementation, instance norm, no dropout), mapping {@code [N, H, W, in]} images in [−1, 1] to
 * {@code [N, H, W, out]} images in [−1, 1] (NHWC float32; H and W multiples of 4 keep the size).
 *
 * <p>Layers, with the sub-block that holds each one's variables:
 *
 * <ol>
 *   <li>{@code in}: reflect pad 3, 7×7 conv to ngf (stride 1, no zero padding), IN, ReLU;
 *   <li>{@code down_1}, {@code down_2}: 3×3 conv stride 2 zero padding 1 to 2ngf, 4ngf, IN, ReLU;
 *   <li>{@code res_1} … {@code res_n}: x + [reflect pad 1, 3×3 conv {@code conv_1}, IN, ReLU,
 *       reflect pad 1, 3×3 conv {@code conv_2}, IN] (4ngf channels);
 *   <li>{@code up_1}, {@code up_2}: 3×3 transposed conv stride 2, padding 1, output padding 1 to
 *       2ngf, ngf, IN, ReLU;
 *   <li>{@code out}: reflect pad 3, 7×7 conv to the output channels, tanh.
 * </ol>
 *
 * <p>Every convolution has a bias (the reference uses biases with instance norm); kernels start
 * from N(0, 0.02), biases from 0. Instance norm has no affine parameters and no running statistics
 * ({@link org.real2sim.models.nn.InstanceNorm#apply}). Variables: {@code <name>/in/kernel}, {@code
 * <name>/down_1/bias}, {@code <name>/res_3/conv_1/kernel}, {@code <name>/up_2/kernel} ({@code [3,
 * 3, out, in]}), {@code <name>/out/bias}, …; 11,378,179 parameters for ngf 64 with 9 blocks,
 * 1,965,059 for ngf 32 with 6 blocks. Calling {@link #call} twice shares the variables.
 *
 * @see <a href="https://arxiv.org/abs/1703.10593">Zhu et al., CycleGAN, ICCV 2017</a>
 * @see <a href="https://arxiv.org/abs/1603.08155">Johnson et al., Perceptual Losses, ECCV 2016</a>
 */
public final class ResnetGenerator extends SpecNetwork<ResnetGenerator.Config> {

  /**
   * The smallest side the generator accepts: a quarter of it must exceed the reflect pad of 1 of
   * the residual blocks.
   */
  public static final int MIN_SIDE = 8;

  /** H and W must be multiples of this (two stride-2 down-samplings, two 2× up-samplings). */
  public static final int SIDE_MULTIPLE = 4;

  /** Initialiser of every kernel: N(0, 0.02), as the reference {@code init_type=normal}. */
  public static final Init KERNEL_INIT = new Init.Normal(0, 0.02);

  /**
   * The generator's architecture.
   *
   * @param ngf channels of the first convolution (64 in the reference)
   * @param nBlocks number of residual blocks (9 for 256 px, 6 below)
   * @param inChannels channels of the input image (3 for RGB)
   * @param outChannels channels of the output image (3 for RGB)
   */
  public record Config(int ngf, int nBlocks, int inChannels, int outChannels) {

    /** Checks every field. */
    public Config {
      positive("ngf", ngf);
      if (nBlocks < 0) {
        throw new IllegalArgumentException("nBlocks must be >= 0, found " + nBlocks);
      }
      positive("inChannels", inChannels);
      positive("outChannels", outChannels);
    }

    /** The reference's {@code resnet_9blocks} for RGB: ngf 64, 9 blocks. */
    public static Config resnet9Blocks() {
      return new Config(64, 9, 3, 3);
    }

    /**
     * The reference's {@code resnet_6blocks} with ngf 32 for RGB, the small default below 256 px.
     */
    public static Config resnet6BlocksSmall() {
      return new Config(32, 6, 3, 3);
    }
  }

  /**
   * A generator whose variables live under {@code name} in {@code vars}.
   *
   * @param name the network name, e.g. {@link org.real2sim.models.Names#G_RS}
   */
  public ResnetGenerator(Config config, String name, VarStore vars) {
    super(config, name, vars, ResnetGenerator::spec);
  }

  /**
   * The generator described once ({@link Net}): the TensorFlow graph ({@link #call}), the ONNX
   * writer and the MAC count are all derived from it.
   */
  public static Net spec(Config c) {
    int ngf = c.ngf();
    List<Layer> layers = new ArrayList<>();
    layers.add(new ReflectPad(3));
    layers.add(Scope.of("in", Conv.of(ngf, 7), new InstanceNorm(), new Relu()));
    layers.add(
        Scope.of("down_1", Conv.of(2 * ngf, 3).stride(2).pad(1), new InstanceNorm(), new Relu()));
    layers.add(
        Scope.of("down_2", Conv.of(4 * ngf, 3).stride(2).pad(1), new InstanceNorm(), new Relu()));
    for (int i = 1; i <= c.nBlocks(); i++) {
      layers.add(
          Scope.of(
              "res_" + i,
              Residual.of(
                  new ReflectPad(1),
                  Scope.of("conv_1", Conv.of(4 * ngf, 3)),
                  new InstanceNorm(),
                  new Relu(),
                  new ReflectPad(1),
                  Scope.of("conv_2", Conv.of(4 * ngf, 3)),
                  new InstanceNorm())));
    }
    layers.add(
        Scope.of("up_1", ConvTranspose.doubling(2 * ngf, 3), new InstanceNorm(), new Relu()));
    layers.add(Scope.of("up_2", ConvTranspose.doubling(ngf, 3), new InstanceNorm(), new Relu()));
    layers.add(Scope.of("out", new ReflectPad(3), Conv.of(c.outChannels(), 7), new Tanh()));
    return new Net(
        "generator (ngf " + ngf + ", " + c.nBlocks() + " blocks)",
        c.inChannels(),
        KERNEL_INIT,
        layers);
  }

  /**
   * Applies the generator to {@code x}, creating the variables on the first call.
   *
   * @param x {@code [N, H, W, inChannels]} in [−1, 1]; with a static batch of 1 instance norm uses
   *     the fused kernel
   * @return {@code [N, H, W, outChannels]} in [−1, 1] (tanh)
   */
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x) {
    return apply(tf, x, false);
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be positive, found " + value);
    }
  }
}

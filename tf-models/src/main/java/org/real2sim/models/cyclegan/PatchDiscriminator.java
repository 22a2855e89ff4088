package org.real2sim.models.cyclegan;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.spec.CompositeLayers.Scope;
import org.real2sim.models.spec.Layer;
import org.real2sim.models.spec.Layer.Conv;
import org.real2sim.models.spec.Layer.InstanceNorm;
import org.real2sim.models.spec.Layer.LeakyRelu;
import org.real2sim.models.spec.Net;
import org.real2sim.models.spec.SpecNetwork;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The CycleGAN PatchGAN discriminator ({@code basic} / {@code n_layers} of the reference with
 * instance norm), mapping {@code [N, H, W, in]} images in [−1, 1] to a one-channel map of patch
 * scores {@code [N, H', W', 1]} (raw, no sigmoid: the LSGAN loss takes them as they are). With 3
 * layers the receptive field is 70×70 and a 256×256 input gives a 30×30 map.
 *
 * <p>All convolutions are 4×4 with zero padding 1 and a bias; kernels start from N(0, 0.02), biases
 * from 0. With {@code c_k = ndf·min(2^(k−1), 8)}:
 *
 * <ol>
 *   <li>{@code conv_1}: stride 2 to {@code c_1 = ndf}, LeakyReLU 0.2 (no norm);
 *   <li>{@code conv_2} … {@code conv_n}: stride 2 to {@code c_k}, IN, LeakyReLU 0.2;
 *   <li>{@code conv_(n+1)}: stride 1 to {@code c_(n+1)}, IN, LeakyReLU 0.2;
 *   <li>{@code out}: stride 1 to 1 channel.
 * </ol>
 *
 * <p>Output size: each stride-2 layer maps H to {@code floor(H/2)}, each stride-1 layer to {@code H
 * − 1}. Variables {@code <name>/conv_k/kernel}, {@code <name>/conv_k/bias}, {@code
 * <name>/out/kernel}, {@code <name>/out/bias}; 2,764,737 parameters for ndf 64 and 3 layers,
 * 694,241 for ndf 32. Calling {@link #call} twice shares the variables.
 *
 * @see <a href="https://arxiv.org/abs/1611.07004">Isola et al., Image-to-Image Translation with
 *     Conditional Adversarial Networks (PatchGAN), CVPR 2017</a>
 */
public final class PatchDiscriminator extends SpecNetwork<PatchDiscriminator.Config> {

  /** The slope of the LeakyReLU activations. */
  public static final float LEAKY_SLOPE = 0.2f;

  /**
   * The discriminator's architecture.
   *
   * @param ndf channels of the first convolution (64 in the reference)
   * @param nLayers number of stride-2 convolutions (3 gives the 70×70 PatchGAN)
   * @param inChannels channels of the input image (3 for RGB)
   */
  public record Config(int ndf, int nLayers, int inChannels) {

    /** Checks every field. */
    public Config {
      if (ndf < 1) {
        throw new IllegalArgumentException("ndf must be positive, found " + ndf);
      }
      if (nLayers < 1) {
        throw new IllegalArgumentException("nLayers must be positive, found " + nLayers);
      }
      if (inChannels < 1) {
        throw new IllegalArgumentException("inChannels must be positive, found " + inChannels);
      }
    }

    /** The reference's 70×70 PatchGAN for RGB: ndf 64, 3 layers. */
    public static Config patch70() {
      return new Config(64, 3, 3);
    }
  }

  /**
   * A discriminator whose variables live under {@code name} in {@code vars}.
   *
   * @param name the network name, e.g. {@link org.real2sim.models.Names#D_S}
   */
  public PatchDiscriminator(Config config, String name, VarStore vars) {
    super(config, name, vars, PatchDiscriminator::spec);
  }

  /**
   * The discriminator described once ({@link Net}): the TensorFlow graph ({@link #call}), the ONNX
   * writer and the MAC count are all derived from it.
   */
  public static Net spec(Config c) {
    int n = c.nLayers();
    List<Layer> layers = new ArrayList<>();
    for (int k = 1; k <= n + 1; k++) {
      int channels = c.ndf() * Math.min(1 << Math.min(k - 1, 3), 8);
      List<Layer> block = new ArrayList<>();
      block.add(Conv.of(channels, 4).stride(k <= n ? 2 : 1).pad(1));
      if (k > 1) {
        block.add(new InstanceNorm());
      }
      block.add(new LeakyRelu(LEAKY_SLOPE));
      layers.add(new Scope("conv_" + k, block));
    }
    layers.add(Scope.of("out", Conv.of(1, 4).pad(1)));
    return new Net(
        "discriminator (ndf " + c.ndf() + ", " + n + " layers)",
        c.inChannels(),
        ResnetGenerator.KERNEL_INIT,
        layers);
  }

  /**
   * Applies the discriminator to {@code x}, creating the variables on the first call.
   *
   * @param x {@code [N, H, W, inChannels]} in [−1, 1]
   * @return patch scores {@code [N, H', W', 1]}
   */
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x) {
    return apply(tf, x, false);
  }
}

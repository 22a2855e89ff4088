package org.real2sim.models.spec;

import java.util.List;
import org.real2sim.models.nn.Init;

/**
 * A network described once: its input channels, the initialiser of its kernels and its layers.
 * Every consumer reads this description: {@link TfBuilder} (the TensorFlow graph and its
 * variables), the exporter's {@code OnnxBuilder} (the ONNX nodes, reading the same variables by
 * name) and {@link Macs} (output sizes and multiply-accumulates). A new architecture is a new
 * method that returns a {@code Net}, as {@code ResnetGenerator.spec} and {@code
 * PatchDiscriminator.spec}.
 *
 * @param what a short description for messages, e.g. {@code "generator (ngf 64, 9 blocks)"}
 * @param inChannels channels of the input
 * @param kernelInit initialiser of every kernel (biases start at zero)
 * @param layers the layers, applied in order at the network's root scope
 */
public record Net(String what, int inChannels, Init kernelInit, List<Layer> layers) {

  /** Checks every field and copies the layers. */
  public Net {
    if (inChannels < 1) {
      throw new IllegalArgumentException("inChannels must be positive, found " + inChannels);
    }
    if (kernelInit == null) {
      throw new IllegalArgumentException("kernelInit must be given");
    }
    layers = List.copyOf(layers);
  }
}

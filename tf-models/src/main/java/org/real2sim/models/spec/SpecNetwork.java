package org.real2sim.models.spec;

import java.util.Objects;
import java.util.function.Function;
import org.real2sim.models.nn.VarStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A network built from its {@link Net spec}: the configuration record, the network name (the root
 * of its variable names) and the {@link VarStore} that holds its variables. The generator, the
 * PatchGAN, the ResNets and DeepLabV3 extend it, each adding its config record, its static {@code
 * spec(Config)} and a {@code call} that states its tensor shapes.
 *
 * @param <C> the configuration record
 */
public abstract class SpecNetwork<C> {

  private final C config;
  private final String name;
  private final VarStore vars;
  private final Function<C, Net> spec;

  /**
   * A network whose variables live under {@code name} in {@code vars}.
   *
   * @param spec the network's description from its configuration, e.g. {@code ResNet::spec}
   */
  protected SpecNetwork(C config, String name, VarStore vars, Function<C, Net> spec) {
    this.config = config;
    this.name = name;
    this.vars = vars;
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** The architecture. */
  public C config() {
    return config;
  }

  /** The network name, the root of its variable names. */
  public String name() {
    return name;
  }

  /**
   * {@link TfBuilder#call(Net, String, VarStore, Ops, Operand, boolean)} on this network's spec,
   * creating the variables on the first call and sharing them afterwards.
   */
  protected final Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, boolean training) {
    return TfBuilder.call(spec.apply(config), name, vars, tf, x, training);
  }
}

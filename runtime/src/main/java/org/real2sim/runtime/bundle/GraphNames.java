package org.real2sim.runtime.bundle;

/**
 * The names of the bundle graph's input and outputs, shared by the exporter (which writes them) and
 * the runtime (which feeds and fetches them).
 */
public final class GraphNames {

  private GraphNames() {}

  /** Input: uint8 [N, H, W, 3], RGB. */
  public static final String IMAGE = "image";

  /** Segmentation output: uint8 [N, H, W], the arg max over classes at the input size. */
  public static final String MASK = "mask";

  /** Classification output: int64 [N], the arg max over classes. */
  public static final String CLASS_ID = "class_id";

  /** Optional output: float softmax, [N, K, H, W] (segmentation) or [N, K] (classification). */
  public static final String SCORES = "scores";

  /**
   * Optional output: uint8 [N, H, W, 3], the generator's output mapped from [−1, 1] to [0, 255].
   */
  public static final String TRANSLATED = "translated";
}

package org.real2sim.models.nn;

/**
 * Whether TensorFlow's oneDNN kernels keep their convolution-gradient primitives between calls.
 *
 * <p>By default TensorFlow builds a new oneDNN primitive for every convolution filter gradient it
 * computes, to save the memory older oneDNN versions allocated per primitive; {@value #ENV} set to
 * {@code false} caches them like the forward ones. Building the primitive anew gives the same
 * primitive, so the numbers are the same bits either way (checked: {@code OneDnnCacheTest} trains
 * with both settings and compares every checkpoint byte). At the quick start's size the iteration
 * is ~12 % faster with the cache; at 128 px the difference is in the noise, and so is the peak
 * memory (docs/perf.md §9). TensorFlow reads the variable once, when it first builds a primitive,
 * so it has to be in the environment before the JVM starts: the {@code real2sim} launcher sets it
 * unless it is set already.
 */
public final class OneDnnCache {

  /** The environment variable TensorFlow reads: {@code false} or {@code 0} keeps the primitives. */
  public static final String ENV = "TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE";

  /** The environment variable that turns TensorFlow's oneDNN kernels off when {@code 0}. */
  public static final String ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS";

  private OneDnnCache() {}

  /** Whether this process's environment tells TensorFlow to cache the gradient primitives. */
  public static boolean enabled() {
    String v = System.getenv(ENV);
    return v != null && (v.equals("0") || v.equalsIgnoreCase("false"));
  }

  /** One line for benchmark reports: the setting and what it means. */
  public static String describe() {
    if ("0".equals(System.getenv(ONEDNN_ENV))) {
      return "off (" + ONEDNN_ENV + "=0: TensorFlow's own kernels, other bits than the default)";
    }
    return enabled()
        ? "convolution-gradient primitives cached (" + ENV + "=false)"
        : "convolution-gradient primitives rebuilt on every call ("
            + ENV
            + " not false; the real2sim launcher sets it to false)";
  }
}

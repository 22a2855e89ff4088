package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a bundle came from: the effective training configuration, the seed, the code version, and
 * the run's evaluation metrics of the baselines and of the method. Copied into {@code bundle.json}
 * and, as JSON, into the model's {@code metadata_props} (key {@value ModelMetadata#PROVENANCE}).
 *
 * @param config the effective configuration (JSON object), possibly empty
 * @param seed the run's seed, or null when unknown
 * @param codeVersion the code version that trained the networks (for example a git commit), or null
 * @param metrics method → metric → value, for example {@code {"M1": {"mIoU": 0.213}, "ours":
 *     {...}}}; methods are {@code M1}, {@code M2}, {@code M3}, {@code ours} and optionally {@code
 *     oracle}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
    Map<String, Object> config,
    Long seed,
    String codeVersion,
    Map<String, Map<String, Double>> metrics) {

  /** Nothing known. */
  public static final Provenance EMPTY = new Provenance(null, null, null, null);

  /** Replaces null maps by empty ones and makes every map unmodifiable (insertion order kept). */
  public Provenance {
    config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    Map<String, Map<String, Double>> m = new LinkedHashMap<>();
    if (metrics != null) {
      for (Map.Entry<String, Map<String, Double>> e : metrics.entrySet()) {
        if (e.getValue() == null) {
          throw new IllegalArgumentException(
              "provenance.metrics." + e.getKey() + " must be an object");
        }
        m.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
      }
    }
    metrics = Collections.unmodifiableMap(m);
  }
}

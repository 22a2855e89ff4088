package org.real2sim.tools.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.run.CodeVersion;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.run.RunProvenance;

/** The provenance a run's bundle carries: configuration, seed, training code version, metrics. */
public final class BundleProvenance {

  private BundleProvenance() {}

  /**
   * The provenance: the effective configuration, its seed, the code version the exported stages
   * were trained with ({@link #trainedCodeVersion}), and the run's methods table as {@code {"M1":
   * {"accuracy": 0.36}, ...}} ({@code miou} is written {@code mIoU}).
   */
  static Provenance provenance(RunDir run, RunConfig config, String generatorStage) {
    ObjectMapper m = ConfigLoader.mapper();
    @SuppressWarnings("unchecked")
    Map<String, Object> cfg = m.convertValue(config, Map.class);
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    Path results = run.root().resolve(Evaluation.RESULTS);
    if (Files.isRegularFile(results)) {
      try {
        for (JsonNode method : m.readTree(results.toFile()).path("methods")) {
          String metric = method.path("metric").asText();
          metrics.put(
              method.path("method").asText(),
              Map.of(Metric.labelOf(metric), method.path("value").asDouble()));
        }
      } catch (IOException e) {
        throw new ExportException("Cannot read " + results + ": " + e.getMessage(), e);
      }
    }
    return new Provenance(cfg, config.seed(), trainedCodeVersion(run, generatorStage), metrics);
  }

  /**
   * The code version the expert and the generator's stage were trained with, as the run recorded it
   * in {@code provenance.json} ({@code git:<commit>[-dirty]}, or per stage when they differ); a run
   * made before that file existed gives {@code unknown (...)} naming the exporter's own version for
   * reference, never the exporter's version as if it had trained the networks.
   */
  public static String trainedCodeVersion(RunDir run, String generatorStage) {
    String v =
        RunProvenance.codeVersionOf(run.root(), List.of(RunExporter.EXPERT_STAGE, generatorStage));
    if (v != null) {
      return v;
    }
    return "unknown (the run records no training code version; exported with "
        + CodeVersion.current()
        + ")";
  }
}

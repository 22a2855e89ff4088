package org.real2sim.runtime.cli;

import java.io.PrintStream;
import java.util.Map;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.Palette;
import org.real2sim.runtime.bundle.Provenance;

/** {@code real2sim-run --info}: prints a bundle's manifest, device, provenance and metrics. */
final class BundleInfo {

  private BundleInfo() {}

  static void print(Pipeline p, PrintStream out) {
    BundleManifest m = p.manifest();
    out.printf(
        "%-14s %s%n", "bundle", p.bundleDirectory() == null ? p.source() : p.bundleDirectory());
    out.printf(
        "%-14s format %d.%d, part %s, task %s%n",
        "manifest", m.formatVersion(), m.minor(), m.part().jsonName(), m.task().jsonName());
    out.printf("%-14s %d%n", "classes", m.numClasses());
    for (int i = 0; i < m.numClasses(); i++) {
      out.printf("%-14s %3d  %s  %s%n", "", i, Palette.formatColour(m.colour(i)), m.className(i));
    }
    out.printf("%-14s %s%n", "input", m.inputPolicy().describe());
    out.printf(
        "%-14s %s%n",
        "preprocessing",
        m.preprocessing() == null
            ? "none in the graph (images are fed at the network's size)"
            : m.preprocessing().describe());
    out.printf(
        "%-14s %s%n",
        "threads",
        p.sharedThreadPool() ? "the JVM's shared ONNX Runtime pool" : "a pool of its own");
    if (m.normalization() != null) {
      out.printf(
          "%-14s mean %s, std %s (over [0, 1] pixels, applied in the graph)%n",
          "normalization", m.normalization().mean(), m.normalization().std());
    }
    out.printf(
        "%-14s %s, opset %d, IR %d, sha256 %s%n",
        "model", m.model(), m.opset(), m.irVersion(), m.modelSha256());
    out.printf("%-14s %s%n", "outputs", p.outputs());
    out.printf(
        "%-14s %s%s%n",
        "device",
        p.device(),
        p.fallbackReason()
            .map(r -> " (requested " + p.options().device() + "; " + r + ")")
            .orElse(""));
    Provenance prov = m.provenance();
    out.printf("%-14s %s%n", "seed", prov.seed() == null ? "unknown" : prov.seed());
    out.printf(
        "%-14s %s%n", "code version", prov.codeVersion() == null ? "unknown" : prov.codeVersion());
    out.printf("%-14s %s%n", "config", prov.config().isEmpty() ? "{}" : prov.config());
    if (prov.metrics().isEmpty()) {
      out.printf("%-14s %s%n", "metrics", "none recorded");
    } else {
      for (Map.Entry<String, Map<String, Double>> e : prov.metrics().entrySet()) {
        out.printf("%-14s %-6s %s%n", "metrics", e.getKey(), e.getValue());
      }
    }
  }
}

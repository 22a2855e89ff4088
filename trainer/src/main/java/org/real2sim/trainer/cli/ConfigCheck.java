package org.real2sim.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.real2sim.trainer.config.ConfigException;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.run.RunDir;

/**
 * The check that a command's configuration still fits the run directory it continues: a run's
 * finished stages stay valid only while everything but a few harmless fields is unchanged.
 */
final class ConfigCheck {

  private ConfigCheck() {}

  /** Fields that may differ between invocations on one run without invalidating finished stages. */
  private static final List<String> HARMLESS =
      List.of("threads", "device", "data.loaderThreads", "data.validate", "data.skipBad", "eval.");

  /**
   * Refuses a configuration that differs from the one a run directory was made with in anything
   * that would make its finished stages stale.
   */
  static void checkConfig(RunDir run, RunConfig config) {
    checkConfig(run, config, List.of());
  }

  /** As {@link #checkConfig(RunDir, RunConfig)}, letting {@code mayDiffer} differ as well. */
  static void checkConfig(RunDir run, RunConfig config, List<String> mayDiffer) {
    if (!Files.exists(run.config())) {
      return;
    }
    RunConfig old;
    try {
      old = ConfigLoader.read(run.config());
    } catch (ConfigException e) {
      throw new ConfigException(run.config() + " cannot be read (" + e.getMessage() + ")");
    }
    var mapper = ConfigLoader.mapper();
    List<String> differ = new ArrayList<>();
    diff(mapper.valueToTree(old), mapper.valueToTree(config), "", differ);
    List<String> allowed = new ArrayList<>(HARMLESS);
    allowed.addAll(mayDiffer);
    differ.removeIf(
        p -> allowed.stream().anyMatch(h -> h.endsWith(".") ? p.startsWith(h) : p.equals(h)));
    if (!differ.isEmpty()) {
      throw new ConfigException(
          run.root()
              + " was made with another configuration (differs in "
              + differ
              + "; "
              + run.config()
              + " is kept as it was); use another --name, or delete the run directory to start"
              + " over");
    }
  }

  private static void diff(JsonNode a, JsonNode b, String prefix, List<String> out) {
    var names = new TreeSet<String>();
    a.fieldNames().forEachRemaining(names::add);
    b.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      var x = a.get(n);
      var y = b.get(n);
      if (x != null && y != null && x.isObject() && y.isObject()) {
        diff(x, y, prefix + n + ".", out);
      } else if (x == null || y == null || !x.equals(y)) {
        out.add(prefix + n);
      }
    }
  }
}

package org.real2sim.tools.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.trainer.run.AtomicFiles;

/** Writes {@code deploy.json}: what the exported bundle scored in the runtime. */
public final class DeployCheckFile {

  /** The file name in the run directory. */
  public static final String FILE = "deploy.json";

  private DeployCheckFile() {}

  /** Writes the result atomically into {@code runDir}. */
  public static void write(Path runDir, DeployCheck.Result r) throws IOException {
    write(runDir, r, null);
  }

  /**
   * Writes the result and, when not null, the full-size noisy check (the runtime's and the
   * trainer's metric on the same images) atomically into {@code runDir}.
   */
  public static void write(Path runDir, DeployCheck.Result r, DeployCheck.Noisy noisy)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric", r.metric());
    m.put("value", r.value());
    m.put("images", r.images());
    m.put("p50Millis", r.p50Millis());
    m.put("p90Millis", r.p90Millis());
    m.put("imagesPerSecond", r.imagesPerSecond());
    m.put("device", r.device());
    if (noisy != null) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("side", noisy.side());
      n.put("sigma", noisy.sigma());
      n.put("images", noisy.deployed().images());
      n.put("deployed", noisy.deployed().value());
      n.put("trainer", noisy.trainer());
      n.put("p50Millis", noisy.deployed().p50Millis());
      m.put("fullSizeNoisy", n);
    }
    AtomicFiles.writeString(
        runDir.resolve(FILE),
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
  }
}

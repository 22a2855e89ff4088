package org.real2sim.tools.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.util.ProgressBar;

class SeparabilityCheckTest {

  @TempDir Path dir;

  @Test
  void reportsAnInDomainScoreFarAboveTheRealDomainsOnShapes() throws Exception {
    GeneratorConfig cfg = new GeneratorConfig("shapes", dir.resolve("s"), 0, 32, 32, 300, 100, 2);
    BenchmarkGenerator.generate(
        cfg,
        false,
        new ProgressBar(
            "g", 0, new PrintStream(new ByteArrayOutputStream()), false, System::nanoTime));
    List<SeparabilityCheck.Row> rows = SeparabilityCheck.run(cfg.out(), "shapes", 0);
    assertEquals(2, rows.size());
    SeparabilityCheck.Row hog = rows.get(1);
    assertEquals(0.1, hog.chance(), 1e-9); // 10 balanced classes
    assertTrue(hog.synthToSynth() > 0.4, "in-domain " + hog.synthToSynth());
    assertTrue(hog.synthToReal() < hog.synthToSynth() - 0.2, hog.toString());
  }
}

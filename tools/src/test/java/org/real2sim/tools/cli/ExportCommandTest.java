package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.tools.export.TinyRunAccess;

class ExportCommandTest {

  @Test
  void exportPrintsParityAndWritesTheBundle(@TempDir Path dir) throws Exception {
    Path runDir = TinyRunAccess.create(dir);

    CommandRun r =
        real2sim(
            "export", "--run", runDir.toString(), "--out", dir.resolve("b").toString(), "--fp16");

    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().contains("PASSED"), r.out());
    assertTrue(r.out().contains("tolerance 1e-02"), r.out());
    assertTrue(Files.exists(dir.resolve("b").resolve("bundle.json")));
  }

  @Test
  void damagedCheckpointFailsWithExitCode1AndNamesTheFile(@TempDir Path dir) throws Exception {
    Path runDir = TinyRunAccess.create(dir);
    Path data =
        runDir.resolve("expert").resolve("ckpt-00000001").resolve("variables.data-00000-of-00001");
    byte[] b = Files.readAllBytes(data);
    b[b.length / 3] ^= 0x40;
    Files.write(data, b);

    CommandRun r = real2sim("export", "--run", runDir.toString());

    assertEquals(1, r.rc());
    assertTrue(r.err().contains("variables.data-00000-of-00001"), r.err());
    assertTrue(Files.notExists(runDir.resolve("bundle")));
  }

  @Test
  void usageErrorsExitWith2AndListTheChoices() {
    CommandRun r = real2sim("export");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--run DIR is required"), r.err());
    r = real2sim("export", "--run", "x", "--part", "both");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("[pipeline, expert, generator]"), r.err());
    assertEquals(2, real2sim("export", "--run", "x", "--input-policy", "any").rc());
    assertEquals(2, real2sim("export", "--run", "x", "--opset", "seventeen").rc());
    r = real2sim("export", "--help");
    assertEquals(0, r.rc());
    assertTrue(r.out().contains("--generator"), r.out());
  }

  @Test
  void missingRunFailsWithExitCode1(@TempDir Path dir) {
    CommandRun r = real2sim("export", "--run", dir.resolve("nope").toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("config.json does not exist"), r.err());
  }
}

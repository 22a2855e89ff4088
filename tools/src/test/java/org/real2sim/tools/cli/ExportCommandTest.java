package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.tools.export.TinyRunAccess;

class ExportCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Real2Sim.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  @Test
  void exportPrintsParityAndWritesTheBundle(@TempDir Path dir) throws Exception {
    Path runDir = TinyRunAccess.create(dir);

    int rc =
        run("export", "--run", runDir.toString(), "--out", dir.resolve("b").toString(), "--fp16");

    assertEquals(0, rc, err.toString());
    assertTrue(out.toString().contains("PASSED"), out.toString());
    assertTrue(out.toString().contains("tolerance 1e-02"), out.toString());
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

    int rc = run("export", "--run", runDir.toString());

    assertEquals(1, rc);
    assertTrue(err.toString().contains("variables.data-00000-of-00001"), err.toString());
    assertTrue(Files.notExists(runDir.resolve("bundle")));
  }

  @Test
  void usageErrorsExitWith2AndListTheChoices() {
    assertEquals(2, run("export"));
    assertTrue(err.toString().contains("--run DIR is required"), err.toString());
    assertEquals(2, run("export", "--run", "x", "--part", "both"));
    assertTrue(err.toString().contains("[pipeline, expert, generator]"), err.toString());
    assertEquals(2, run("export", "--run", "x", "--input-policy", "any"));
    assertEquals(2, run("export", "--run", "x", "--opset", "seventeen"));
    assertEquals(0, run("export", "--help"));
    assertTrue(out.toString().contains("--generator"));
  }

  @Test
  void missingRunFailsWithExitCode1(@TempDir Path dir) {
    assertEquals(1, run("export", "--run", dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("config.json does not exist"), err.toString());
  }
}

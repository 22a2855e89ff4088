package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.nn.OneDnnCache;

/**
 * Caching oneDNN's convolution-gradient primitives ({@link OneDnnCache#ENV} false, as the launcher
 * sets it) changes no bit: a tiny run of stages a, b and c and M3 in two child JVMs, one with the
 * cache and one without (TensorFlow reads the variable once per process), writes byte-identical
 * weights, Adam slots and image pools into every checkpoint.
 */
class OneDnnCacheTest {

  @TempDir Path dir;

  @Test
  void cachedAndRebuiltGradientPrimitivesTrainTheSameBits() throws Exception {
    CommandRun.tinyShapes(dir.resolve("data"));
    Map<String, byte[]> rebuilt = run("true");
    Map<String, byte[]> cached = run("false");
    assertFalse(rebuilt.isEmpty());
    assertTrue(
        rebuilt.keySet().stream().anyMatch(k -> k.startsWith("cyclegan/")),
        rebuilt.keySet()::toString);
    assertTrue(
        rebuilt.keySet().stream().anyMatch(k -> k.startsWith("expert/")),
        rebuilt.keySet()::toString);
    assertEquals(rebuilt.keySet(), cached.keySet());
    for (Map.Entry<String, byte[]> e : rebuilt.entrySet()) {
      assertArrayEquals(e.getValue(), cached.get(e.getKey()), e.getKey() + " differs");
    }
  }

  /**
   * Runs {@code real2sim run} with {@link OneDnnCache#ENV} set to {@code value}; returns every
   * checkpoint file but the wall-time state and its manifest, by path under the run.
   */
  private Map<String, byte[]> run(String value) throws Exception {
    Path runs = dir.resolve("runs-" + value);
    Path log = dir.resolve(value + ".log");
    List<String> args =
        List.of(
            "run",
            "--preset",
            "shapes-tiny",
            "--runs",
            runs.toString(),
            "--name",
            "t",
            "--threads",
            "1",
            "--set",
            "data.validate=false",
            "--set",
            "stageB.iterationsPerEpoch=4",
            "--set",
            "eval.sampleRows=0",
            "--set",
            "data.synthetic.root=" + dir.resolve("data/synthetic"),
            "--set",
            "data.real.root=" + dir.resolve("data/real"));
    Process p = CommandRun.child(args, Map.of(OneDnnCache.ENV, value), log);
    assertEquals(
        0,
        CommandRun.finish(p, 300),
        () -> OneDnnCache.ENV + "=" + value + ": " + CommandRun.log(log));
    Map<String, byte[]> files = new TreeMap<>();
    Path run = runs.resolve("t");
    try (Stream<Path> all = Files.walk(run)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String rel = run.relativize(f).toString().replace('\\', '/');
        String name = f.getFileName().toString();
        if (rel.contains("/ckpt-") && !name.equals("state.json") && !name.equals("manifest.txt")) {
          files.put(rel, Files.readAllBytes(f));
        }
      }
    }
    return files;
  }
}

package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;

/** What an application that depends on real2sim-runtime alone gets, and what it does not. */
class RuntimeOnlyTest {

  private static final Path BUNDLE = Path.of(System.getProperty("bundle"));

  @Test
  void runsTheTinyBundle() {
    int h = 24;
    int w = 20;
    byte[] rgb = new byte[h * w * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    try (Pipeline p = Pipeline.open(BUNDLE, Options.defaults())) {
      SegmentationResult r = p.segment(rgb, h, w);
      assertEquals(h, r.height());
      assertEquals(w, r.width());
      long total = 0;
      for (long c : r.pixelCounts()) {
        total += c;
      }
      assertEquals((long) h * w, total);
      assertEquals(3, p.manifest().classes().size());
    }
  }

  @Test
  void noTensorFlowOrJavaCppOnTheClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.tensorflow.Graph"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.bytedeco.javacpp.Loader"));
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("org.apache.commons.cli.CommandLine"));
    String cp = System.getProperty("java.class.path") + System.getProperty("surefire.test.class.path", "");
    assertFalse(cp.contains("tensorflow"), cp);
  }

  @Test
  void runtimeJarNamesItsModule() throws Exception {
    Path jar = Path.of(Pipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals(
          "org.real2sim.runtime",
          j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
      assertTrue(j.getEntry("META-INF/LICENSE") != null, "LICENSE in " + jar);
    }
  }

  @Test
  void installedPomIsConsumerClean() throws Exception {
    String v = System.getProperty("runtimeVersion");
    Path pom =
        Path.of(System.getProperty("repository"), "org/real2sim/real2sim-runtime", v,
            "real2sim-runtime-" + v + ".pom");
    String xml = Files.readString(pom);
    assertFalse(xml.contains("<parent>"), pom + " has a parent");
    assertFalse(xml.contains("${"), pom + " has an unresolved property");
    assertTrue(xml.contains("<artifactId>onnxruntime</artifactId>"), pom + " names ONNX Runtime");
    assertTrue(xml.contains("<licenses>"), pom + " has no licence");
  }
}

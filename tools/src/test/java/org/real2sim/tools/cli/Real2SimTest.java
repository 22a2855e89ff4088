package org.real2sim.tools.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.real2sim.tools.cli.CommandRun.real2sim;

import org.junit.jupiter.api.Test;

class Real2SimTest {

  @Test
  void unknownCommandIsAUsageErrorNamingTheChoices() {
    CommandRun r = real2sim("trian");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown command 'trian'"), r.err());
    assertFalse(r.err().contains("did you mean"), r.err());
    assertTrue(r.err().contains("info"), r.err());
  }

  @Test
  void mistypedCommandGetsASuggestion() {
    CommandRun r = real2sim("exprot");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown command 'exprot' (did you mean 'export'?)"), r.err());
    assertTrue(real2sim("quikstart").err().contains("did you mean 'quickstart'?"));
  }

  @Test
  void versionPrintsRealSimTensorFlowAndOnnxRuntimeFromTheBuild() {
    CommandRun r = real2sim("--version");
    assertEquals(0, r.rc(), r.err());
    String v = System.getProperty("real2sim.expected.version");
    String ort = System.getProperty("real2sim.expected.onnxruntime");
    String tf = System.getProperty("real2sim.expected.tensorflow");
    assertTrue(r.out().startsWith("real2sim     " + v + "\n"), r.out());
    assertTrue(r.out().contains("TensorFlow Java " + tf + " (native TensorFlow 2."), r.out());
    assertTrue(r.out().contains("onnxruntime " + ort), r.out());
  }

  @Test
  void helpListsEveryCommand() {
    CommandRun r = real2sim("--help");
    assertEquals(0, r.rc());
    for (String name : Real2Sim.commands().keySet()) {
      assertTrue(r.out().contains(name), name + " missing from help");
    }
  }

  @Test
  void infoPrintsNativeVersions() {
    CommandRun r = real2sim("info");
    assertEquals(0, r.rc(), r.err());
    assertTrue(r.out().matches("(?s).*tensorflow \\(native\\)\\s+2\\.18.*"), r.out());
    assertTrue(r.out().contains("CPU"), r.out());
  }
}

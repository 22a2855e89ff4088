package org.real2sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTest {

  @TempDir Path tmp;

  @Test
  void grammarReadsEveryProviderByName() {
    assertEquals(Device.CPU, Device.parse("cpu"));
    assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("cuda"));
    assertEquals(new Device(Device.Kind.CUDA, 3), Device.parse("CUDA:3"));
    assertEquals(new Device(Device.Kind.TENSORRT, 1), Device.parse("tensorrt:1"));
    assertEquals(new Device(Device.Kind.TENSORRT, 0), Device.parse("tensorrt"));
    assertEquals(new Device(Device.Kind.XNNPACK, 0), Device.parse("xnnpack"));
    assertEquals("tensorrt:1", Device.parse("tensorrt:1").toString());
    assertEquals("coreml", Device.parse("coreml").toString());
    assertEquals(
        List.of(new Device(Device.Kind.CUDA, 0), new Device(Device.Kind.CUDA, 2)),
        Device.parseList("cuda:0,2"));
  }

  @Test
  void oldGpuSpellingIsCudaWithADeprecationNote() {
    assertEquals(new Device(Device.Kind.CUDA, 1), Device.parse("gpu:1"));
    assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("gpu"));
    assertEquals(
        Optional.of("device 'gpu:1' is deprecated, write 'cuda:1'"), Device.deprecation("gpu:1"));
    assertEquals(Optional.empty(), Device.deprecation("cuda:1"));
  }

  @Test
  void refusesListsForOnePipelineAndUnknownNames() {
    IllegalArgumentException list =
        assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:0,1"));
    assertTrue(list.getMessage().contains("one Pipeline per device"), list.getMessage());
    for (String bad : new String[] {"tpu", "cuda:", "cuda:x", "cpu:1", "xnnpack:2", "cuda:1,1"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Device.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().device("cuda:0,1"));
  }

  @Test
  void tensorRtOnACpuBuildFallsBackWithTheSameRuleAsCuda() throws Exception {
    assumeFalse(
        ExecutionProviders.available().contains(OrtProvider.TENSOR_RT),
        "this ONNX Runtime has TensorRT: nothing to fall back from");
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    try (Pipeline p = Pipeline.open(dir, Options.defaults().device("tensorrt:0"))) {
      assertEquals(Device.CPU, p.device());
      String reason = p.fallbackReason().orElseThrow();
      assertTrue(reason.contains("tensorrt:0") && reason.contains("onnxruntime_gpu"), reason);
    }
    Options required = Options.defaults().device("tensorrt:0").requireDevice(true);
    PipelineException e =
        assertThrows(PipelineException.class, () -> Pipeline.open(dir, required).close());
    assertTrue(
        e.getMessage().contains("tensorrt:0") && e.getMessage().contains("TensorRT"),
        e.getMessage());
  }
}

package org.real2sim.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TfSessionsTest {

  @AfterEach
  void backToOneCpu() {
    System.clearProperty(TfSessions.CPU_REPLICAS_PROPERTY);
    TfSessions.useDevice("cpu");
  }

  @Test
  void oneCpuHasNoReplicaDevicesAndNoGpus() {
    TfSessions.DeviceChoice c = TfSessions.useDevice("cpu");
    assertEquals("cpu", c.device());
    assertNull(c.fallbackReason());
    assertEquals(List.of(), TfSessions.replicaDevices());
    assertEquals(0, TfSessions.config(1).getDeviceCountOrDefault("GPU", -1));
    assertEquals(-1, TfSessions.config(1).getDeviceCountOrDefault("CPU", -1));
  }

  @Test
  void virtualCpuReplicasComeFromTheSystemPropertyAndReachEverySessionConfig() {
    System.setProperty(TfSessions.CPU_REPLICAS_PROPERTY, "2");
    TfSessions.useDevice("cpu");
    assertEquals(List.of("/device:CPU:0", "/device:CPU:1"), TfSessions.replicaDevices());
    assertEquals(2, TfSessions.config(1).getDeviceCountOrThrow("CPU"));
    assertEquals(2, new ThreadPlan(1, 1, "test").config().getDeviceCountOrThrow("CPU"));
    System.setProperty(TfSessions.CPU_REPLICAS_PROPERTY, "two");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TfSessions.useDevice("cpu"));
    assertTrue(e.getMessage().contains("'two'"), e.getMessage());
  }

  @Test
  void aGpuListFallsBackToTheCpuWithTheReasonWhenNoGpuIsUsable() {
    assumeTrue(!Boolean.getBoolean("real2sim.gpu.tests"), "GPU machine: see gpuListUsesEveryGpu");
    TfSessions.DeviceChoice c = TfSessions.useDevice("cuda:0,1");
    assertEquals("cpu", c.device());
    assertNotNull(c.fallbackReason());
    assertTrue(c.fallbackReason().contains("GPU 0,1"), c.fallbackReason());
    assertEquals(List.of(), TfSessions.replicaDevices());
    assertEquals(0, TfSessions.config(1).getDeviceCountOrThrow("GPU"));
  }

  /**
   * Needs -Dreal2sim.gpu.tests=true, the GPU build and two GPUs: never run on this project's CI.
   */
  @Test
  void gpuListUsesEveryGpu() {
    assumeTrue(
        Boolean.getBoolean("real2sim.gpu.tests"), "set -Dreal2sim.gpu.tests=true on a GPU machine");
    TfSessions.DeviceChoice c = TfSessions.useDevice("cuda:0,1");
    assertNull(c.fallbackReason(), c.fallbackReason());
    assertEquals(List.of("/device:GPU:0", "/device:GPU:1"), TfSessions.replicaDevices());
    assertEquals("0,1", TfSessions.config(1).getGpuOptions().getVisibleDeviceList());
    assertTrue(TfSessions.config(1).getGpuOptions().getAllowGrowth());
  }
}

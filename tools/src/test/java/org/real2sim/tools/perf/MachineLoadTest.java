package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MachineLoadTest {

  @Test
  void busyTimeLeavesOutIdleAndIowait() {
    // user nice system idle iowait irq softirq steal
    assertEquals(
        (100 + 2 + 30 + 1 + 1 + 0) / 100.0,
        MachineLoad.busySeconds("cpu  100 2 30 5000 70 1 1 0 0 0"));
    assertThrows(IllegalArgumentException.class, () -> MachineLoad.busySeconds("cpu0 1 2"));
  }

  @Test
  void foreignCoresAreTheMachinesBusyTimeMinusOurs() {
    var a = new MachineLoad.Sample(10.0, 1.0, 0);
    var b = new MachineLoad.Sample(13.0, 2.0, 2_000_000_000L);
    assertEquals(1.0, MachineLoad.foreignCores(a, b), 1e-12);
    var c = new MachineLoad.Sample(10.5, 2.0, 2_000_000_000L);
    assertEquals(0.0, MachineLoad.foreignCores(a, c), 1e-12);
  }
}

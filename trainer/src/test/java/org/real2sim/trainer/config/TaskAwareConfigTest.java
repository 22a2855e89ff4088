package org.real2sim.trainer.config;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TaskAwareConfigTest {

  private static TaskAwareConfig stageC(int batch, int pool) {
    return new TaskAwareConfig(50, -1, 0.8, 1, 2e-4, true, -1, batch, pool);
  }

  @Test
  void batchAndPoolDefaultToStageBs() throws Exception {
    RunConfig c = new ConfigLoader().preset("shapes-tiny").build();
    assertEquals(-1, c.stageC().batchSize());
    assertEquals(-1, c.stageC().poolSize());
    assertEquals(c.stageB().batchSize(), c.stageC().resolvedBatchSize(c.stageB()));
    assertEquals(4, c.stageC().resolvedPoolSize(c.stageB()));
  }

  @Test
  void ownBatchAndPoolOverrideStageBs() throws Exception {
    RunConfig c =
        new ConfigLoader()
            .preset("shapes-tiny")
            .set("stageC.batchSize=2")
            .set("stageC.poolSize=0")
            .build();
    assertEquals(2, c.stageC().resolvedBatchSize(c.stageB()));
    assertEquals(0, c.stageC().resolvedPoolSize(c.stageB()));
    assertEquals(2, c.stageC().withAlpha(0).batchSize(), "withAlpha keeps them");
  }

  @Test
  void rejectsBatchOutOfRangeAndNegativePool() {
    ConfigException e = assertThrows(ConfigException.class, () -> stageC(9, -1));
    assertTrue(e.getMessage().contains("stageC.batchSize"), e.getMessage());
    assertThrows(ConfigException.class, () -> stageC(0, -1));
    e = assertThrows(ConfigException.class, () -> stageC(-1, -2));
    assertTrue(e.getMessage().contains("stageC.poolSize must be -1 or >= 0, found -2"));
  }
}

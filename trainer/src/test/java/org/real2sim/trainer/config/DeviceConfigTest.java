package org.real2sim.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceConfigTest {

  private static RunConfig with(String device) {
    return new ConfigLoader().preset("shapes-tiny").set("device=" + device).build();
  }

  @Test
  void acceptsTheSharedGrammarAndTheOldSpelling() {
    assertEquals("cuda:1", with("cuda:1").device());
    assertEquals("cuda", with("cuda").device());
    assertEquals("gpu:0", with("gpu:0").device());
    assertEquals("cpu", with("cpu").device());
  }

  @Test
  void refusesAListAndUnknownDevicesNamingTheValue() {
    ConfigException list = assertThrows(ConfigException.class, () -> with("cuda:0,1"));
    assertTrue(list.getMessage().contains("one GPU"), list.getMessage());
    ConfigException bad = assertThrows(ConfigException.class, () -> with("tpu"));
    assertTrue(
        bad.getMessage().contains("'tpu'") && bad.getMessage().contains("cuda:N"),
        bad.getMessage());
  }
}

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
    assertEquals("cuda:0,1", with("cuda:0,1").device()); // one data-parallel replica per GPU
  }

  @Test
  void refusesUnknownDevicesAndRepeatedGpusNamingTheValue() {
    ConfigException twice = assertThrows(ConfigException.class, () -> with("cuda:1,1"));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    ConfigException bad = assertThrows(ConfigException.class, () -> with("tpu"));
    assertTrue(
        bad.getMessage().contains("'tpu'") && bad.getMessage().contains("cuda:N"),
        bad.getMessage());
  }
}

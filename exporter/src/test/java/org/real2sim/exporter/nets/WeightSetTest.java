package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.real2sim.exporter.ExportException;
import org.real2sim.models.nn.Weights;

class WeightSetTest {

  private static Weights w(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return new Weights(shape, new float[(int) n]);
  }

  @Test
  void lookupsMarkWeightsUsedAndOtherNetworksAreIgnored() {
    Map<String, Weights> m = new LinkedHashMap<>();
    m.put("g_rs/in/kernel", w(7, 7, 3, 4));
    m.put("g_rs/in/bias", w(4));
    m.put("g_sr/in/kernel", w(7, 7, 3, 4));
    WeightSet ws = new WeightSet(m);

    ws.get("g_rs/in/kernel");
    ws.get("g_rs/missing");

    assertEquals(Set.of("g_rs/in/bias"), ws.unused("g_rs"));
    ws.require("g_rs/in/bias", new long[] {4}, "test");
    ws.requireAllUsed("g_rs", "the generator");
    assertEquals(Set.of("g_sr/in/kernel"), ws.unused("g_sr"));
  }

  @Test
  void requireNamesMissingAndMisshapenWeights() {
    WeightSet ws = new WeightSet(Map.of("e/a/kernel", w(1, 1, 2, 3), "e/a/bias", w(3)));

    ExportException missing =
        assertThrows(ExportException.class, () -> ws.require("e/a/gamma", new long[] {3}, "bn"));
    ExportException shape =
        assertThrows(
            ExportException.class,
            () -> ws.require("e/a/kernel", new long[] {1, 1, 2, 4}, "4 out"));

    assertTrue(missing.getMessage().contains("'e/a/gamma'"), missing.getMessage());
    assertTrue(missing.getMessage().contains("e/a/bias"), missing.getMessage());
    assertTrue(
        shape.getMessage().contains("[1, 1, 2, 3]") && shape.getMessage().contains("[1, 1, 2, 4]"),
        shape.getMessage());
  }
}

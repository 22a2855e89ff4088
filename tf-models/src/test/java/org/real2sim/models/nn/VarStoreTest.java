package org.real2sim.models.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class VarStoreTest {

  private static Map<String, Weights> build(long seed) {
    try (Graph g = new Graph()) {
      VarStore vs = new VarStore(g, seed);
      vs.variable("net/a/kernel", new long[] {3, 3, 2, 4}, new Init.Normal(0, 0.02), true);
      vs.variable("net/a/bias", new long[] {4}, Init.ZEROS, true);
      vs.variable("net/bn/mean", new long[] {4}, Init.ZEROS, false);
      try (Session s = TfSessions.open(g, 1)) {
        vs.initialize(s);
        return vs.readUnder(s, "net");
      }
    }
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    Map<String, Weights> a = build(7);
    Map<String, Weights> b = build(7);
    Map<String, Weights> c = build(8);
    assertEquals(List.copyOf(a.keySet()), List.of("net/a/kernel", "net/a/bias", "net/bn/mean"));
    assertEquals(a, b);
    assertNotEquals(a.get("net/a/kernel"), c.get("net/a/kernel"));
    float[] k = a.get("net/a/kernel").values();
    double sum2 = 0;
    for (float v : k) {
      sum2 += v * v;
    }
    double std = Math.sqrt(sum2 / k.length);
    assertTrue(std > 0.01 && std < 0.03, "std of N(0, 0.02) sample was " + std);
  }

  @Test
  void sameNameReturnsSameVariableAndCountsOnlyTrainable() {
    try (Graph g = new Graph()) {
      VarStore vs = new VarStore(g, 1);
      var x = vs.variable("m/w", new long[] {2, 3}, Init.ONES, true);
      assertSame(x.op(), vs.variable("m/w", new long[] {2, 3}, Init.ONES, true).op());
      vs.variable("m/stat", new long[] {5}, Init.ZEROS, false);
      assertEquals(6, vs.parameterCount("m"));
      assertEquals("m/w/read", x.op().name());
      assertEquals("m/w", vs.get("m/w").ref().op().name());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> vs.variable("m/w", new long[] {3, 2}, Init.ONES, true));
      assertTrue(e.getMessage().contains("m/w"), e.getMessage());
    }
  }
}

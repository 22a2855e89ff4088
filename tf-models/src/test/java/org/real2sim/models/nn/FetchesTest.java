package org.real2sim.models.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class FetchesTest {

  @Test
  void readsEachFetchByItsNameAfterOtherFetches() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Map<String, Operand<TFloat32>> named = new LinkedHashMap<>();
      named.put("b", tf.constant(2f));
      named.put("a", tf.constant(1f));
      Fetches f = new Fetches(named);
      assertEquals(List.of("b", "a"), f.names());
      try (Result r = f.addTo(s.runner()).run()) {
        assertEquals(1f, f.scalar(r, "a"));
        assertEquals(2f, f.scalar(r, "b"));
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> f.get(r, "c"));
        assertTrue(e.getMessage().contains("[b, a]"), e.getMessage());
      }
    }
  }
}

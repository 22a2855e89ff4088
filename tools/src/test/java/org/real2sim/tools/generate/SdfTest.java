package org.real2sim.tools.generate;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SdfTest {

  @Test
  void circleDistancesAreExact() {
    Sdf c = Sdf.circle(1, 0, 2);
    assertEquals(-2, c.at(1, 0), 1e-12);
    assertEquals(3, c.at(6, 0), 1e-12);
    assertEquals(0, c.at(1, 2), 1e-12);
  }

  @Test
  void boxDistanceInsideIsToTheNearestSideAndOutsideToTheNearestPoint() {
    Sdf b = Sdf.box(0, 0, 2, 1);
    assertEquals(-0.5, b.at(0, 0.5), 1e-12);
    assertEquals(1, b.at(3, 0), 1e-12);
    assertEquals(5, b.at(5, 5), 1e-12); // corner (2, 1) to (5, 5): 3-4-5 triangle
  }

  @Test
  void polygonMatchesTheBoxItDescribes() {
    Sdf p = Sdf.polygon(-2, -1, 2, -1, 2, 1, -2, 1);
    Sdf b = Sdf.box(0, 0, 2, 1);
    double[][] points = {{0, 0}, {0, 0.5}, {3, 0}, {5, 5}, {-1.5, -0.9}, {0.3, 4}};
    for (double[] q : points) {
      assertEquals(b.at(q[0], q[1]), p.at(q[0], q[1]), 1e-12, q[0] + "," + q[1]);
    }
  }

  @Test
  void unionMinusAndShellCombineDistances() {
    Sdf a = Sdf.circle(0, 0, 1);
    Sdf b = Sdf.circle(3, 0, 1);
    assertEquals(-1, a.union(b).at(3, 0), 1e-12);
    // Crescent-like: the unit circle minus a circle of radius 1 around (1, 0).
    Sdf m = a.minus(Sdf.circle(1, 0, 1));
    assertTrue(m.at(-0.5, 0) < 0);
    assertTrue(m.at(0.5, 0) > 0);
    // A ring of radius 2, half width 0.25: inside at radius 2, outside at the centre.
    Sdf ring = Sdf.circle(0, 0, 2).shell(0.25);
    assertEquals(-0.25, ring.at(2, 0), 1e-12);
    assertEquals(1.75, ring.at(0, 0), 1e-12);
  }
}

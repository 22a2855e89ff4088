package org.real2sim.tools.generate;

/**
 * A 2-D signed distance field: negative inside a shape, positive outside, |value| ≈ distance to the
 * outline. Shapes of the {@code shapes} benchmark are built from these primitives, so one
 * definition serves the sketch (the zero contour, drawn as strokes) and the photo (the filled
 * inside, with bevel shading from the distance).
 */
@FunctionalInterface
interface Sdf {

  /** The signed distance at {@code (x, y)} (y grows upwards in shape coordinates). */
  double at(double x, double y);

  static Sdf circle(double cx, double cy, double r) {
    return (x, y) -> Math.hypot(x - cx, y - cy) - r;
  }

  /** An axis-aligned box centred at {@code (cx, cy)} with half sizes {@code (hx, hy)}. */
  static Sdf box(double cx, double cy, double hx, double hy) {
    return (x, y) -> {
      double dx = Math.abs(x - cx) - hx;
      double dy = Math.abs(y - cy) - hy;
      double outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
      return outside + Math.min(Math.max(dx, dy), 0);
    };
  }

  /** A simple polygon (vertices in order, either orientation). */
  static Sdf polygon(double... xy) {
    int n = xy.length / 2;
    return (x, y) -> {
      double best = Double.MAX_VALUE;
      boolean inside = false;
      for (int i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i];
        double yi = xy[2 * i + 1];
        double xj = xy[2 * j];
        double yj = xy[2 * j + 1];
        double ex = xj - xi;
        double ey = yj - yi;
        double wx = x - xi;
        double wy = y - yi;
        double t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
        double dx = wx - ex * t;
        double dy = wy - ey * t;
        best = Math.min(best, dx * dx + dy * dy);
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
      double d = Math.sqrt(best);
      return inside ? -d : d;
    };
  }

  /**
   * A regular star or polygon: {@code points} tips at radius {@code outer}, notches at {@code
   * inner}.
   */
  static Sdf star(int points, double outer, double inner, double rotation) {
    double[] xy = new double[points * 4];
    for (int k = 0; k < points * 2; k++) {
      double r = k % 2 == 0 ? outer : inner;
      double a = rotation + Math.PI * k / points;
      xy[2 * k] = r * Math.cos(a);
      xy[2 * k + 1] = r * Math.sin(a);
    }
    return polygon(xy);
  }

  default Sdf union(Sdf o) {
    return (x, y) -> Math.min(at(x, y), o.at(x, y));
  }

  default Sdf minus(Sdf o) {
    return (x, y) -> Math.max(at(x, y), -o.at(x, y));
  }

  /** The shell of width {@code 2·half} around the outline (a ring from a circle). */
  default Sdf shell(double half) {
    return (x, y) -> Math.abs(at(x, y)) - half;
  }
}

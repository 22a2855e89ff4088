package org.real2sim.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Fp16Test {

  private static int bits(float f) {
    return Fp16.fromFloat(f) & 0xFFFF;
  }

  @Test
  void knownValuesFromTheBinary16Table() {
    assertEquals(0x3C00, bits(1f));
    assertEquals(0xC000, bits(-2f));
    assertEquals(0x0000, bits(0f));
    assertEquals(0x8000, bits(-0f));
    assertEquals(0x7BFF, bits(65504f), "largest half");
    assertEquals(0x0400, bits(0x1p-14f), "smallest normal");
    assertEquals(0x0001, bits(0x1p-24f), "smallest subnormal");
    assertEquals(0x3555, bits(1f / 3), "1/3 rounds down to 0x3555");
    assertEquals(0x2E66, bits(0.1f));
    assertEquals(0x7C00, bits(Float.POSITIVE_INFINITY));
    assertTrue(Float.isNaN(Fp16.toFloat(Fp16.fromFloat(Float.NaN))));
  }

  @Test
  void tiesRoundToEvenInNormalAndSubnormalRanges() {
    // Halfway between 1 and 1 + 2^-10 -> the even one, 1.
    assertEquals(0x3C00, bits(1f + 0x1p-11f));
    // Halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even) -> 1 + 2^-9.
    assertEquals(0x3C02, bits(1f + 3 * 0x1p-11f));
    // Just above halfway rounds up.
    assertEquals(0x3C01, bits(Math.nextUp(1f + 0x1p-11f)));
    // Subnormal ties: 2^-25 -> 0, 3·2^-25 -> 2·2^-24.
    assertEquals(0x0000, bits(0x1p-25f));
    assertEquals(0x0002, bits(3 * 0x1p-25f));
    // 65520 is halfway between 65504 and 65536 (not representable): ties to even overflow to
    // infinity.
    assertEquals(0x7C00, bits(65520f));
    assertEquals(0x7BFF, bits(Math.nextDown(65520f)));
  }

  @Test
  void everyFiniteHalfRoundTripsExactly() {
    for (int h = 0; h < 0x10000; h++) {
      int exp = (h >>> 10) & 0x1F;
      if (exp == 0x1F) {
        continue;
      }
      float f = Fp16.toFloat((short) h);
      assertEquals(h, bits(f), "half 0x" + Integer.toHexString(h) + " = " + f);
    }
  }
}

package org.real2sim.exporter.onnx;

/**
 * IEEE 754 half precision (binary16) conversion, as ONNX stores FLOAT16 tensors. Java 17 has no
 * {@code Float.floatToFloat16}, so this is written out: round to nearest, ties to even; values
 * beyond the largest half (65504, after rounding) become infinity; tiny values become subnormals or
 * zero; NaN stays NaN.
 */
public final class Fp16 {

  private Fp16() {}

  /** The binary16 bits nearest to {@code f}. */
  public static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e > 0) {
      int half = sign | (e << 10) | (mant >>> 13);
      int rem = mant & 0x1FFF;
      if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
        half++; // a carry into the exponent is the correctly rounded result (up to infinity)
      }
      return (short) half;
    }
    if (exp == 0) {
      return (short) sign; // float subnormals are far below half precision's smallest subnormal
    }
    // Half subnormal: the value in units of 2^-24 is (1.mant · 2^23) · 2^(exp - 126 - 24 + 24).
    int m = mant | 0x800000;
    int shift = 126 - exp;
    if (shift > 24) {
      return (short) sign;
    }
    int half = m >>> shift;
    int rem = m & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (rem > halfway || (rem == halfway && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }

  /** The float value of binary16 bits (exact: every half is a float). */
  public static float toFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int e = (bits >>> 10) & 0x1F;
    int m = bits & 0x3FF;
    if (e == 0) {
      float v = m * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (e == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (m << 13));
    }
    return Float.intBitsToFloat(sign | ((e - 15 + 127) << 23) | (m << 13));
  }
}

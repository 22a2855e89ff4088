package org.real2sim.models.nn;

import java.util.Arrays;

/**
 * The values of one variable, copied out of a session: its shape and its elements in row-major
 * order.
 *
 * @param shape the variable's shape (convolution kernels are [kh, kw, in, out])
 * @param values the elements, row-major; length equals the product of {@code shape}
 */
public record Weights(long[] shape, float[] values) {

  /** Checks that the element count matches the shape. */
  public Weights {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "Weights of shape "
              + Arrays.toString(shape)
              + " need "
              + n
              + " values, found "
              + values.length);
    }
  }

  /** The number of elements. */
  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Weights w
        && Arrays.equals(shape, w.shape)
        && Arrays.equals(values, w.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Weights" + Arrays.toString(shape);
  }
}

package org.real2sim.trainer.gan;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ImagePoolTest {

  private static float[] img(float v) {
    return new float[] {v, v};
  }

  @Test
  void fillsThenSwapsAboutHalfTheTime() {
    ImagePool pool = new ImagePool(3, 42);
    for (int i = 0; i < 3; i++) {
      assertEquals(i, pool.query(img(i))[0]); // filling phase returns the new image
    }
    int swapped = 0;
    int n = 4000;
    for (int i = 3; i < 3 + n; i++) {
      float[] out = pool.query(img(i));
      if (out[0] != i) {
        swapped++;
        assertTrue(out[0] < i, "a swapped image must be an earlier one");
      }
    }
    assertEquals(0.5, swapped / (double) n, 0.03);
    assertEquals(3, pool.size());
  }

  @Test
  void zeroCapacityPassesThrough() {
    ImagePool pool = new ImagePool(0, 1);
    float[] x = img(5);
    assertSame(x, pool.query(x));
    assertEquals(0, pool.size());
  }

  @Test
  void checkpointRoundTripContinuesIdentically() throws IOException {
    ImagePool a = new ImagePool(4, 7);
    for (int i = 0; i < 10; i++) {
      a.query(img(i));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.write(new DataOutputStream(bytes));
    ImagePool b = new ImagePool(4, 999);
    b.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    for (int i = 10; i < 50; i++) {
      assertArrayEquals(a.query(img(i)), b.query(img(i)));
    }
  }

  @Test
  void rejectsPoolOfAnotherCapacity() throws IOException {
    ImagePool a = new ImagePool(4, 7);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.write(new DataOutputStream(bytes));
    ImagePool b = new ImagePool(5, 7);
    IOException e =
        assertThrows(
            IOException.class,
            () -> b.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertTrue(e.getMessage().contains("capacity"), e.getMessage());
  }
}

package org.real2sim.trainer.gan;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.real2sim.trainer.run.Rng;

/**
 * The CycleGAN image buffer (Shrivastava et al.): discriminators see a mix of current and earlier
 * generated images.
 *
 * <p>While fewer than {@code capacity} images are stored, each new image is stored and returned.
 * Once full, with probability 0.5 a random stored image is returned and replaced by the new one;
 * otherwise the new image is returned unchanged. Capacity 0 disables the pool. The pool's content
 * and random state can be written to and read from a checkpoint, so a resumed run continues
 * exactly.
 */
public final class ImagePool {

  private final int capacity;
  private final List<float[]> images = new ArrayList<>();
  private Rng rng;

  /**
   * An empty pool holding at most {@code capacity} images, drawing its choices from {@code seed}.
   */
  public ImagePool(int capacity, long seed) {
    if (capacity < 0) {
      throw new IllegalArgumentException("pool capacity must be >= 0, found " + capacity);
    }
    this.capacity = capacity;
    this.rng = new Rng(seed);
  }

  /** The number of stored images. */
  public int size() {
    return images.size();
  }

  /** The maximum number of stored images. */
  public int capacity() {
    return capacity;
  }

  /**
   * Returns the image the discriminator should see in place of {@code image} (one image, any
   * layout; the pool keeps its own copy).
   */
  public float[] query(float[] image) {
    if (capacity == 0) {
      return image;
    }
    if (images.size() < capacity) {
      images.add(image.clone());
      return image;
    }
    if (rng.nextDouble() > 0.5) {
      int i = rng.nextInt(capacity);
      float[] old = images.get(i);
      images.set(i, image.clone());
      return old;
    }
    return image;
  }

  /** Writes capacity, random state and images. */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(capacity);
    out.writeLong(rng.state());
    out.writeInt(images.size());
    for (float[] img : images) {
      out.writeInt(img.length);
      for (float v : img) {
        out.writeFloat(v);
      }
    }
  }

  /**
   * Replaces this pool's content and random state with what {@link #write} wrote.
   *
   * @throws IOException if the stream is truncated or was written by a pool of another capacity
   */
  public void read(DataInputStream in) throws IOException {
    int cap = in.readInt();
    if (cap != capacity) {
      throw new IOException(
          "image pool capacity in checkpoint is " + cap + ", expected " + capacity);
    }
    long state = in.readLong();
    int n = in.readInt();
    if (n < 0 || n > capacity) {
      throw new IOException(
          "image pool holds " + n + " images, more than its capacity " + capacity);
    }
    List<float[]> loaded = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      if (len < 0 || len > (1 << 28)) {
        throw new IOException("image pool entry " + i + " has an implausible length " + len);
      }
      float[] img = new float[len];
      for (int j = 0; j < len; j++) {
        img[j] = in.readFloat();
      }
      loaded.add(img);
    }
    images.clear();
    images.addAll(loaded);
    rng = new Rng(state);
  }
}

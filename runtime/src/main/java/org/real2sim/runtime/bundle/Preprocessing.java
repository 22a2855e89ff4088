package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the bundle's graph does to the image before the networks (format 1.1): it resizes the {@code
 * image} input, whatever its size, to the network's input size {@code height × width} (aspect ratio
 * not kept: the image is stretched, as the trainer's evaluation does) with {@code resize}, and
 * scales the bytes to the generator's range [−1, 1]. Every consumer of {@code model.onnx} therefore
 * feeds the camera image as it is and gets what training saw.
 *
 * @param height the network's input height in pixels
 * @param width the network's input width in pixels
 * @param resize the resize filter; null means {@link Resize#ANTIALIASED_LINEAR}
 */
public record Preprocessing(int height, int width, Resize resize) {

  /** The largest network side accepted. */
  public static final int MAX_SIDE = 1 << 16;

  /** A resize filter. */
  public enum Resize {
    /**
     * ONNX {@code Resize} with {@code mode=linear}, {@code antialias=1}, {@code exclude_outside=1},
     * {@code coordinate_transformation_mode=half_pixel}: a separable triangle filter widened by the
     * shrink factor (Pillow's bilinear), taps outside the image dropped and the rest renormalised;
     * plain bilinear interpolation when enlarging. This is the trainer's image resize ({@code
     * trainer.data.image.ImageOps.resizeBilinear}).
     */
    @JsonProperty("antialiased-linear")
    ANTIALIASED_LINEAR
  }

  /** Checks the size; a null filter becomes {@link Resize#ANTIALIASED_LINEAR}. */
  public Preprocessing {
    if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
      throw new IllegalArgumentException(
          "preprocessing height and width must be within [1, "
              + MAX_SIDE
              + "], found "
              + height
              + "x"
              + width);
    }
    if (resize == null) {
      resize = Resize.ANTIALIASED_LINEAR;
    }
  }

  /** One line for messages and {@code --info}. */
  public String describe() {
    return "the graph resizes every image to "
        + height
        + "x"
        + width
        + " (HxW, "
        + (resize == Resize.ANTIALIASED_LINEAR ? "antialiased linear" : resize.name())
        + ", as in training)";
  }
}

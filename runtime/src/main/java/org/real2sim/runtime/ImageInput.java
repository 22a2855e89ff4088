package org.real2sim.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.real2sim.runtime.image.RgbImage;

/** One image to run: packed RGB bytes, or a buffer of them. */
record ImageInput(int height, int width, RgbImage image, ByteBuffer buffer) {

  static List<ImageInput> of(List<RgbImage> images) {
    List<ImageInput> out = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      RgbImage im = images.get(i);
      if (im == null) {
        throw new IllegalArgumentException("image " + i + " of the batch is null");
      }
      out.add(new ImageInput(im.height(), im.width(), im, null));
    }
    return out;
  }

  static ImageInput of(ByteBuffer rgb, int height, int width) {
    if (rgb == null) {
      throw new IllegalArgumentException("the RGB buffer is null");
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, found " + height + "x" + width + " (HxW)");
    }
    long need = 3L * height * width;
    if (rgb.remaining() != need) {
      throw new IllegalArgumentException(
          "an RGB image of "
              + height
              + "x"
              + width
              + " (HxW) needs "
              + need
              + " bytes (3 per pixel), the buffer has "
              + rgb.remaining()
              + " remaining");
    }
    return new ImageInput(height, width, null, rgb.slice());
  }

  /** Packed bytes; copies a buffer only when the runtime must resize it. */
  RgbImage packed() {
    if (image != null) {
      return image;
    }
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return new RgbImage(height, width, b);
  }
}

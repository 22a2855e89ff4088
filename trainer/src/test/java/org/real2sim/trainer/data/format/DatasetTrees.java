package org.real2sim.trainer.data.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import org.real2sim.trainer.data.TestImages;

/**
 * Writes tiny data set trees in the layouts of {@code shared/notes/datasets.md}, file by file, as
 * the format readers expect them. Shared by the format tests and the preset test of the stages.
 */
public final class DatasetTrees {

  /** The Sketchy folder that holds {@code photo/} and {@code sketch/}. */
  public static final String SKETCHY_BASE = "rendered_256x256/256x256/";

  /** The Sketchy augmentation folder the reader uses by default. */
  public static final String SKETCHY_TRANSFORM = "tx_000000000000";

  private DatasetTrees() {}

  /**
   * Writes one Cityscapes frame: {@code leftImg8bit/<split>/<city>/<name>_leftImg8bit.png} with
   * pixel {@code (x, y)} = {@code rgb} and {@code gtFine/<split>/<city>/<name>_gtFine_labelIds.png}
   * holding the 8-bit {@code labelIds} (row-major).
   */
  public static void cityscapesFrame(
      Path root,
      String split,
      String city,
      String name,
      int w,
      int h,
      IntBinaryOperator rgb,
      int... labelIds) {
    TestImages.rgb(
        root.resolve("leftImg8bit/" + split + "/" + city + "/" + name + "_leftImg8bit.png"),
        w,
        h,
        rgb);
    TestImages.gray8(
        root.resolve("gtFine/" + split + "/" + city + "/" + name + "_gtFine_labelIds.png"),
        w,
        h,
        labelIds);
  }

  /**
   * Writes one SYNTHIA-RAND-CITYSCAPES frame under {@code base} (the {@code RAND_CITYSCAPES}
   * folder): a black {@code RGB/<stem>.png} and the 16-bit three-channel {@code
   * GT/LABELS/<stem>.png} whose channel {@code c} holds {@code labelChannels[c]} (class id in
   * channel 0).
   */
  public static void synthiaFrame(Path base, String stem, int w, int h, int[][] labelChannels) {
    TestImages.rgb(base.resolve("RGB/" + stem + ".png"), w, h, (x, y) -> 0);
    TestImages.rgb16(base.resolve("GT/LABELS/" + stem + ".png"), w, h, labelChannels);
  }

  /**
   * Writes one CARLA frame: {@code <split>/images/<stem>.png} of colour {@code rgb} (0xRRGGBB) and
   * the raw 8-bit segmentation image {@code <split>/labels/<stem>.png} whose channel {@code c}
   * holds {@code labelChannels[c]} (the semantic tag in red, channel 0).
   */
  public static void carlaFrame(
      Path root, String split, String stem, int w, int h, int rgb, int[][] labelChannels) {
    TestImages.rgb(root.resolve(split + "/images/" + stem + ".png"), w, h, (x, y) -> rgb);
    TestImages.rgb8(root.resolve(split + "/labels/" + stem + ".png"), w, h, labelChannels);
  }

  /**
   * Writes one Sketchy photo, {@code photo/<transform>/<cls>/<photo>.jpg} (2×2, black), and its
   * sketches {@code sketch/<transform>/<cls>/<photo>-<k>.png} for {@code k = 1..sketches} (2×2,
   * white), under {@link #SKETCHY_BASE}.
   */
  public static void sketchyPhoto(Path root, String cls, String photo, int sketches) {
    Path base = root.resolve(SKETCHY_BASE);
    TestImages.jpeg(
        base.resolve("photo/" + SKETCHY_TRANSFORM + "/" + cls + "/" + photo + ".jpg"), 2, 2, 0);
    for (int k = 1; k <= sketches; k++) {
      TestImages.rgb(
          base.resolve("sketch/" + SKETCHY_TRANSFORM + "/" + cls + "/" + photo + "-" + k + ".png"),
          2,
          2,
          (x, y) -> 0xFFFFFF);
    }
  }

  /**
   * Writes the four invalid-sketch lists of Sketchy's {@code info/} folder with the given contents
   * (one sketch name per line).
   */
  public static void sketchyInfo(
      Path root,
      String invalidError,
      String invalidAmbiguous,
      String invalidPose,
      String invalidContext) {
    try {
      Path info = Files.createDirectories(root.resolve("info"));
      Files.writeString(info.resolve("invalid-error.txt"), invalidError);
      Files.writeString(info.resolve("invalid-ambiguous.txt"), invalidAmbiguous);
      Files.writeString(info.resolve("invalid-pose.txt"), invalidPose);
      Files.writeString(info.resolve("invalid-context.txt"), invalidContext);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Sketchy info lists under " + root, e);
    }
  }
}

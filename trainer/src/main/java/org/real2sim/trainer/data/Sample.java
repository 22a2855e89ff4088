package org.real2sim.trainer.data;

import java.nio.file.Path;

/**
 * One item of a data set split.
 *
 * @param id a stable identifier: the image path relative to the data root, without extension, with
 *     {@code /} separators (e.g. {@code "train/cat/cat_00012"}); equal on every machine
 * @param image the image file
 * @param label the label image for segmentation, {@code null} otherwise
 * @param classId the class for classification (0-based), {@link #NO_CLASS} otherwise
 */
public record Sample(String id, Path image, Path label, int classId) {

  /** The {@link #classId} of a sample that is not a classification sample. */
  public static final int NO_CLASS = -1;

  /** Validates the fields. */
  public Sample {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("sample id must not be empty (image " + image + ")");
    }
    if (image == null) {
      throw new IllegalArgumentException("sample '" + id + "' has no image path");
    }
    if (classId < NO_CLASS) {
      throw new IllegalArgumentException(
          "sample '" + id + "': classId must be >= -1, found " + classId);
    }
  }

  /** A classification sample. */
  public static Sample classified(String id, Path image, int classId) {
    return new Sample(id, image, null, classId);
  }

  /** A segmentation sample. */
  public static Sample segmented(String id, Path image, Path label) {
    return new Sample(id, image, label, NO_CLASS);
  }

  /** An unlabeled sample. */
  public static Sample unlabeled(String id, Path image) {
    return new Sample(id, image, null, NO_CLASS);
  }
}

package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The two domains, the image size the networks see, and the labeled real subset.
 *
 * @param task classification or segmentation
 * @param synthetic the synthetic domain S (labels used by stage a)
 * @param real the real domain R (unlabeled for stage b; the labeled subset for stage c and M3)
 * @param height image height the networks see
 * @param width image width the networks see
 * @param labeledFraction fraction of the real training images that are labeled (used when
 *     labeledCount is 0)
 * @param labeledCount number of labeled real images; 0 means use labeledFraction
 * @param labeledSubset an existing labeled_subset.txt to reuse; empty to draw one from the seed
 * @param loaderThreads background threads decoding and augmenting images
 * @param validate check every file before training starts
 * @param skipBad skip bad files (listed in the run directory) instead of refusing to train
 * @param maxPixels largest image accepted, in pixels (decompression-bomb guard)
 */
public record DataConfig(
    @JsonPropertyDescription("Task: classification or segmentation.") String task,
    @JsonPropertyDescription("The synthetic domain S (labels used by stage a).")
        DatasetRef synthetic,
    @JsonPropertyDescription("The real domain R (few labels).") DatasetRef real,
    @JsonPropertyDescription("Image height the networks see, in pixels.") int height,
    @JsonPropertyDescription("Image width the networks see, in pixels.") int width,
    @JsonPropertyDescription(
            "Fraction of real training images that are labeled (if labeledCount is 0).")
        double labeledFraction,
    @JsonPropertyDescription("Number of labeled real images; 0 = use labeledFraction.")
        int labeledCount,
    @JsonPropertyDescription("Existing labeled_subset.txt to reuse; empty = draw from the seed.")
        String labeledSubset,
    @JsonPropertyDescription("Background threads decoding and augmenting images.")
        int loaderThreads,
    @JsonPropertyDescription("Check every image and label before training starts.")
        boolean validate,
    @JsonPropertyDescription("Skip bad files (listed in the run directory) instead of stopping.")
        boolean skipBad,
    @JsonPropertyDescription("Largest image accepted, in pixels (decompression-bomb guard).")
        long maxPixels) {

  /** Validates every field. */
  public DataConfig {
    Check.oneOf("data.task", task, "classification", "segmentation");
    if (synthetic == null || real == null) {
      throw new ConfigException("data.synthetic and data.real must both be set");
    }
    Check.positive("data.height", height);
    Check.positive("data.width", width);
    Check.range("data.labeledFraction", labeledFraction, 0, 1);
    Check.nonNegative("data.labeledCount", labeledCount);
    if (labeledCount == 0 && labeledFraction == 0) {
      throw new ConfigException(
          "data.labeledFraction and data.labeledCount are both 0: no labeled real image");
    }
    labeledSubset = labeledSubset == null ? "" : labeledSubset;
    Check.positive("data.loaderThreads", loaderThreads);
    Check.positive("data.maxPixels", maxPixels);
  }

  /** True for segmentation. */
  public boolean segmentation() {
    return task.equals("segmentation");
  }
}

package org.real2sim.trainer.data.pipeline;

import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabelMapping;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.image.Coarsening;
import org.real2sim.trainer.data.image.ImageDecoder;
import org.real2sim.trainer.data.image.LabelImage;
import org.real2sim.trainer.data.image.RgbImage;

/**
 * Reads one sample at its stored size: decodes the image and, for segmentation, the label channel,
 * checks that their sizes agree, maps raw ids to class ids and applies the data set's coarsening.
 * The validator and the loader share it, so validation checks exactly what training will read.
 */
final class SampleReader {

  /** A decoded sample: the image and its class-id map (null unless segmentation labels). */
  record Loaded(RgbImage image, LabelImage label) {}

  private final Dataset dataset;
  private final ImageDecoder decoder;
  private final boolean pixelLabels;

  SampleReader(Dataset dataset, long maxPixels, boolean labels) {
    this.dataset = dataset;
    this.decoder = new ImageDecoder(maxPixels);
    this.pixelLabels = labels && dataset.task() == Task.SEGMENTATION;
  }

  /** Whether {@link #read} returns label maps. */
  boolean pixelLabels() {
    return pixelLabels;
  }

  Loaded read(Sample s) {
    if (!pixelLabels) {
      return new Loaded(decoder.readRgb(s.image()), null);
    }
    if (s.label() == null) {
      throw new DataException(
          s.image() + ": segmentation sample '" + s.id() + "' has no label file");
    }
    // Check the label header before decoding the image, so a mismatch costs no decode.
    int[] labelSize = decoder.size(s.label());
    RgbImage image = decoder.readRgb(s.image());
    if (labelSize[0] != image.width() || labelSize[1] != image.height()) {
      throw new DataException(
          s.label()
              + ": label is "
              + labelSize[0]
              + "x"
              + labelSize[1]
              + " but its image "
              + s.image()
              + " is "
              + image.width()
              + "x"
              + image.height()
              + " (expected equal sizes)");
    }
    LabelMapping mapping = dataset.labelMapping();
    LabelImage raw = decoder.readChannel(s.label(), mapping.channel());
    mapping.apply(raw.data(), s.label());
    LabelImage label = raw;
    int k = dataset.coarsening();
    if (k > 0) {
      label = Coarsening.majority(label, k);
      image = Coarsening.boxBlur(image, k);
    }
    return new Loaded(image, label);
  }
}

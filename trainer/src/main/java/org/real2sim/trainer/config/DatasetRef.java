package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one domain's images come from.
 *
 * @param format the data set format (imagefolder, paired, unpaired, cityscapes, synthia, carla,
 *     sketchy)
 * @param root the data set's root folder; relative paths are resolved against the working directory
 * @param trainSplit the split used for training
 * @param valSplit the split used for validation
 * @param options format-specific options (e.g. protocol, carlaVersion, classes, side)
 */
public record DatasetRef(
    @JsonPropertyDescription(
            "Data set format: imagefolder, paired, unpaired, cityscapes, synthia, carla or sketchy.")
        String format,
    @JsonPropertyDescription("Root folder of the data set.") String root,
    @JsonPropertyDescription("Split used for training.") String trainSplit,
    @JsonPropertyDescription("Split used for validation.") String valSplit,
    @JsonPropertyDescription("Format-specific options, e.g. {\"protocol\": \"synthia16\"}.")
        Map<String, String> options) {

  /** Validates the fields; {@code options} may be omitted. */
  public DatasetRef {
    Check.notBlank("format", format);
    Check.notBlank("trainSplit", trainSplit);
    Check.notBlank("valSplit", valSplit);
    options =
        options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    root = root == null ? "" : root;
  }
}

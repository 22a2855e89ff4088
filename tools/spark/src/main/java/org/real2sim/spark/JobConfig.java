package org.real2sim.spark;

import java.util.List;
import java.util.Locale;

/**
 * What one batch job does.
 *
 * @param input a folder of images (read recursively with Spark's {@code binaryFile} source) or a
 *     CSV (with a header) or Parquet table with a column of image paths
 * @param inputKind which of the two {@code input} is
 * @param pathColumn the table's column of image paths; relative paths are resolved against the
 *     table's folder
 * @param bundle where the executors find the bundle and how they open it
 * @param output the output folder: {@code predictions/} and {@code rejects/} (Parquet) and {@code
 *     summary.json}
 * @param evaluate whether to join labels and score the predictions
 * @param labels classification: a CSV/Parquet table of {@code path,label} (label = class name or
 *     id), or null for the folder layout ({@code <root>/<class name>/<image>}); segmentation: a
 *     folder of label PNGs named like the images ({@code <stem>.png}, 8- or 16-bit train ids, 255
 *     ignored), or null for the paired layout ({@code .../images/<stem>.*} → {@code
 *     .../labels/<stem>.png})
 * @param partitions repartition the input into this many partitions; 0 keeps Spark's split
 */
public record JobConfig(
    String input,
    InputKind inputKind,
    String pathColumn,
    BundleRef bundle,
    String output,
    boolean evaluate,
    String labels,
    int partitions) {

  /** What the input is. */
  public enum InputKind {
    /** A folder of image files. */
    FOLDER,
    /** A CSV or Parquet table of image paths. */
    TABLE;

    /** The kinds' names as the command line spells them. */
    public static final List<String> NAMES = List.of("folder", "table");

    /** The kind named {@code name}. */
    public static InputKind parse(String name) {
      int i = NAMES.indexOf(name.toLowerCase(Locale.ROOT));
      if (i < 0) {
        throw new IllegalArgumentException(
            "Unknown input kind '" + name + "', expected one of " + NAMES);
      }
      return values()[i];
    }
  }

  /** Validates the fields. */
  public JobConfig {
    if (input == null || input.isBlank()) {
      throw new IllegalArgumentException("input must be set, found '" + input + "'");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("output must be set, found '" + output + "'");
    }
    if (inputKind == null || bundle == null) {
      throw new IllegalArgumentException("inputKind and bundle must be set");
    }
    if (pathColumn == null || pathColumn.isBlank()) {
      pathColumn = "path";
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be 0 or positive, found " + partitions);
    }
  }
}

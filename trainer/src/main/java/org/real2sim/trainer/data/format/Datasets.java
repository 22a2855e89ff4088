package org.real2sim.trainer.data.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;

/** The registry of data set formats: opens a {@link DatasetSpec} with the format it names. */
public final class Datasets {

  private static final Map<String, DatasetFormat> FORMATS = new LinkedHashMap<>();

  static {
    for (DatasetFormat f :
        List.of(
            new ImageFolderFormat(),
            new PairedFormat(),
            new UnpairedFormat(),
            new CityscapesFormat(),
            new SynthiaFormat(),
            new CarlaFormat(),
            new SketchyFormat())) {
      FORMATS.put(f.name(), f);
    }
  }

  private Datasets() {}

  /** The format names, in documentation order. */
  public static List<String> names() {
    return List.copyOf(FORMATS.keySet());
  }

  /**
   * The format called {@code name}.
   *
   * @throws DataException naming the value and listing the formats
   */
  public static DatasetFormat format(String name) {
    DatasetFormat f = FORMATS.get(name);
    if (f == null) {
      throw new DataException("Unknown dataset format '" + name + "', expected one of " + names());
    }
    return f;
  }

  /**
   * Opens the data set {@code spec} describes.
   *
   * @throws DataException naming the unknown format, option, or missing file or folder
   */
  public static Dataset open(DatasetSpec spec) {
    DatasetFormat f = format(spec.format());
    spec.requireKnownOptions(f.options().keySet());
    return f.open(spec);
  }
}

package org.real2sim.trainer.data.format;

import java.util.Map;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;

/** A data set layout that can be opened from a {@link DatasetSpec}. */
public interface DatasetFormat {

  /** The format's name as written in a spec, e.g. {@code "cityscapes"}. */
  String name();

  /** One line describing the layout. */
  String description();

  /** The options the format accepts, option → one line of help, in display order. */
  Map<String, String> options();

  /**
   * Lists the data set's files.
   *
   * @throws org.real2sim.trainer.data.DataException naming the missing or malformed file, folder or
   *     option
   */
  Dataset open(DatasetSpec spec);
}

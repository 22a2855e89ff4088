package org.real2sim.runtime.bundle;

import java.util.Set;

/**
 * An external tensor of a model whose reference has been checked against the manifest and the file;
 * its data is not read yet ({@link SealedModel} copies it out while it verifies the file).
 *
 * @param tensor the tensor as {@link OnnxModelReader} found it
 * @param file the external-data file, a plain name {@code bundle.json} lists
 * @param offset where its bytes start in {@code file}
 * @param length how many bytes it has
 */
record PlannedTensor(ExternalTensor tensor, String file, long offset, long length) {

  /** The external_data keys ONNX defines. */
  private static final Set<String> KEYS = Set.of("location", "offset", "length", "checksum");

  /**
   * Checks {@code t}'s reference (a main-graph initializer, only the keys ONNX defines, a plain
   * location that {@code bundle.json} lists, an offset and length inside the file that match the
   * tensor's shape and a data type the runtime can supply) and plans where its data is.
   *
   * @throws BundleException naming the model, the tensor and what is wrong
   */
  static PlannedTensor plan(BundleSource source, BundleManifest manifest, ExternalTensor t) {
    String model = manifest.model();
    java.nio.file.Path where = source.pathOf(model);
    String prefix = source.describe() + ": " + model + ": " + t.where();
    if (t.place() != ExternalTensor.Place.GRAPH_INITIALIZER) {
      throw new BundleException(
          where,
          prefix
              + " keeps its data in an external file; a real2sim bundle allows external data only"
              + " for initializers of the main graph");
    }
    if (t.dataLocation() != OnnxModelReader.DATA_LOCATION_EXTERNAL) {
      throw new BundleException(
          where,
          prefix
              + " has data_location "
              + t.dataLocation()
              + " with external_data entries; expected 1 (EXTERNAL)");
    }
    String location;
    String offsetText;
    String lengthText;
    try {
      for (String[] entry : t.entries()) {
        if (!KEYS.contains(entry[0])) {
          throw new IllegalArgumentException(
              prefix + " has an unknown external_data key '" + entry[0] + "', expected " + KEYS);
        }
      }
      location = t.entry("location");
      offsetText = t.entry("offset");
      lengthText = t.entry("length");
    } catch (IllegalArgumentException e) {
      throw new BundleException(where, e.getMessage(), e);
    }
    if (location == null || location.isEmpty()) {
      throw new BundleException(where, prefix + " has external data without a location");
    }
    try {
      BundleSource.requirePlainName("its external-data location", location);
    } catch (IllegalArgumentException e) {
      throw new BundleException(
          where,
          prefix
              + " reads external data from '"
              + location
              + "', refused: "
              + e.getMessage()
              + "; a sealed bundle reads only the files bundle.json lists");
    }
    if (!manifest.externalData().containsKey(location)) {
      throw new BundleException(
          source.pathOf(location),
          prefix
              + " reads external data from '"
              + location
              + "', which "
              + BundleManifest.FILE_NAME
              + " does not list (externalData lists "
              + manifest.externalData().keySet()
              + "): a sealed bundle reads no unlisted file");
    }
    long offset = number(offsetText, 0, "offset", prefix, where);
    long expected = byteSize(t, prefix, where);
    long length = number(lengthText, expected, "length", prefix, where);
    if (length != expected) {
      throw new BundleException(
          where,
          prefix
              + " has external data length "
              + length
              + " but its shape "
              + java.util.Arrays.toString(t.dims())
              + " of data type "
              + t.dataType()
              + " needs "
              + expected
              + " bytes");
    }
    long size = source.size(location);
    if (offset > size || length > size - offset) {
      throw new BundleException(
          source.pathOf(location),
          prefix
              + " reads bytes ["
              + offset
              + ", "
              + offset
              + " + "
              + length
              + ") of "
              + location
              + ", which holds "
              + size
              + " bytes");
    }
    return new PlannedTensor(t, location, offset, length);
  }

  private static long number(
      String text, long absent, String key, String prefix, java.nio.file.Path where) {
    if (text == null) {
      return absent;
    }
    try {
      long v = Long.parseLong(text.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BundleException(
          where,
          prefix
              + " has external_data "
              + key
              + " '"
              + text
              + "', expected a non-negative integer");
    }
  }

  /** Bytes per element of the data types ONNX Runtime's Java API can create tensors of. */
  static int elementBytes(int dataType) {
    return switch (dataType) {
      case 1, 6 -> 4; // float, int32
      case 2, 3, 9 -> 1; // uint8, int8, bool
      case 5, 10, 16 -> 2; // int16, float16, bfloat16
      case 7, 11 -> 8; // int64, double
      default -> -1;
    };
  }

  private static long byteSize(ExternalTensor t, String prefix, java.nio.file.Path where) {
    int per = elementBytes(t.dataType());
    if (per < 0) {
      throw new BundleException(
          where,
          prefix
              + " has data type "
              + t.dataType()
              + ", which the runtime cannot supply as external data (supported: float, double,"
              + " float16, bfloat16, int8/16/32/64, uint8, bool)");
    }
    try {
      long n = per;
      for (long d : t.dims()) {
        if (d < 0) {
          throw new ArithmeticException();
        }
        n = Math.multiplyExact(n, d);
      }
      if (n > BundleSource.MAX_FILE_BYTES) {
        throw new ArithmeticException();
      }
      return n;
    } catch (ArithmeticException e) {
      throw new BundleException(
          where,
          prefix
              + " has shape "
              + java.util.Arrays.toString(t.dims())
              + ", negative or over "
              + BundleSource.MAX_FILE_BYTES
              + " bytes");
    }
  }
}

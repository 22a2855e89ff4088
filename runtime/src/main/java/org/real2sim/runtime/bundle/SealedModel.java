package org.real2sim.runtime.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.real2sim.runtime.io.Sha256;

/**
 * A bundle's model with everything ONNX Runtime needs, read once and verified against {@code
 * bundle.json}: the model bytes (their SHA-256 checked), and the data of every initializer stored
 * in an external-data file, copied out of that file while its SHA-256 is computed over exactly the
 * bytes used. ONNX Runtime is then given the model as bytes and the external initializers as
 * tensors, so it never opens a file itself: nothing a model names can make it read a file of the
 * host.
 *
 * <p>Refused, each with the file or tensor named: a model whose checksum differs; a model that is
 * not well-formed protobuf; external data anywhere but a main-graph initializer; an external-data
 * location that is not a plain file name of the bundle (absolute, {@code ..}, a directory part,
 * ONNX Runtime's in-memory address marker); a location {@code bundle.json} does not list under
 * {@code externalData}; a listed file the model does not read; an offset or length outside the file
 * or not matching the tensor's shape; a data type ONNX Runtime's Java API cannot hold; any external
 * data key but {@code location}, {@code offset}, {@code length} and {@code checksum}.
 *
 * @param modelBytes the verified model
 * @param model what {@link OnnxModelReader} found in it
 * @param initializers the external initializers, each with its verified data
 */
public record SealedModel(
    byte[] modelBytes, OnnxModelReader.Model model, List<ExternalInitializer> initializers) {

  /**
   * One main-graph initializer whose data came from an external-data file.
   *
   * @param name the initializer's name
   * @param dataType the ONNX TensorProto.DataType number
   * @param dims the dimensions
   * @param data a direct, native-order buffer holding exactly the tensor's bytes
   * @param file the external-data file it came from
   */
  public record ExternalInitializer(
      String name, int dataType, long[] dims, ByteBuffer data, String file) {}

  /** The external_data keys ONNX defines. */
  private static final Set<String> KEYS = Set.of("location", "offset", "length", "checksum");

  /**
   * Reads and verifies the model of {@code manifest} from {@code source}.
   *
   * @throws BundleException naming the file or the tensor when anything does not match
   */
  public static SealedModel read(BundleSource source, BundleManifest manifest) {
    String modelName = manifest.model();
    byte[] bytes = source.readAll(modelName, BundleSource.MAX_FILE_BYTES);
    String actual = Sha256.of(bytes);
    if (!actual.equals(manifest.modelSha256())) {
      throw ManifestChecksums.mismatch(
          source.pathOf(modelName), actual, manifest.modelSha256(), "modelSha256");
    }
    OnnxModelReader.Model model;
    try {
      model = OnnxModelReader.read(bytes);
    } catch (IllegalArgumentException e) {
      throw new BundleException(
          source.pathOf(modelName),
          source.describe() + ": " + modelName + " is " + e.getMessage(),
          e);
    }
    Map<String, List<Planned>> byFile = new LinkedHashMap<>();
    for (OnnxModelReader.ExternalTensor t : model.external()) {
      Planned p = plan(source, manifest, t);
      byFile.computeIfAbsent(p.file, k -> new ArrayList<>()).add(p);
    }
    Set<String> unused = new LinkedHashSet<>(manifest.externalData().keySet());
    unused.removeAll(byFile.keySet());
    if (!unused.isEmpty()) {
      throw new BundleException(
          source.pathOf(unused.iterator().next()),
          source.describe()
              + ": "
              + BundleManifest.FILE_NAME
              + " lists external data "
              + unused
              + " that "
              + modelName
              + " does not read: the manifest and the model disagree");
    }
    for (Map.Entry<String, List<Planned>> e : byFile.entrySet()) {
      long sum = 0;
      for (Planned p : e.getValue()) {
        sum += p.length;
      }
      long size = source.size(e.getKey());
      if (sum > size) {
        throw new BundleException(
            source.pathOf(e.getKey()),
            source.describe()
                + ": "
                + modelName
                + " reads "
                + sum
                + " bytes of tensors from "
                + e.getKey()
                + ", which holds "
                + size
                + ": its external tensors overlap");
      }
    }
    List<ExternalInitializer> out = new ArrayList<>();
    for (Map.Entry<String, List<Planned>> e : byFile.entrySet()) {
      copyVerified(source, e.getKey(), manifest.externalData().get(e.getKey()), e.getValue(), out);
    }
    return new SealedModel(bytes, model, List.copyOf(out));
  }

  /** An external tensor whose reference has been checked; its data is not read yet. */
  private record Planned(
      OnnxModelReader.ExternalTensor tensor, String file, long offset, long length) {}

  private static Planned plan(
      BundleSource source, BundleManifest manifest, OnnxModelReader.ExternalTensor t) {
    String model = manifest.model();
    java.nio.file.Path where = source.pathOf(model);
    String prefix = source.describe() + ": " + model + ": " + t.where();
    if (t.place() != OnnxModelReader.Place.GRAPH_INITIALIZER) {
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
    return new Planned(t, location, offset, length);
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

  private static long byteSize(
      OnnxModelReader.ExternalTensor t, String prefix, java.nio.file.Path where) {
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

  /**
   * Streams {@code file} once: every byte goes into the SHA-256, and the bytes of each planned
   * tensor into its own buffer; the buffers are used only when the checksum matches.
   */
  private static void copyVerified(
      BundleSource source,
      String file,
      String expectedSha,
      List<Planned> tensors,
      List<ExternalInitializer> out) {
    ByteBuffer[] buffers = new ByteBuffer[tensors.size()];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] =
          ByteBuffer.allocateDirect((int) tensors.get(i).length).order(ByteOrder.nativeOrder());
    }
    MessageDigest md = Sha256.digest();
    byte[] buf = new byte[1 << 20];
    long pos = 0;
    try (InputStream in = source.open(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        long chunkEnd = pos + n;
        for (int i = 0; i < buffers.length; i++) {
          Planned p = tensors.get(i);
          long from = Math.max(pos, p.offset);
          long to = Math.min(chunkEnd, p.offset + p.length);
          if (from < to) {
            buffers[i].position((int) (from - p.offset));
            buffers[i].put(buf, (int) (from - pos), (int) (to - from));
          }
        }
        pos = chunkEnd;
      }
    } catch (IOException e) {
      throw new BundleException(
          source.pathOf(file), source.describe() + ": cannot read " + file + ": " + e, e);
    }
    String actual = HexFormat.of().formatHex(md.digest());
    if (!actual.equals(expectedSha)) {
      throw ManifestChecksums.mismatch(
          source.pathOf(file), actual, expectedSha, "externalData." + file);
    }
    for (int i = 0; i < buffers.length; i++) {
      Planned p = tensors.get(i);
      if (p.offset + p.length > pos) {
        throw new BundleException(
            source.pathOf(file),
            source.describe() + ": " + file + " became shorter while it was read");
      }
      buffers[i].rewind();
      out.add(
          new ExternalInitializer(
              p.tensor.name(), p.tensor.dataType(), p.tensor.dims().clone(), buffers[i], file));
    }
  }
}

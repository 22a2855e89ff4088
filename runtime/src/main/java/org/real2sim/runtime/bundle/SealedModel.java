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
    Map<String, List<PlannedTensor>> byFile = new LinkedHashMap<>();
    for (ExternalTensor t : model.external()) {
      PlannedTensor p = PlannedTensor.plan(source, manifest, t);
      byFile.computeIfAbsent(p.file(), k -> new ArrayList<>()).add(p);
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
    for (Map.Entry<String, List<PlannedTensor>> e : byFile.entrySet()) {
      long sum = 0;
      for (PlannedTensor p : e.getValue()) {
        sum += p.length();
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
    for (Map.Entry<String, List<PlannedTensor>> e : byFile.entrySet()) {
      copyVerified(source, e.getKey(), manifest.externalData().get(e.getKey()), e.getValue(), out);
    }
    return new SealedModel(bytes, model, List.copyOf(out));
  }

  /**
   * Streams {@code file} once: every byte goes into the SHA-256, and the bytes of each planned
   * tensor into its own buffer; the buffers are used only when the checksum matches.
   */
  private static void copyVerified(
      BundleSource source,
      String file,
      String expectedSha,
      List<PlannedTensor> tensors,
      List<ExternalInitializer> out) {
    ByteBuffer[] buffers = new ByteBuffer[tensors.size()];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] =
          ByteBuffer.allocateDirect((int) tensors.get(i).length()).order(ByteOrder.nativeOrder());
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
          PlannedTensor p = tensors.get(i);
          long from = Math.max(pos, p.offset());
          long to = Math.min(chunkEnd, p.offset() + p.length());
          if (from < to) {
            buffers[i].position((int) (from - p.offset()));
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
      PlannedTensor p = tensors.get(i);
      if (p.offset() + p.length() > pos) {
        throw new BundleException(
            source.pathOf(file),
            source.describe() + ": " + file + " became shorter while it was read");
      }
      buffers[i].rewind();
      out.add(
          new ExternalInitializer(
              p.tensor().name(),
              p.tensor().dataType(),
              p.tensor().dims().clone(),
              buffers[i],
              file));
    }
  }
}

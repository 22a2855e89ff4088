package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.runtime.io.AtomicFiles;

/**
 * Assembles a {@link ModelProto} from a finished graph and saves it, with external data when large.
 */
public final class OnnxModels {

  /** The producer name written into every model. */
  public static final String PRODUCER = "real2sim";

  /**
   * Initializers at least this large are moved out when a model uses external data (ONNX's
   * default).
   */
  public static final int EXTERNAL_MIN_BYTES = 1024;

  /** External data offsets are aligned to this many bytes (page size, for memory mapping). */
  public static final int EXTERNAL_ALIGNMENT = 4096;

  private OnnxModels() {}

  /**
   * Model-level settings.
   *
   * @param opset the default-domain opset, 17 to 22 (17 is accepted by the checker of onnx 1.12 and
   *     newer)
   * @param irVersion the IR version, at least the one the opset needs (opset 17–18: 8, 19–20: 9,
   *     21–22: 10) and at most 10
   * @param externalDataThreshold when the initializers hold more bytes than this, the large ones go
   *     to an external data file; protobuf cannot serialise a message over 2 GiB
   */
  public record ModelOptions(int opset, int irVersion, long externalDataThreshold) {

    /**
     * The default threshold: protobuf's 2 GiB limit less 128 MiB of headroom for the graph itself.
     */
    public static final long DEFAULT_EXTERNAL_THRESHOLD = (2L << 30) - (128L << 20);

    /** Checks the opset, the IR version it needs and the threshold. */
    public ModelOptions {
      if (opset < 17 || opset > 22) {
        throw new ExportException("opset must be within [17, 22], found " + opset);
      }
      int minIr = minimumIrVersion(opset);
      if (irVersion < minIr || irVersion > 10) {
        throw new ExportException(
            "IR version "
                + irVersion
                + " does not fit opset "
                + opset
                + ": expected "
                + minIr
                + " to 10");
      }
      if (externalDataThreshold < 0) {
        throw new ExportException(
            "externalDataThreshold must be >= 0, found " + externalDataThreshold);
      }
    }

    /** Opset 17, IR 8, external data above {@link #DEFAULT_EXTERNAL_THRESHOLD}. */
    public static ModelOptions defaults() {
      return new ModelOptions(17, 8, DEFAULT_EXTERNAL_THRESHOLD);
    }

    /** These options with another opset and the smallest IR version it allows. */
    public ModelOptions withOpset(int opset) {
      return new ModelOptions(
          opset, Math.max(irVersion, minimumIrVersion(opset)), externalDataThreshold);
    }

    /** These options with another external-data threshold. */
    public ModelOptions withExternalDataThreshold(long bytes) {
      return new ModelOptions(opset, irVersion, bytes);
    }

    /** The smallest IR version that may declare {@code opset} (the ONNX release table). */
    public static int minimumIrVersion(int opset) {
      if (opset <= 18) {
        return 8;
      }
      return opset <= 20 ? 9 : 10;
    }
  }

  /**
   * A model around the graph of {@code ctx}: IR version and opset from {@code options}, producer
   * {@value #PRODUCER}, {@code metadata} as {@code metadata_props} (in the map's order).
   *
   * @throws ExportException when the graph was checked against another opset
   */
  public static ModelProto assemble(
      OnnxContext ctx, ModelOptions options, Map<String, String> metadata, String doc) {
    if (ctx.opset() != options.opset()) {
      throw new ExportException(
          "The graph was built for opset "
              + ctx.opset()
              + " but the model declares opset "
              + options.opset());
    }
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(options.irVersion())
            .setProducerName(PRODUCER)
            .setProducerVersion(producerVersion())
            .setDocString(doc == null ? "" : doc)
            .addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
            .setGraph(ctx.build());
    metadata.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** The model with its {@code metadata_props} replaced by {@code metadata}. */
  public static ModelProto withMetadata(ModelProto model, Map<String, String> metadata) {
    ModelProto.Builder m = model.toBuilder().clearMetadataProps();
    metadata.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /**
   * The bytes held by the model's initializers (raw data only, as {@link OnnxContext} writes them).
   */
  public static long initializerBytes(ModelProto model) {
    long n = 0;
    for (TensorProto t : model.getGraph().getInitializerList()) {
      n += t.getRawData().size();
    }
    return n;
  }

  /**
   * Saves {@code model} to {@code file} atomically. When its initializers hold more than {@code
   * externalDataThreshold} bytes, every initializer of at least {@value #EXTERNAL_MIN_BYTES} bytes
   * goes to {@code <file name>.data} beside it (offsets aligned to {@value #EXTERNAL_ALIGNMENT}),
   * referenced by ONNX external-data entries; ONNX Runtime then has to open the model from its
   * path.
   *
   * @return the files written: the model, then the external data file if any
   * @throws ExportException naming the file when writing fails
   */
  public static List<Path> save(ModelProto model, Path file, long externalDataThreshold) {
    List<Path> written = new ArrayList<>();
    try {
      ModelProto toWrite = model;
      if (initializerBytes(model) > externalDataThreshold) {
        String dataName = file.getFileName() + ".data";
        Path dataFile = file.resolveSibling(dataName);
        GraphProto.Builder g = model.getGraph().toBuilder();
        List<TensorProto> moved = new ArrayList<>();
        long[] offsets = new long[g.getInitializerCount()];
        long offset = 0;
        for (int i = 0; i < g.getInitializerCount(); i++) {
          TensorProto t = g.getInitializer(i);
          if (t.getRawData().size() < EXTERNAL_MIN_BYTES) {
            offsets[i] = -1;
            continue;
          }
          offset = (offset + EXTERNAL_ALIGNMENT - 1) / EXTERNAL_ALIGNMENT * EXTERNAL_ALIGNMENT;
          offsets[i] = offset;
          moved.add(t);
          offset += t.getRawData().size();
        }
        AtomicFiles.write(dataFile, out -> writeData(out, moved));
        written.add(dataFile);
        for (int i = 0; i < g.getInitializerCount(); i++) {
          if (offsets[i] < 0) {
            continue;
          }
          TensorProto t = g.getInitializer(i);
          g.setInitializer(
              i,
              t.toBuilder()
                  .clearRawData()
                  .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                  .addExternalData(entry("location", dataName))
                  .addExternalData(entry("offset", Long.toString(offsets[i])))
                  .addExternalData(entry("length", Long.toString(t.getRawData().size()))));
        }
        toWrite = model.toBuilder().setGraph(g).build();
      }
      ModelProto finalModel = toWrite;
      AtomicFiles.write(file, finalModel::writeTo);
      written.add(0, file);
      return written;
    } catch (IOException e) {
      throw new ExportException("Cannot write ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeData(OutputStream out, List<TensorProto> tensors) throws IOException {
    long offset = 0;
    byte[] zeros = new byte[EXTERNAL_ALIGNMENT];
    for (TensorProto t : tensors) {
      long aligned = (offset + EXTERNAL_ALIGNMENT - 1) / EXTERNAL_ALIGNMENT * EXTERNAL_ALIGNMENT;
      out.write(zeros, 0, (int) (aligned - offset));
      t.getRawData().writeTo(out);
      offset = aligned + t.getRawData().size();
    }
  }

  private static StringStringEntryProto entry(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }

  private static String producerVersion() {
    String v = OnnxModels.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}

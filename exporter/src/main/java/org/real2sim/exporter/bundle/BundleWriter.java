package org.real2sim.exporter.bundle;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.onnx.OnnxModels;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.io.AtomicFiles;
import org.real2sim.runtime.io.FileTrees;
import org.real2sim.runtime.io.Sha256;

/**
 * Writes a bundle directory: the model (with the manifest's task, classes and provenance stamped
 * into its {@code metadata_props}), external data when the model is large, and {@code bundle.json}
 * with the SHA-256 of every model file.
 *
 * <p>Everything is written into a hidden temporary sibling directory first. Publishing renames it
 * to the target; an existing bundle (or empty directory) at the target is first renamed aside and
 * deleted after the new one is in place, so the target is at every moment either the old complete
 * bundle, the new complete bundle, or briefly absent. A non-empty directory that is not a bundle is
 * never replaced.
 */
public final class BundleWriter {

  private BundleWriter() {}

  /**
   * Writes {@code model} and {@code manifest} as a bundle at {@code bundleDir}.
   *
   * @param externalDataThreshold initializer bytes above which weights go to external data
   * @return the manifest as written (checksums filled in)
   * @throws ExportException when the model's opset or IR version contradict the manifest, the
   *     target is a non-bundle directory, or writing fails (the message names the path)
   */
  public static BundleManifest write(
      Path bundleDir, ModelProto model, BundleManifest manifest, long externalDataThreshold) {
    int opset = -1;
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        opset = (int) o.getVersion();
      }
    }
    if (opset != manifest.opset() || model.getIrVersion() != manifest.irVersion()) {
      throw new ExportException(
          "The model declares opset "
              + opset
              + " and IR "
              + model.getIrVersion()
              + " but the manifest says opset "
              + manifest.opset()
              + " and IR "
              + manifest.irVersion());
    }
    Path target = bundleDir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Path tmp =
        parent.resolve(
            "." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(parent);
      if (Files.exists(target) && !isReplaceable(target)) {
        throw new ExportException(
            "Will not replace "
                + target
                + ": it is a non-empty directory without "
                + BundleManifest.FILE_NAME);
      }
      Files.createDirectory(tmp);
      ModelProto stamped = OnnxModels.withMetadata(model, manifest.metadataProps());
      List<Path> files =
          OnnxModels.save(stamped, tmp.resolve(manifest.model()), externalDataThreshold);
      Map<String, String> external = new LinkedHashMap<>();
      for (Path f : files.subList(1, files.size())) {
        external.put(f.getFileName().toString(), Sha256.of(f));
      }
      BundleManifest written =
          manifest.withModelSha256(Sha256.of(files.get(0))).withExternalData(external);
      written.write(tmp);
      publish(tmp, target);
      return written;
    } catch (IOException e) {
      FileTrees.deleteQuietly(tmp);
      throw new ExportException("Cannot write bundle " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      FileTrees.deleteQuietly(tmp);
      throw e;
    }
  }

  private static boolean isReplaceable(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    if (Files.exists(dir.resolve(BundleManifest.FILE_NAME))) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void publish(Path tmp, Path target) throws IOException {
    if (!Files.exists(target)) {
      AtomicFiles.move(tmp, target);
      return;
    }
    Path old =
        target.resolveSibling(
            "." + target.getFileName() + ".old-" + UUID.randomUUID().toString().substring(0, 8));
    AtomicFiles.move(target, old);
    try {
      AtomicFiles.move(tmp, target);
    } catch (IOException e) {
      AtomicFiles.move(old, target);
      throw e;
    }
    FileTrees.deleteQuietly(old);
  }
}

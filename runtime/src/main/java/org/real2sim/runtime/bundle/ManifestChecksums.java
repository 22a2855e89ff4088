package org.real2sim.runtime.bundle;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.real2sim.runtime.io.Sha256;

/**
 * Verifies bundle files against the SHA-256 checksums of their manifest, streaming each file once,
 * and words a mismatch so that it names the file, both checksums and the manifest field.
 */
final class ManifestChecksums {

  private ManifestChecksums() {}

  /** Checks the model file and every external-data file of {@code bundleDir} against {@code m}. */
  static void verifyFiles(BundleManifest m, Path bundleDir) {
    verifyFile(bundleDir, m.model(), m.modelSha256(), "modelSha256");
    for (java.util.Map.Entry<String, String> e : m.externalData().entrySet()) {
      verifyFile(bundleDir, e.getKey(), e.getValue(), "externalData." + e.getKey());
    }
  }

  /** Checks that {@code bytes}, read from {@code modelFile}, have {@code m}'s model checksum. */
  static void verifyModelBytes(BundleManifest m, Path modelFile, byte[] bytes) {
    String actual = Sha256.of(bytes);
    if (!actual.equals(m.modelSha256())) {
      throw mismatch(modelFile, actual, m.modelSha256(), "modelSha256");
    }
  }

  static void verifyFile(Path bundleDir, String name, String expected, String field) {
    BundleSource source = BundleSource.directory(bundleDir);
    Path file = source.pathOf(name);
    java.security.MessageDigest md = Sha256.digest();
    try (java.io.InputStream in = source.open(name)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (BundleException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        throw new BundleException(
            file,
            "Bundle "
                + bundleDir
                + " is missing "
                + name
                + " (listed in "
                + BundleManifest.FILE_NAME
                + " "
                + field
                + ")",
            e);
      }
      throw e;
    } catch (IOException e) {
      throw new BundleException(file, "Cannot read " + file + ": " + e, e);
    }
    String actual = java.util.HexFormat.of().formatHex(md.digest());
    if (!actual.equals(expected)) {
      throw mismatch(file, actual, expected, field);
    }
  }

  static BundleException mismatch(Path file, String actual, String expected, String field) {
    return new BundleException(
        file,
        "Checksum mismatch for "
            + file
            + ": SHA-256 is "
            + actual
            + " but "
            + BundleManifest.FILE_NAME
            + " "
            + field
            + " says "
            + expected
            + ": the file was modified or corrupted after export");
  }
}

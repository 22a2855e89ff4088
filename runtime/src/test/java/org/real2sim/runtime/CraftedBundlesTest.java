package org.real2sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.Sha256;

/**
 * The crafted bundles of issue 10, each refused with the file named, and each proven not to have
 * read anything outside the bundle: the host file a bundle points at is a FIFO (named pipe), which
 * blocks whoever opens it for reading, so a refusal that returns at once read nothing of it (a read
 * would hang until the timeout fails the test).
 */
class CraftedBundlesTest {

  @TempDir Path tmp;

  private static final Duration NO_BLOCKING = Duration.ofSeconds(20);

  private static ModelProto segModel() {
    TinyBundles.Spec spec = TinyBundles.segmentation();
    return TinyBundles.model(spec, TinyBundles.manifest(spec, TinyBundles.CLASSES).metadataProps());
  }

  private static RgbImage image() {
    byte[] px = new byte[3 * 8 * 8];
    new SplittableRandom(5).nextBytes(px);
    return new RgbImage(8, 8, px);
  }

  /** A FIFO at {@code path} (a plain file where mkfifo is missing: the refusals still hold). */
  private static Path fifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    if (p.waitFor() != 0) {
      Files.writeString(path, "host secret");
    }
    return path;
  }

  /** Opens {@code dir}, expecting a refusal that comes back without blocking on a FIFO. */
  private static BundleException refused(Path dir, Path fifo) {
    try {
      return assertTimeoutPreemptively(
          NO_BLOCKING,
          () -> assertThrows(BundleException.class, () -> Pipeline.open(dir, Options.defaults())));
    } catch (Throwable t) {
      // Unblock a reader stuck on the FIFO so that the JVM can finish.
      if (fifo != null) {
        Thread w =
            new Thread(
                () -> {
                  try (OutputStream o = Files.newOutputStream(fifo)) {
                    o.write(0);
                  } catch (IOException e) {
                    // nothing left to unblock
                  }
                });
        w.setDaemon(true);
        w.start();
      }
      throw t;
    }
  }

  @Test
  void listedExternalDataInsideTheBundleWorksAndMatchesTheInlineModel() throws Exception {
    ModelProto inline = segModel();
    byte[] w = TinyBundles.initializerBytes(inline, "w");
    byte[] file = new byte[64 + w.length];
    System.arraycopy(w, 0, file, 64, w.length);
    ModelProto external = TinyBundles.withExternal(inline, "w", "weights.bin", 64, w.length);
    Path dir = tmp.resolve("ext");
    TinyBundles.writeWithFiles(
        dir,
        TinyBundles.segmentation(),
        external,
        Map.of("weights.bin", file),
        List.of("weights.bin"));
    Path ref = tmp.resolve("inline");
    TinyBundles.write(ref, TinyBundles.segmentation());
    try (Pipeline a = Pipeline.open(dir, Options.defaults());
        Pipeline b = Pipeline.open(ref, Options.defaults())) {
      assertArrayEquals(b.segment(image()).mask(), a.segment(image()).mask());
    }
    // The data ONNX Runtime got is the verified copy: changing the file afterwards is refused.
    file[70] ^= 1;
    Files.write(dir.resolve("weights.bin"), file);
    BundleException e = refused(dir, null);
    assertTrue(
        e.getMessage().contains("Checksum mismatch") && e.getMessage().contains("weights.bin"),
        e.getMessage());
  }

  @Test
  void externalDataEscapingWithDotDotIsRefusedAndTheHostFileIsNotRead() throws Exception {
    Path host = fifo(tmp.resolve("README.md"));
    ModelProto m = TinyBundles.withExternal(segModel(), "w", "../README.md", 0, 36);
    Path dir = tmp.resolve("dotdot");
    TinyBundles.writeWithFiles(dir, TinyBundles.segmentation(), m, Map.of(), List.of());
    BundleException e = refused(dir, host);
    assertTrue(
        e.getMessage().contains("'../README.md'")
            && e.getMessage().contains("initializer 'w'")
            && e.getMessage().contains("plain file name"),
        e.getMessage());
  }

  @Test
  void externalDataWithAnAbsolutePathIsRefusedAndTheHostFileIsNotRead() throws Exception {
    Path host = fifo(tmp.resolve("secret"));
    ModelProto m =
        TinyBundles.withExternal(segModel(), "w", host.toAbsolutePath().toString(), 0, 36);
    Path dir = tmp.resolve("absolute");
    TinyBundles.writeWithFiles(dir, TinyBundles.segmentation(), m, Map.of(), List.of());
    BundleException e = refused(dir, host);
    assertTrue(
        e.getMessage().contains(host.toAbsolutePath().toString())
            && e.getMessage().contains("plain file name"),
        e.getMessage());
  }

  @Test
  void externalDataNamingAFileOfTheWorkingDirectoryIsRefused() throws Exception {
    // The exploit of issue 10: a model loaded from bytes resolved 'README.md' against the working
    // directory. The test's working directory holds pom.xml; the bundle does not list it.
    assertTrue(Files.exists(Path.of("pom.xml")), "the working directory is the module");
    ModelProto m = TinyBundles.withExternal(segModel(), "w", "pom.xml", 0, 36);
    Path dir = tmp.resolve("cwd");
    TinyBundles.writeWithFiles(dir, TinyBundles.segmentation(), m, Map.of(), List.of());
    BundleException e = refused(dir, null);
    assertTrue(
        e.getMessage().contains("'pom.xml'") && e.getMessage().contains("does not list"),
        e.getMessage());
  }

  @Test
  void aSecondUnlistedExternalDataFileInsideTheBundleIsRefused() throws Exception {
    ModelProto base = segModel();
    byte[] w = TinyBundles.initializerBytes(base, "w");
    byte[] b = TinyBundles.initializerBytes(base, "b");
    ModelProto m = TinyBundles.withExternal(base, "w", "weights.bin", 0, w.length);
    m = TinyBundles.withExternal(m, "b", "extra.bin", 0, b.length);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("weights.bin", w);
    files.put("extra.bin", b);
    Path dir = tmp.resolve("unlisted");
    TinyBundles.writeWithFiles(dir, TinyBundles.segmentation(), m, files, List.of("weights.bin"));
    BundleException e = refused(dir, null);
    assertTrue(
        e.getMessage().contains("'extra.bin'")
            && e.getMessage().contains("does not list")
            && e.getMessage().contains("[weights.bin]"),
        e.getMessage());
  }

  @Test
  void aModelSymlinkedOutOfTheBundleIsRefusedBeforeItIsRead() throws Exception {
    Path outside = fifo(tmp.resolve("outside.onnx"));
    Path dir = tmp.resolve("symlinked");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Files.delete(dir.resolve("model.onnx"));
    Files.createSymbolicLink(dir.resolve("model.onnx"), outside);
    BundleException e = refused(dir, outside);
    assertTrue(
        e.getMessage().contains("model.onnx is a symbolic link to")
            && e.getMessage().contains("outside the bundle directory"),
        e.getMessage());

    // The same with a valid model of the right checksum outside: still refused.
    Path real = tmp.resolve("real.onnx");
    TinyBundles.write(tmp.resolve("donor"), TinyBundles.segmentation());
    Files.copy(tmp.resolve("donor").resolve("model.onnx"), real);
    Files.delete(dir.resolve("model.onnx"));
    Files.createSymbolicLink(dir.resolve("model.onnx"), real);
    e = refused(dir, null);
    assertTrue(e.getMessage().contains("outside the bundle directory"), e.getMessage());
  }

  @Test
  void aSymlinkInsideTheBundleToAFileOfTheBundleIsAccepted() throws Exception {
    Path dir = tmp.resolve("inner");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Files.move(dir.resolve("model.onnx"), dir.resolve("model-v1.onnx"));
    Files.createSymbolicLink(dir.resolve("model.onnx"), Path.of("model-v1.onnx"));
    try (Pipeline p = Pipeline.open(dir, Options.defaults())) {
      assertEquals(64, p.segment(image()).mask().length);
    }
  }

  @Test
  void externalDataSymlinkedOutOfTheBundleIsRefused() throws Exception {
    Path host = fifo(tmp.resolve("host.bin"));
    ModelProto m = TinyBundles.withExternal(segModel(), "w", "weights.bin", 0, 36);
    Path dir = tmp.resolve("extlink");
    TinyBundles.writeWithFiles(
        dir,
        TinyBundles.segmentation(),
        m,
        Map.of("weights.bin", new byte[36]),
        List.of("weights.bin"));
    Files.delete(dir.resolve("weights.bin"));
    Files.createSymbolicLink(dir.resolve("weights.bin"), host);
    BundleException e = refused(dir, host);
    assertTrue(e.getMessage().contains("weights.bin is a symbolic link"), e.getMessage());
  }

  @Test
  void aManifestSymlinkedOutOfTheBundleIsRefused() throws Exception {
    Path host = fifo(tmp.resolve("bundle.json"));
    Path dir = tmp.resolve("jsonlink");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Files.delete(dir.resolve("bundle.json"));
    Files.createSymbolicLink(dir.resolve("bundle.json"), host);
    BundleException e = refused(dir, host);
    assertTrue(e.getMessage().contains("bundle.json is a symbolic link"), e.getMessage());
  }

  @Test
  void aFifoInsideTheBundleIsNotOpened() throws Exception {
    Path dir = tmp.resolve("fifo");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Files.delete(dir.resolve("model.onnx"));
    Path f = fifo(dir.resolve("model.onnx"));
    BundleException e = refused(dir, f);
    assertTrue(
        e.getMessage().contains("not a regular file")
            || e.getMessage().contains("Checksum mismatch"),
        e.getMessage());
  }

  @Test
  void externalDataInANodeAttributeIsRefused() throws Exception {
    Path host = fifo(tmp.resolve("const.bin"));
    ModelProto m = TinyBundles.withExternalConstant(segModel(), "../const.bin");
    Path dir = tmp.resolve("attr");
    TinyBundles.writeWithFiles(dir, TinyBundles.segmentation(), m, Map.of(), List.of());
    BundleException e = refused(dir, host);
    assertTrue(
        e.getMessage().contains("node 'const_node' attribute 'value'")
            && e.getMessage().contains("only for initializers of the main graph"),
        e.getMessage());
  }

  @Test
  void onnxRuntimesInMemoryAddressMarkerIsRefused() throws Exception {
    ModelProto m = TinyBundles.withExternal(segModel(), "w", "*/_ORT_MEM_ADDR_/*", 4096, 36);
    Path dir = tmp.resolve("memaddr");
    TinyBundles.writeWithFiles(dir, TinyBundles.segmentation(), m, Map.of(), List.of());
    BundleException e = refused(dir, null);
    assertTrue(e.getMessage().contains("_ORT_MEM_ADDR_"), e.getMessage());
  }

  @Test
  void rangesOutsideTheFileAndLengthsContradictingTheShapeAreRefused() throws Exception {
    byte[] w = TinyBundles.initializerBytes(segModel(), "w");
    Path dir = tmp.resolve("range");
    TinyBundles.writeWithFiles(
        dir,
        TinyBundles.segmentation(),
        TinyBundles.withExternal(segModel(), "w", "weights.bin", 8, w.length),
        Map.of("weights.bin", w),
        List.of("weights.bin"));
    BundleException e = refused(dir, null);
    assertTrue(e.getMessage().contains("reads bytes [8, 8 + 36)"), e.getMessage());

    Path dir2 = tmp.resolve("length");
    TinyBundles.writeWithFiles(
        dir2,
        TinyBundles.segmentation(),
        TinyBundles.withExternal(segModel(), "w", "weights.bin", 0, 12),
        Map.of("weights.bin", w),
        List.of("weights.bin"));
    e = refused(dir2, null);
    assertTrue(
        e.getMessage().contains("length 12") && e.getMessage().contains("needs 36"),
        e.getMessage());
  }

  @Test
  void aListedFileTheModelDoesNotReadIsRefused() throws Exception {
    Path dir = tmp.resolve("unused");
    TinyBundles.writeWithFiles(
        dir,
        TinyBundles.segmentation(),
        segModel(),
        Map.of("stale.bin", new byte[4]),
        List.of("stale.bin"));
    BundleException e = refused(dir, null);
    assertTrue(
        e.getMessage().contains("[stale.bin]") && e.getMessage().contains("does not read"),
        e.getMessage());
  }

  @Test
  void manifestNamesMustBePlainFileNames() throws Exception {
    Path dir = tmp.resolve("names");
    TinyBundles.write(dir, TinyBundles.segmentation());
    String json =
        Files.readString(dir.resolve("bundle.json"))
            .replace("\"model\" : \"model.onnx\"", "\"model\" : \"../model.onnx\"");
    Files.writeString(dir.resolve("bundle.json"), json);
    BundleException e = refused(dir, null);
    assertTrue(
        e.getMessage().contains("'../model.onnx'") && e.getMessage().contains("plain file name"),
        e.getMessage());
    String listed =
        json.replace("\"model\" : \"../model.onnx\"", "\"model\" : \"model.onnx\"")
            .replace(
                "\"externalData\" : { }",
                "\"externalData\" : {\"/etc/passwd\" : \"" + Sha256.of(new byte[0]) + "\"}");
    Files.writeString(dir.resolve("bundle.json"), listed);
    e = refused(dir, null);
    assertTrue(e.getMessage().contains("'/etc/passwd'"), e.getMessage());
    // A key given twice (the second hiding the first from a lenient reader) is refused.
    String twice =
        json.replace("\"model\" : \"../model.onnx\"", "\"model\" : \"model.onnx\"")
            .replace("\"externalData\" : { }", "\"externalData\" : { },\n  \"externalData\" : { }");
    Files.writeString(dir.resolve("bundle.json"), twice);
    e = refused(dir, null);
    assertTrue(e.getMessage().contains("Duplicate field 'externalData'"), e.getMessage());
  }
}

package org.real2sim.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.image.RgbImage;

/**
 * The embedding API: bundles from a folder, a byte array or a stream (zip), images as byte arrays
 * and direct or heap buffers, several pipelines on one shared thread pool, and the limits on zips
 * (zip-slip names, zip bombs, entry counts) and on image sizes.
 */
class EmbeddingTest {

  @TempDir Path tmp;

  private static RgbImage image(int seed, int h, int w) {
    byte[] px = new byte[3 * h * w];
    new SplittableRandom(seed).nextBytes(px);
    return new RgbImage(h, w, px);
  }

  /** A zip of the files of {@code dir}, under {@code prefix} ("" or "name/"). */
  static byte[] zip(Path dir, String prefix) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b);
        var files = Files.list(dir)) {
      if (!prefix.isEmpty()) {
        z.putNextEntry(new ZipEntry(prefix));
        z.closeEntry();
      }
      for (Path f : files.sorted().toList()) {
        z.putNextEntry(new ZipEntry(prefix + f.getFileName()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
    return b.toByteArray();
  }

  static byte[] zipOf(String[] names, byte[][] contents) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      for (int i = 0; i < names.length; i++) {
        z.putNextEntry(new ZipEntry(names[i]));
        z.write(contents[i]);
        z.closeEntry();
      }
    }
    return b.toByteArray();
  }

  @Test
  void zipFromBytesAndStreamGivesWhatTheFolderGives() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    RgbImage im = image(1, 8, 12);
    byte[] expected;
    try (Pipeline p = Pipeline.open(dir, Options.defaults())) {
      expected = p.segment(im).mask();
    }
    for (String prefix : List.of("", "bundle/")) {
      byte[] z = zip(dir, prefix);
      try (Pipeline p = Pipeline.open(z, Options.defaults())) {
        assertArrayEquals(expected, p.segment(im).mask());
        assertNull(p.bundleDirectory());
        assertTrue(p.source().contains("zip"), p.source());
      }
      try (Pipeline p = Pipeline.open(new java.io.ByteArrayInputStream(z), Options.defaults())) {
        assertArrayEquals(expected, p.segment(im).mask());
      }
    }
  }

  @Test
  void zipSlipNamesAreRefusedByName() throws Exception {
    byte[] x = {1};
    for (String bad :
        List.of("../bundle.json", "/bundle.json", "a/b/bundle.json", "a\\bundle.json", "./x")) {
      byte[] z = zipOf(new String[] {bad}, new byte[][] {x});
      BundleException e =
          assertThrows(BundleException.class, () -> Pipeline.open(z, Options.defaults()));
      assertTrue(
          e.getMessage().contains("unsafe entry '" + bad + "'")
              || e.getMessage().contains("malformed"),
          bad + ": " + e.getMessage());
    }
    byte[] twice = zipOf(new String[] {"a/x", "b/y"}, new byte[][] {x, x});
    BundleException e =
        assertThrows(BundleException.class, () -> Pipeline.open(twice, Options.defaults()));
    assertTrue(e.getMessage().contains("more than one folder"), e.getMessage());
  }

  @Test
  void zipBombsStopAtTheLimitAndTooManyEntriesAreRefused() throws Exception {
    // 64 MiB of zeros deflate to ~64 KiB; the limit is 1 MiB, so reading stops after 1 MiB.
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      z.putNextEntry(new ZipEntry("model.onnx"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        z.write(zeros);
      }
      z.closeEntry();
    }
    byte[] bomb = b.toByteArray();
    assertTrue(bomb.length < (1 << 20), "the bomb is small: " + bomb.length);
    BundleException e =
        assertThrows(
            BundleException.class,
            () -> Pipeline.open(bomb, Options.defaults().maxBundleBytes(1 << 20)));
    assertTrue(
        e.getMessage().contains("inflates to more than 1048576 bytes")
            && e.getMessage().contains("zip bomb"),
        e.getMessage());

    String[] names = new String[70];
    byte[][] contents = new byte[70][];
    for (int i = 0; i < names.length; i++) {
      names[i] = "f" + i;
      contents[i] = new byte[0];
    }
    byte[] many = zipOf(names, contents);
    e = assertThrows(BundleException.class, () -> Pipeline.open(many, Options.defaults()));
    assertTrue(e.getMessage().contains("more than 64 entries"), e.getMessage());

    byte[] garbage = "PK\u0003\u0004 not really a zip".getBytes();
    e = assertThrows(BundleException.class, () -> Pipeline.open(garbage, Options.defaults()));
    assertTrue(e.getMessage().contains("zip"), e.getMessage());
  }

  @Test
  void directAndHeapBuffersGiveTheByteArrayResult() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    Path cls = tmp.resolve("cls");
    TinyBundles.write(cls, TinyBundles.classification());
    RgbImage im = image(3, 12, 8);
    ByteBuffer direct = ByteBuffer.allocateDirect(im.pixels().length + 5);
    direct.position(5);
    direct.put(im.pixels());
    direct.position(5);
    ByteBuffer heap = ByteBuffer.wrap(im.pixels());
    try (Pipeline p = Pipeline.open(dir, Options.defaults());
        Pipeline c = Pipeline.open(cls, Options.defaults())) {
      byte[] expected = p.segment(im).mask();
      assertArrayEquals(expected, p.segment(direct, 12, 8).mask());
      assertEquals(5, direct.position(), "the caller's buffer position is left alone");
      assertArrayEquals(expected, p.segment(heap, 12, 8).mask());
      assertEquals(c.classify(im).classId(), c.classify(direct, 12, 8).classId());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> p.segment(direct, 12, 9));
      assertTrue(e.getMessage().contains("needs 324 bytes"), e.getMessage());
    }
  }

  @Test
  void pipelinesShareOneThreadPool() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    try (Pipeline a = Pipeline.open(dir, Options.defaults());
        Pipeline b = Pipeline.open(dir, Options.defaults());
        Pipeline own = Pipeline.open(dir, Options.defaults().sharedThreadPool(false))) {
      assertTrue(RuntimeEnvironment.sharedThreadPool(), "the runtime created the environment");
      assertTrue(a.sharedThreadPool() && b.sharedThreadPool());
      assertTrue(!own.sharedThreadPool());
      RgbImage im = image(4, 8, 8);
      assertArrayEquals(a.segment(im).mask(), own.segment(im).mask());
      assertArrayEquals(a.segment(im).mask(), b.segment(im).mask());
    }
  }

  @Test
  void imagesOverThePixelLimitAreRefusedBeforeAnythingIsAllocated() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    try (Pipeline p = Pipeline.open(dir, Options.defaults().maxPixels(63))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> p.segment(image(1, 8, 8)));
      assertTrue(
          e.getMessage().contains("8x8") && e.getMessage().contains("limit of 63"), e.getMessage());
      // A buffer claiming a huge size fails on the size check, not on an allocation.
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> p.segment(ByteBuffer.allocateDirect(3), 50_000, 50_000));
      assertTrue(e.getMessage().contains("7500000000 bytes"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().maxPixels(0));
  }
}

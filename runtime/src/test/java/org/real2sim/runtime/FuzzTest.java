package org.real2sim.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.bundle.OnnxModelReader;
import org.real2sim.runtime.image.CraftedImages;
import org.real2sim.runtime.image.ImageException;
import org.real2sim.runtime.image.ImageFiles;
import org.real2sim.runtime.image.ImageHeader;
import org.real2sim.runtime.image.RgbImage;

/**
 * A seeded mutation fuzzer over everything the runtime parses from untrusted bytes: the ONNX
 * protobuf reader, {@code bundle.json}, the zip reader, the image header reader and the image
 * decoders. Each target starts from valid seeds and applies random byte flips, insertions,
 * deletions, truncations, duplications and interesting values (0, 0xFF, 0x7F, 0x80, large varints);
 * the only outcome allowed besides success is the target's own named exception with a message.
 * Anything else (NullPointerException, an index out of bounds, NegativeArraySizeException,
 * OutOfMemoryError, StackOverflowError) fails the test with the seed and iteration, so that it can
 * be replayed and turned into a regression test.
 *
 * <p>Time-bounded for CI: {@code -Dreal2sim.fuzz.seconds=N} per target (default 2), the seed with
 * {@code -Dreal2sim.fuzz.seed}. Jazzer (com.code-intelligence:jazzer-junit 0.24.0) resolves here,
 * but its coverage-guided mode needs an environment variable and one fuzz target per JVM; this loop
 * runs in the normal test JVM, deterministically per seed.
 */
class FuzzTest {

  @TempDir Path tmp;

  private static final long SECONDS = Long.getLong("real2sim.fuzz.seconds", 2);
  private static final long SEED = Long.getLong("real2sim.fuzz.seed", 20261202L);

  /** What a target may throw: its own named errors, with a non-empty message. */
  private static boolean named(Throwable t, Class<?>... allowed) {
    for (Class<?> c : allowed) {
      if (c.isInstance(t) && t.getMessage() != null && !t.getMessage().isBlank()) {
        return true;
      }
    }
    return false;
  }

  static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    int ops = 1 + r.nextInt(4);
    for (int o = 0; o < ops; o++) {
      if (b.length == 0) {
        b = new byte[] {(byte) r.nextInt(256)};
      }
      int p = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[p] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[p] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, 0x01}[r.nextInt(5)];
        case 2 -> b = java.util.Arrays.copyOf(b, p);
        case 3 -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, p);
          c[p] = (byte) r.nextInt(256);
          System.arraycopy(b, p, c, p + 1, b.length - p);
          b = c;
        }
        case 4 -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, p);
          System.arraycopy(b, p + 1, c, p, b.length - p - 1);
          b = c;
        }
        case 5 -> {
          int len = Math.min(b.length - p, 1 + r.nextInt(16));
          byte[] c = new byte[b.length + len];
          System.arraycopy(b, 0, c, 0, p + len);
          System.arraycopy(b, p, c, p + len, b.length - p);
          b = c;
        }
        default -> {
          byte[] big = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
          for (int k = 0; k < big.length && p + k < b.length; k++) {
            b[p + k] = big[k];
          }
        }
      }
    }
    return b;
  }

  private static void fuzz(String name, List<byte[]> seeds, Consumer<byte[]> target) {
    SplittableRandom r = new SplittableRandom(SEED ^ name.hashCode());
    long end = System.nanoTime() + SECONDS * 1_000_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      byte[] input = seeds.get(r.nextInt(seeds.size()));
      int depth = 1 + r.nextInt(3);
      for (int d = 0; d < depth; d++) {
        input = mutate(input, r);
      }
      try {
        target.accept(input);
      } catch (Throwable t) {
        fail(
            name
                + ": iteration "
                + n
                + " (seed "
                + SEED
                + ") crashed with "
                + t
                + " on input "
                + java.util.HexFormat.of().formatHex(input, 0, Math.min(input.length, 512)),
            t);
      }
      n++;
    }
    System.out.printf("fuzz %s: %d inputs in %d s, no crash%n", name, n, SECONDS);
  }

  private static List<byte[]> modelSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    TinyBundles.Spec seg = TinyBundles.segmentation();
    var base =
        TinyBundles.model(seg, TinyBundles.manifest(seg, TinyBundles.CLASSES).metadataProps());
    seeds.add(base.toByteArray());
    seeds.add(TinyBundles.withExternal(base, "w", "weights.bin", 0, 36).toByteArray());
    seeds.add(TinyBundles.withExternalConstant(base, "c.bin").toByteArray());
    TinyBundles.Spec cls = TinyBundles.classification();
    seeds.add(
        TinyBundles.model(cls, TinyBundles.manifest(cls, TinyBundles.CLASSES).metadataProps())
            .toByteArray());
    return seeds;
  }

  @Test
  void onnxProtobufReader() {
    fuzz(
        "OnnxModelReader",
        modelSeeds(),
        b -> {
          try {
            OnnxModelReader.read(b);
          } catch (IllegalArgumentException e) {
            if (!named(e, IllegalArgumentException.class)) {
              throw e;
            }
          }
        });
  }

  @Test
  void manifestReader() {
    TinyBundles.Spec seg = TinyBundles.segmentation();
    byte[] json =
        TinyBundles.manifest(seg, TinyBundles.CLASSES)
            .toJson()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    fuzz(
        "bundle.json",
        List.of(json),
        b -> {
          try {
            BundleManifest.fromJson(
                new String(b, java.nio.charset.StandardCharsets.UTF_8), Path.of("bundle.json"));
          } catch (BundleException e) {
            if (!named(e, BundleException.class)) {
              throw e;
            }
          }
        });
  }

  @Test
  void zipReaderAndSealedOpening() throws Exception {
    Path dir = tmp.resolve("seg");
    TinyBundles.write(dir, TinyBundles.segmentation());
    byte[] zip = EmbeddingTest.zip(dir, "");
    byte[] prefixed = EmbeddingTest.zip(dir, "bundle/");
    fuzz(
        "bundle zip",
        List.of(zip, prefixed),
        b -> {
          try {
            BundleSource s = BundleSource.zip(new ByteArrayInputStream(b), "fuzz.zip", 1 << 20);
            BundleManifest m = BundleManifest.read(s);
            org.real2sim.runtime.bundle.SealedModel.read(s, m);
          } catch (BundleException e) {
            if (!named(e, BundleException.class)) {
              throw e;
            }
          }
        });
  }

  @Test
  void imageHeaderReaderAndDecoders() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    byte[] px = new byte[3 * 6 * 5];
    new SplittableRandom(2).nextBytes(px);
    for (String format : List.of("png", "jpg", "bmp", "gif")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new RgbImage(6, 5, px).toBufferedImage(), format, out);
      seeds.add(out.toByteArray());
    }
    seeds.add(CraftedImages.pngHeaderOnly(3, 3));
    seeds.add(CraftedImages.jpegHeader(8, 8, 3));
    Path f = tmp.resolve("fuzz.img");
    fuzz(
        "image headers and decoders",
        seeds,
        b -> {
          try {
            ImageHeader.read(new ByteArrayInputStream(b));
          } catch (IllegalArgumentException e) {
            if (!named(e, IllegalArgumentException.class)) {
              throw e;
            }
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
          try {
            Files.write(f, b);
            ImageFiles.read(f, 1 << 16);
          } catch (ImageException e) {
            if (!named(e, ImageException.class)) {
              throw e;
            }
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}

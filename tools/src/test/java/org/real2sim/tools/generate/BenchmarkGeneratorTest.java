package org.real2sim.tools.generate;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.data.image.ImageDecoder;
import org.real2sim.trainer.data.image.LabelImage;
import org.real2sim.trainer.data.image.RgbImage;
import org.real2sim.trainer.util.ProgressBar;

class BenchmarkGeneratorTest {

  @TempDir Path dir;

  private static ProgressBar quiet() {
    return new ProgressBar(
        "gen", 0, new PrintStream(new ByteArrayOutputStream()), false, System::nanoTime);
  }

  private Path generate(String name, GeneratorConfig cfg) throws IOException {
    BenchmarkGenerator.generate(cfg, false, quiet());
    return cfg.out();
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static void assertSameFiles(Map<String, byte[]> a, Map<String, byte[]> b) {
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), k);
    }
  }

  @Test
  void shapesAreByteIdenticalForASeedWhateverTheThreads() throws Exception {
    Path one = generate("a", new GeneratorConfig("shapes", dir.resolve("a"), 7, 32, 32, 20, 10, 1));
    Path two = generate("b", new GeneratorConfig("shapes", dir.resolve("b"), 7, 32, 32, 20, 10, 2));
    Path other =
        generate("c", new GeneratorConfig("shapes", dir.resolve("c"), 8, 32, 32, 20, 10, 2));
    Map<String, byte[]> f1 = files(one);
    assertSameFiles(f1, files(two));
    assertEquals(61, f1.size()); // 2 domains x 30 images + benchmark.json
    Map<String, byte[]> f3 = files(other);
    String first = "synthetic/train/arrow/arrow_00000.png";
    assertFalse(Arrays.equals(f1.get(first), f3.get(first)), "another seed draws other images");
  }

  @Test
  void streetsAreByteIdenticalForASeedWhateverTheThreads() throws Exception {
    Path one = generate("a", new GeneratorConfig("streets", dir.resolve("a"), 3, 64, 32, 4, 2, 1));
    Path two = generate("b", new GeneratorConfig("streets", dir.resolve("b"), 3, 64, 32, 4, 2, 2));
    assertSameFiles(files(one), files(two));
  }

  @Test
  void shapesAreImageFoldersWithBalancedClassesAndTheExpectedLook() throws Exception {
    Path out = generate("s", new GeneratorConfig("shapes", dir.resolve("s"), 1, 32, 32, 40, 20, 2));
    Dataset syn = Datasets.open(DatasetSpec.parse("imagefolder:" + out.resolve("synthetic")));
    Dataset real = Datasets.open(DatasetSpec.parse("imagefolder:" + out.resolve("real")));
    assertEquals(ShapesBenchmark.CLASSES, syn.classNames());
    assertEquals(ShapesBenchmark.CLASSES, real.classNames());
    for (Dataset ds : List.of(syn, real)) {
      assertEquals(40, ds.samples("train").size());
      assertEquals(20, ds.samples("val").size());
      int[] perClass = new int[10];
      ds.samples("train").forEach(s -> perClass[s.classId()]++);
      assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, perClass);
    }
    assertTrue(real.samples("train").get(0).image().toString().endsWith(".jpg"));
    // Sketches: grey ink on near-white paper. Photos: colourful, rarely white.
    ImageDecoder dec = new ImageDecoder();
    double sketchWhite = 0;
    double sketchSat = 0;
    double photoWhite = 0;
    double photoSat = 0;
    for (int i = 0; i < 40; i++) {
      double[] s = stats(dec.readRgb(syn.samples("train").get(i).image()));
      double[] p = stats(dec.readRgb(real.samples("train").get(i).image()));
      sketchWhite += s[0] / 40;
      sketchSat += s[1] / 40;
      photoWhite += p[0] / 40;
      photoSat += p[1] / 40;
    }
    assertTrue(sketchWhite > 0.7, "sketch paper share " + sketchWhite);
    assertTrue(sketchSat < 0.01, "sketch saturation " + sketchSat);
    assertTrue(photoWhite < 0.1, "photo white share " + photoWhite);
    assertTrue(photoSat > 0.1, "photo saturation " + photoSat);
  }

  /** {share of near-white pixels, mean max-min channel spread}. */
  private static double[] stats(RgbImage img) {
    double white = 0;
    double sat = 0;
    int n = img.width() * img.height();
    for (int p = 0; p < n; p++) {
      float r = img.data()[p * 3];
      float g = img.data()[p * 3 + 1];
      float b = img.data()[p * 3 + 2];
      if (Math.min(r, Math.min(g, b)) > 0.9) {
        white++;
      }
      sat += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
    }
    return new double[] {white / n, sat / n};
  }

  @Test
  void streetsArePairedFoldersWithEveryClassAndTheBonnetOnlyInReal() throws Exception {
    Path out =
        generate("t", new GeneratorConfig("streets", dir.resolve("t"), 2, 128, 64, 24, 4, 2));
    Dataset syn = Datasets.open(DatasetSpec.parse("paired:" + out.resolve("synthetic")));
    Dataset real = Datasets.open(DatasetSpec.parse("paired:" + out.resolve("real")));
    assertEquals(13, syn.numClasses());
    assertEquals(
        List.of(
            "road",
            "sidewalk",
            "building",
            "wall",
            "fence",
            "pole",
            "traffic light",
            "traffic sign",
            "vegetation",
            "terrain",
            "sky",
            "person",
            "vehicle"),
        real.classNames());
    ImageDecoder dec = new ImageDecoder();
    for (Dataset ds : List.of(syn, real)) {
      long[] counts = new long[256];
      int bottomIgnored = 0;
      for (Sample s : ds.samples("train")) {
        LabelImage l = dec.readChannel(s.label(), 0);
        int[] ids = l.data().clone();
        ds.labelMapping().apply(ids, s.label()); // every id is in the class map
        for (int v : ids) {
          counts[v]++;
        }
        if (ids[ids.length - l.width() / 2] == 255) {
          bottomIgnored++;
        }
      }
      for (int c = 0; c < 13; c++) {
        assertTrue(counts[c] > 0, ds.root() + ": class " + ds.classNames().get(c) + " never drawn");
      }
      // The ego bonnet covers the bottom centre of every real image and no synthetic one.
      assertEquals(ds == real ? 24 : 0, bottomIgnored, ds.root().toString());
    }
    JsonNode desc = new ObjectMapper().readTree(out.resolve("benchmark.json").toFile());
    assertEquals("segmentation", desc.get("task").asText());
    assertEquals("paired:real", desc.get("domains").get("real").get("dataset").asText());
    assertEquals(24, desc.get("domains").get("synthetic").get("train").asInt());
  }

  @Test
  void refusesANonEmptyFolderUnlessAskedToReplaceItsOwnBenchmark() throws Exception {
    GeneratorConfig cfg = new GeneratorConfig("shapes", dir.resolve("x"), 0, 16, 16, 2, 1, 1);
    BenchmarkGenerator.generate(cfg, false, quiet());
    IOException e =
        assertThrows(IOException.class, () -> BenchmarkGenerator.generate(cfg, false, quiet()));
    assertTrue(e.getMessage().contains("pass --overwrite"), e.getMessage());
    BenchmarkGenerator.generate(cfg, true, quiet());
    Files.writeString(cfg.out().resolve("mine.txt"), "keep");
    e = assertThrows(IOException.class, () -> BenchmarkGenerator.generate(cfg, true, quiet()));
    assertTrue(e.getMessage().contains("holds files the generator did not write"), e.getMessage());
    assertTrue(Files.exists(cfg.out().resolve("mine.txt")));
  }

  @Test
  void configRejectsBadValuesNamingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GeneratorConfig("shape", dir, 0, 32, 32, 1, 1, 1));
    assertEquals("Unknown benchmark 'shape', expected one of [shapes, streets]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GeneratorConfig("shapes", dir, 0, 32, 16, 1, 1, 1));
    assertEquals("shapes images are square, found 32x16", e.getMessage());
  }
}

package org.real2sim.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.TinyBundles;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.AtomicFiles;

class RunCommandTest {

  @TempDir Path tmp;

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        RunCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static RgbImage writeImage(Path file, long seed, int h, int w) throws Exception {
    byte[] px = new byte[3 * h * w];
    new SplittableRandom(seed).nextBytes(px);
    RgbImage img = new RgbImage(h, w, px);
    ImageIO.write(img.toBufferedImage(), "png", file.toFile());
    return img;
  }

  @Test
  void versionPrintsThePomVersionsWithoutABundle() {
    Run r = run("--version");
    assertEquals(0, r.rc(), r.err());
    String v = System.getProperty("real2sim.expected.version");
    String ort = System.getProperty("real2sim.expected.onnxruntime");
    String tf = System.getProperty("real2sim.expected.tensorflow");
    assertTrue(r.out().startsWith("real2sim-run " + v + "\n"), r.out());
    assertTrue(r.out().contains("onnxruntime " + ort + " (built against " + ort + ")"), r.out());
    assertTrue(r.out().contains("TensorFlow Java " + tf + " (training side"), r.out());
    assertFalse(r.out().contains("${"), r.out());
  }

  @Test
  void mistypedOptionGetsASuggestion() {
    Run r = run("--bundel", "x");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown option '--bundel' (did you mean '--bundle'?)"), r.err());
  }

  @Test
  void segmentsADirectoryWritesMasksOverlaysAndCsvAndReportsTheUnreadableFile() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Path in = Files.createDirectories(tmp.resolve("in"));
    RgbImage a = writeImage(in.resolve("a.png"), 1, 8, 12);
    writeImage(in.resolve("b.png"), 2, 4, 4);
    Files.writeString(in.resolve("broken.png"), "not a png");
    Files.writeString(in.resolve("notes.txt"), "ignored");
    Path outDir = tmp.resolve("out");

    Run r =
        run(
            "--bundle",
            bundle.toString(),
            "--input",
            in.toString(),
            "--output",
            outDir.toString(),
            "--batch",
            "2");
    assertEquals(1, r.rc(), r.err());
    assertTrue(r.err().contains("broken.png") && r.err().contains("not a readable image"), r.err());
    assertTrue(r.out().contains("wrote results for 2 of 3 images"), r.out());

    BufferedImage ids = ImageIO.read(outDir.resolve("a_classes.png").toFile());
    BufferedImage colour = ImageIO.read(outDir.resolve("a_mask.png").toFile());
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 12; x++) {
        int rgb = a.rgb(y, x);
        int expected =
            TinyBundles.argmax(TinyBundles.logits(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF));
        assertEquals(expected, ids.getRaster().getSample(x, y, 0), "class at " + y + "," + x);
        int[] palette = {0x804080, 0x00008e, 0x4682b4};
        assertEquals(palette[expected], colour.getRGB(x, y) & 0xFFFFFF);
      }
    }
    assertTrue(Files.exists(outDir.resolve("b_overlay.png")));
    assertFalse(
        Files.exists(outDir.resolve("broken_mask.png")), "nothing written for the broken file");
    List<String> csv = Files.readAllLines(outDir.resolve(RunCommand.CSV_NAME));
    assertEquals("file,height,width,road,car,sky", csv.get(0));
    assertEquals(3, csv.size());
    assertTrue(csv.get(1).startsWith("a.png,8,12,"), csv.get(1));
    double sum = Stream.of(csv.get(1).split(",")).skip(3).mapToDouble(Double::parseDouble).sum();
    assertEquals(1.0, sum, 1e-5);
    try (Stream<Path> files = Files.list(outDir)) {
      assertTrue(files.noneMatch(AtomicFiles::isTemporary), "no temporary files remain");
    }
  }

  @Test
  void classificationCsvHasClassAndConfidence() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.classification());
    Path img = tmp.resolve("x.png");
    writeImage(img, 3, 5, 5);
    Path outDir = tmp.resolve("out");
    Run r =
        run(
            "--bundle",
            bundle.toString(),
            "--input",
            img.toString(),
            "--output",
            outDir.toString(),
            "--scores");
    assertEquals(0, r.rc(), r.err());
    List<String> csv = Files.readAllLines(outDir.resolve(RunCommand.CSV_NAME));
    assertEquals("file,class_id,class,confidence", csv.get(0));
    String[] row = csv.get(1).split(",");
    assertEquals("x.png", row[0]);
    assertEquals(TinyBundles.CLASSES.get(Integer.parseInt(row[1])), row[2]);
    double conf = Double.parseDouble(row[3]);
    assertTrue(conf > 1.0 / 3 && conf <= 1.0, "confidence of the arg max is at least 1/K: " + conf);
  }

  @Test
  void infoPrintsClassesPolicyProvenanceAndMetrics() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Run r = run("--bundle", bundle.toString(), "--info");
    assertEquals(0, r.rc(), r.err());
    for (String s :
        new String[] {
          "task segmentation",
          "#804080  road",
          "multiples of 4",
          "test-1",
          "seed           7",
          "ours",
          "mIoU=0.347",
          "[mask, scores, translated]"
        }) {
      assertTrue(r.out().contains(s), "missing '" + s + "' in\n" + r.out());
    }
  }

  @Test
  void benchmarkPrintsPercentilesAndThroughput() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Run r =
        run(
            "--bundle",
            bundle.toString(),
            "--benchmark",
            "20",
            "--size",
            "16x16",
            "--threads",
            "1");
    assertEquals(0, r.rc(), r.err());
    assertTrue(
        r.out()
            .matches(
                "(?s).*latency p50 [0-9.]+ ms, p90 [0-9.]+ ms, p99 [0-9.]+ ms; [0-9.]+ images/s.*"),
        r.out());
    assertTrue(r.out().contains("20 calls of batch 1 at 16x16 on cpu"), r.out());
  }

  @Test
  void usageErrorsExitWithTwoAndBundleErrorsWithOne() throws Exception {
    Run r = run("--input", "x");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--bundle is required"), r.err());
    r = run("--bundle", "b", "--frobnicate");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("unknown option '--frobnicate'"), r.err());
    r = run("--bundle", "b", "--benchmark", "many");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--benchmark needs an integer, found 'many'"), r.err());
    r = run("--bundle", "b", "--info", "--device", "tpu");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("Unknown device 'tpu'"), r.err());
    r = run("--bundle", tmp.resolve("missing").toString(), "--info");
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("does not exist"), r.err());
    r = run("--help");
    assertEquals(0, r.rc());
    assertTrue(r.out().contains("usage: real2sim-run"));
  }

  @Test
  void imageOutsideThePolicyIsReportedAndNothingIsWrittenForIt() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Path img = tmp.resolve("odd.png");
    writeImage(img, 4, 5, 7);
    Path outDir = tmp.resolve("out");
    Run r =
        run(
            "--bundle",
            bundle.toString(),
            "--input",
            img.toString(),
            "--output",
            outDir.toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("odd.png") && r.err().contains("5x7"), r.err());
    try (Stream<Path> files = Files.list(outDir)) {
      assertEquals(
          java.util.Set.of(
              outDir.resolve(RunCommand.CSV_NAME), outDir.resolve(RunCommand.JSONL_NAME)),
          files.collect(java.util.stream.Collectors.toSet()));
    }
    assertEquals(1, Files.readAllLines(outDir.resolve(RunCommand.CSV_NAME)).size(), "header only");
    try (Stream<Path> files = Files.list(outDir)) {
      files.count();
    }
  }
}

package org.real2sim.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.exporter.pipeline.TinyExport;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.image.ImageFiles;
import org.real2sim.trainer.eval.ConfusionMatrix;

/**
 * The Spark job in {@code local[2]} on generated images and the tiny real bundles, against a
 * reference computed image by image with the runtime and the trainer's {@link ConfusionMatrix}.
 */
class BatchJobTest {

  private static final int K = 3;
  private static final long MAX_PIXELS = 40 * 40;

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path classifier;
  private static Path segmenter;
  private static Path classes;
  private static Map<Path, Integer> truth;
  private static Path streets;

  @BeforeAll
  static void start() throws IOException {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("real2sim-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    classifier = tmp.resolve("cls-bundle");
    TinyExport.write(classifier, TinyExport.classifier(K), 7);
    segmenter = tmp.resolve("seg-bundle");
    TinyExport.write(segmenter, TinyExport.segmenter(K), 11);

    // Classification, imagefolder layout: 8 images per class, of several sizes, plus bad rows.
    classes = tmp.resolve("shapes");
    truth = new LinkedHashMap<>();
    SplittableRandom rng = new SplittableRandom(3);
    for (int c = 0; c < K; c++) {
      for (int i = 0; i < 8; i++) {
        Path f = classes.resolve("c" + c).resolve(String.format("%02d.png", i));
        writeRgb(f, 16 + 4 * (i % 3), 16 + 2 * (i % 2), rng);
        truth.put(f, c);
      }
    }
    Files.write(classes.resolve("c1/broken.png"), "not a png".getBytes(StandardCharsets.UTF_8));
    writeRgb(classes.resolve("c2/huge.png"), 64, 64, rng); // over MAX_PIXELS
    writeRgb(classes.resolve("other/x.png"), 16, 16, rng); // not a class in evaluation

    // Segmentation, paired layout: images/ and labels/ (ids 0..2 and 255 = ignore).
    streets = tmp.resolve("streets/val");
    for (int i = 0; i < 6; i++) {
      int h = 16 + 4 * (i % 2);
      int w = 20;
      writeRgb(streets.resolve("images").resolve(i + ".png"), h, w, rng);
      BufferedImage l = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = rng.nextInt(10) == 0 ? 255 : (x * K) / w;
          l.getRaster().setSample(x, y, 0, v);
        }
      }
      write(l, streets.resolve("labels").resolve(i + ".png"));
    }
    // An image whose label is missing: rejected, not fatal.
    writeRgb(streets.resolve("images/nolabel.png"), 16, 16, rng);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    ExecutorPipelines.closeAll();
  }

  @Test
  void classificationEvaluationEqualsImageByImageReferenceAndCountsRejects() throws IOException {
    Path out = tmp.resolve("out-cls");
    BundleRef ref = new BundleRef(classifier.toString(), "cpu", 1, true, MAX_PIXELS);
    JobResult r =
        BatchJob.run(
            spark,
            new JobConfig(
                classes.toString(),
                JobConfig.InputKind.FOLDER,
                null,
                ref,
                out.toString(),
                true,
                null,
                0));

    ConfusionMatrix expected = new ConfusionMatrix(K);
    try (Pipeline p = Pipeline.open(classifier, Options.defaults().scores(true))) {
      for (Map.Entry<Path, Integer> e : truth.entrySet()) {
        ClassificationResult c = p.classify(ImageFiles.read(e.getKey(), MAX_PIXELS));
        expected.add(new int[] {c.classId()}, new int[] {e.getValue()});
      }
    }
    assertEquals(truth.size(), r.images());
    assertEquals(3, r.rejects(), "broken.png, huge.png and other/x.png");
    assertArrayEquals(expected.toArray(), r.confusion().toArray());
    assertEquals(expected.accuracy(), r.value(), 0);
    assertArrayEquals(expected.recall(), r.perClass(), 0);

    Map<String, String> rejects = new LinkedHashMap<>();
    for (Row row : spark.read().parquet(out.resolve(BatchJob.REJECTS).toString()).collectAsList()) {
      rejects.put(Path.of(row.getString(0)).getFileName().toString(), row.getString(1));
    }
    assertTrue(rejects.get("broken.png").contains("not a readable image"), rejects.toString());
    assertTrue(rejects.get("huge.png").contains("over the limit of 1600"), rejects.toString());
    assertTrue(rejects.get("x.png").contains("'other'"), rejects.toString());

    List<Row> preds =
        spark.read().parquet(out.resolve(BatchJob.PREDICTIONS).toString()).collectAsList();
    assertEquals(truth.size(), preds.size());
    Row one = preds.get(0);
    assertEquals(K, one.getList(one.fieldIndex("scores")).size());
    assertEquals(
        "c" + one.getInt(one.fieldIndex("class_id")), one.getString(one.fieldIndex("class_name")));

    JsonNode summary = new ObjectMapper().readTree(out.resolve(BatchJob.SUMMARY).toFile());
    assertEquals("accuracy", summary.get("metric").asText());
    assertEquals(expected.accuracy(), summary.get("value").asDouble(), 1e-12);
    assertEquals(3, summary.get("rejects").asLong());
  }

  @Test
  void segmentationEvaluationMergesPartitionMatricesToTheReferenceMiou() throws IOException {
    Path out = tmp.resolve("out-seg");
    BundleRef ref = new BundleRef(segmenter.toString(), "cpu", 1, false, MAX_PIXELS);
    JobResult r =
        BatchJob.run(
            spark,
            new JobConfig(
                streets.resolve("images").toString(),
                JobConfig.InputKind.FOLDER,
                null,
                ref,
                out.toString(),
                true,
                null,
                4));

    ConfusionMatrix expected = new ConfusionMatrix(K);
    Map<String, long[]> histograms = new LinkedHashMap<>();
    try (Pipeline p = Pipeline.open(segmenter, Options.defaults());
        Stream<Path> files = Files.list(streets.resolve("labels"))) {
      for (Path label : files.sorted().toList()) {
        Path image = streets.resolve("images").resolve(label.getFileName());
        SegmentationResult s = p.segment(ImageFiles.read(image, MAX_PIXELS));
        BufferedImage l = ImageIO.read(label.toFile());
        int[] y = l.getRaster().getSamples(0, 0, l.getWidth(), l.getHeight(), 0, (int[]) null);
        int[] pred = new int[s.mask().length];
        for (int i = 0; i < pred.length; i++) {
          pred[i] = s.mask()[i] & 0xff;
        }
        expected.add(pred, y);
        histograms.put(image.getFileName().toString(), s.pixelCounts());
      }
    }
    assertEquals(6, r.images());
    assertEquals(1, r.rejects(), "nolabel.png");
    assertArrayEquals(expected.toArray(), r.confusion().toArray());
    assertEquals(expected.meanIou(), r.value(), 0);
    assertArrayEquals(expected.iou(), r.perClass(), 0);

    for (Row row :
        spark.read().parquet(out.resolve(BatchJob.PREDICTIONS).toString()).collectAsList()) {
      String name = Path.of(row.getString(0)).getFileName().toString();
      List<Long> hist = row.getList(row.fieldIndex("histogram"));
      long[] want = histograms.get(name);
      for (int c = 0; c < K; c++) {
        assertEquals(want[c], hist.get(c), name + " class " + c);
      }
      BufferedImage mask = ImageIO.read(new java.io.ByteArrayInputStream(row.getAs("mask_png")));
      assertEquals(row.getInt(row.fieldIndex("width")), mask.getWidth());
      long zeros = 0;
      for (int v :
          mask.getRaster().getSamples(0, 0, mask.getWidth(), mask.getHeight(), 0, (int[]) null)) {
        zeros += v == 0 ? 1 : 0;
      }
      assertEquals(want[0], zeros, name + ": the PNG mask holds the class ids");
    }
  }

  @Test
  void tableOfPathsWithLabelsTableAndBundleShippedAsFile() throws IOException {
    // A zip of the bundle shipped like spark-submit --files; the name alone is passed.
    Path zip = tmp.resolve("ship/tiny-cls.zip");
    zip(classifier, zip);
    spark.sparkContext().addFile(zip.toString());
    Path table = tmp.resolve("paths/list.csv");
    Path labels = tmp.resolve("paths/labels.csv");
    Files.createDirectories(table.getParent());
    List<String> rows = new ArrayList<>(List.of("path"));
    List<String> labelRows = new ArrayList<>(List.of("path,label"));
    ConfusionMatrix expected = new ConfusionMatrix(K);
    try (Pipeline p = Pipeline.open(classifier, Options.defaults())) {
      for (Map.Entry<Path, Integer> e : truth.entrySet()) {
        String rel = table.getParent().relativize(e.getKey()).toString();
        rows.add(rel);
        // labels by id for class 0, by name otherwise, absolute paths
        labelRows.add(e.getKey() + "," + (e.getValue() == 0 ? "0" : "c" + e.getValue()));
        ClassificationResult c = p.classify(ImageFiles.read(e.getKey(), MAX_PIXELS));
        expected.add(new int[] {c.classId()}, new int[] {e.getValue()});
      }
    }
    rows.add(tmp.resolve("missing.png").toString());
    Files.write(table, rows);
    Files.write(labels, labelRows);
    ExecutorPipelines.closeAll();
    BundleRef ref = new BundleRef("tiny-cls.zip", "cpu", 1, false, MAX_PIXELS);
    JobResult r =
        BatchJob.run(
            spark,
            new JobConfig(
                table.toString(),
                JobConfig.InputKind.TABLE,
                "path",
                ref,
                tmp.resolve("out-table").toString(),
                true,
                labels.toString(),
                3));
    assertEquals(truth.size(), r.images());
    assertEquals(1, r.rejects(), "missing.png");
    assertArrayEquals(expected.toArray(), r.confusion().toArray());
    assertEquals(1, ExecutorPipelines.openCount(), "one pipeline in this JVM for all tasks");
  }

  @Test
  void commandLineRunsTheJobAndRejectsBadUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        SparkCommand.run(
            new String[] {"--bundle", classifier.toString(), "--out", "x"},
            new PrintStream(out),
            new PrintStream(err));
    assertEquals(2, rc);
    assertTrue(err.toString().contains("exactly one of --input"), err.toString());
    rc =
        SparkCommand.run(
            new String[] {
              "--bundle",
              classifier.toString(),
              "--input",
              classes.toString(),
              "--out",
              tmp.resolve("out-cli").toString(),
              "--threads",
              "many"
            },
            new PrintStream(out),
            new PrintStream(err));
    assertEquals(2, rc);
    assertTrue(
        err.toString().contains("--threads expects an integer, found 'many'"), err.toString());
  }

  private static void writeRgb(Path f, int h, int w, SplittableRandom rng) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int base = rng.nextInt(1 << 24);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (base + rng.nextInt(1 << 16) * (x + y)) & 0xFFFFFF);
      }
    }
    write(img, f);
  }

  private static void write(BufferedImage img, Path f) throws IOException {
    Files.createDirectories(f.getParent());
    ImageIO.write(img, "png", f.toFile());
  }

  private static void zip(Path dir, Path zip) throws IOException {
    Files.createDirectories(zip.getParent());
    try (OutputStream os = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(os);
        Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
  }
}

package org.real2sim.runtime.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.TranslationResult;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.ImageException;
import org.real2sim.runtime.image.ImageFiles;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.AtomicFiles;

/**
 * {@code real2sim-run --input --output}: runs a bundle on an image or a directory of images, in
 * batches, and writes each image's PNGs (atomically) and its row of the prediction log; see {@link
 * RunCommand} for the files and how {@code --resume} continues an interrupted run.
 */
final class ImageRun {

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private ImageRun() {}

  private record Item(Path file, String stem, RgbImage image) {}

  static int process(Pipeline p, RunArgs a, PrintStream out, PrintStream err) throws IOException {
    List<Path> files = inputs(a.input());
    BundleManifest m = p.manifest();
    IntUnaryOperator colour = m::colour;
    Set<String> stems = new HashSet<>();
    int failed = 0;
    int written = 0;
    int skipped = 0;
    try (PredictionLog log =
        PredictionLog.open(a.output(), header(m, p.options().scores()), a.resume())) {
      List<Item> batch = new ArrayList<>();
      for (int f = 0; f < files.size(); f++) {
        Path file = files.get(f);
        String stem = stem(file, stems);
        if (log.done().contains(file.getFileName().toString())) {
          skipped++;
        } else {
          try {
            batch.add(new Item(file, stem, ImageFiles.read(file, a.maxPixels())));
          } catch (ImageException e) {
            err.println("real2sim-run: " + e.getMessage());
            failed++;
          }
        }
        if (batch.size() == a.batch() || (f == files.size() - 1 && !batch.isEmpty())) {
          try {
            written += runBatch(p, batch, a, colour, log);
          } catch (IllegalArgumentException | PipelineException e) {
            for (Item it : batch) {
              err.println("real2sim-run: " + it.file() + ": " + e.getMessage());
            }
            failed += batch.size();
          } catch (IOException e) {
            throw new IOException(
                PredictionLog.reason(e)
                    + "; "
                    + (written + skipped)
                    + " image(s) finished and are listed in "
                    + log.csvFile()
                    + ": free space and rerun with --resume",
                e);
          }
          batch.clear();
        }
      }
    }
    out.printf(
        "wrote results for %d of %d images to %s (%d failed%s)%n",
        written,
        files.size(),
        a.output(),
        failed,
        skipped > 0 ? ", " + skipped + " already done by an earlier run" : "");
    return failed == 0 ? 0 : 1;
  }

  private static int runBatch(
      Pipeline p, List<Item> batch, RunArgs a, IntUnaryOperator colour, PredictionLog log)
      throws IOException {
    List<RgbImage> images = batch.stream().map(Item::image).toList();
    BundleManifest m = p.manifest();
    Path dir = a.output();
    if (!m.part().predicts()) {
      List<TranslationResult> rs = p.translateBatch(images);
      for (int i = 0; i < rs.size(); i++) {
        Item it = batch.get(i);
        RgbImage t = rs.get(i).image();
        writePng(dir.resolve(it.stem() + "_translated.png"), t.toBufferedImage());
        String name = it.file().getFileName().toString();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("file", name);
        j.put("height", t.height());
        j.put("width", t.width());
        log.append(csvField(name) + "," + t.height() + "," + t.width(), json(j));
      }
      return rs.size();
    }
    if (m.task() == Task.CLASSIFICATION) {
      List<ClassificationResult> rs = p.classifyBatch(images);
      for (int i = 0; i < rs.size(); i++) {
        Item it = batch.get(i);
        ClassificationResult r = rs.get(i);
        if (r.translated().isPresent()) {
          writePng(
              dir.resolve(it.stem() + "_translated.png"), r.translated().get().toBufferedImage());
        }
        String name = it.file().getFileName().toString();
        String row = csvField(name) + "," + r.classId() + "," + csvField(r.className());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("file", name);
        j.put("class_id", r.classId());
        j.put("class", r.className());
        if (r.hasScores()) {
          row += "," + String.format(Locale.ROOT, "%.6f", r.confidence());
          j.put("confidence", (double) r.confidence());
        }
        log.append(row, json(j));
      }
      return rs.size();
    }
    List<SegmentationResult> rs = p.segmentBatch(images);
    for (int i = 0; i < rs.size(); i++) {
      Item it = batch.get(i);
      SegmentationResult r = rs.get(i);
      writePng(
          dir.resolve(it.stem() + "_mask.png"),
          Images.colourMask(r.mask(), r.height(), r.width(), colour));
      writePng(
          dir.resolve(it.stem() + "_overlay.png"),
          Images.overlay(it.image(), r.mask(), colour, 0.5));
      writePng(
          dir.resolve(it.stem() + "_classes.png"),
          Images.classIdImage(r.mask(), r.height(), r.width()));
      if (r.translated().isPresent()) {
        writePng(
            dir.resolve(it.stem() + "_translated.png"), r.translated().get().toBufferedImage());
      }
      long[] counts = r.pixelCounts();
      String name = it.file().getFileName().toString();
      StringBuilder row = new StringBuilder(csvField(name));
      row.append(',').append(r.height()).append(',').append(r.width());
      double total = (double) r.height() * r.width();
      Map<String, Object> fractions = new LinkedHashMap<>();
      for (int c = 0; c < counts.length; c++) {
        row.append(',').append(String.format(Locale.ROOT, "%.6f", counts[c] / total));
        fractions.put(m.className(c), counts[c] / total);
      }
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("file", name);
      j.put("height", r.height());
      j.put("width", r.width());
      j.put("fractions", fractions);
      log.append(row.toString(), json(j));
    }
    return rs.size();
  }

  private static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON line: " + e.getOriginalMessage(), e);
    }
  }

  private static String header(BundleManifest m, boolean scores) {
    if (!m.part().predicts()) {
      return "file,height,width";
    }
    if (m.task() == Task.CLASSIFICATION) {
      return "file,class_id,class" + (scores ? ",confidence" : "");
    }
    StringBuilder h = new StringBuilder("file,height,width");
    for (String c : m.classes()) {
      h.append(',').append(csvField(c));
    }
    return h.toString();
  }

  static List<Path> inputs(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    if (!Files.isDirectory(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(input)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(f -> IMAGE_EXTENSIONS.contains(extension(f)))
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      throw new IOException("input directory " + input + " holds no images " + IMAGE_EXTENSIONS);
    }
    return files;
  }

  private static void writePng(Path target, BufferedImage img) throws IOException {
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    if (!ImageIO.write(img, "png", png)) {
      throw new IOException("no PNG writer available for " + target);
    }
    try {
      AtomicFiles.write(target, png.toByteArray());
    } catch (IOException e) {
      throw new IOException("writing " + target + " failed: " + PredictionLog.reason(e), e);
    }
  }

  private static String stem(Path file, Set<String> used) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    if (!used.add(stem)) {
      stem = name.replace('.', '_');
      used.add(stem);
    }
    return stem;
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}

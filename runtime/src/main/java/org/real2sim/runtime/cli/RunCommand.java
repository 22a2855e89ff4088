package org.real2sim.runtime.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.TranslationResult;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.AtomicFiles;

/**
 * {@code real2sim-run}: runs a bundle on an image or a directory of images.
 *
 * <p>For each input image {@code <stem>.<ext>} it writes, into the output directory: segmentation
 * {@code <stem>_mask.png} (colour mask, bundle palette), {@code <stem>_overlay.png} (the mask
 * blended over the image at 50 %), {@code <stem>_classes.png} (8-bit class ids, lossless); with
 * {@code --translated} also {@code <stem>_translated.png}; and at the end {@code predictions.csv}
 * (classification: file, class id, class, and the confidence with {@code --scores}; segmentation:
 * file, size and the fraction of pixels of each class). Every file is written under a temporary
 * name and moved into place, so a crash or a bad input never leaves a half-written file. An
 * unreadable image is reported on stderr, skipped, and makes the exit code 1.
 *
 * <p>{@code --benchmark N} times N calls after warm-up and prints p50 / p90 / p99 latency and
 * images/s; {@code --info} prints the bundle's classes, input policy, provenance and metrics. Exit
 * codes: 0 success, 1 failure, 2 usage error.
 */
public final class RunCommand {

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /** The CSV written into the output directory. */
  public static final String CSV_NAME = "predictions.csv";

  private RunCommand() {}

  /** Entry point; exits with the command's exit code. */
  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    System.out.flush();
    System.exit(rc);
  }

  /** Runs {@code real2sim-run args} with the given streams and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    RunArgs a;
    try {
      a = RunArgs.parse(args);
    } catch (RunArgs.UsageException e) {
      err.println("real2sim-run: " + e.getMessage());
      err.println("Try 'real2sim-run --help'.");
      return 2;
    }
    if (a.help()) {
      usage(out);
      return 0;
    }
    Options options;
    try {
      options =
          Options.defaults()
              .device(a.device())
              .requireDevice(a.requireDevice())
              .intraOpThreads(a.threads())
              .translated(a.translated());
    } catch (IllegalArgumentException e) {
      err.println("real2sim-run: " + e.getMessage());
      return 2;
    }
    try {
      try (Pipeline p = Pipeline.open(a.bundle(), options.scores(a.scores()))) {
        if (a.info()) {
          info(p, out);
        }
        int rc = 0;
        if (a.input() != null && a.output() != null) {
          rc = process(p, a, out, err);
        }
        if (a.benchmark() > 0) {
          benchmark(p, a, out);
        }
        return rc;
      }
    } catch (BundleException
        | PipelineException
        | IllegalArgumentException
        | IllegalStateException e) {
      err.println("real2sim-run: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("real2sim-run: " + e);
      return 1;
    }
  }

  private static void usage(PrintStream s) {
    s.println(
        "usage: real2sim-run --bundle DIR (--input IMAGE|DIR --output DIR | --benchmark N | --info)"
            + " [options]");
    s.println();
    s.println("  --bundle DIR          bundle directory (model.onnx + bundle.json)");
    s.println(
        "  --input PATH          an image or a directory of images (.png .jpg .jpeg .bmp .gif)");
    s.println(
        "  --output DIR          where masks, overlays and "
            + CSV_NAME
            + " go (created if missing)");
    s.println(
        "  --device D            cpu (default), cuda or cuda:N; falls back to cpu with a warning");
    s.println("  --require-device      fail instead of falling back to cpu");
    s.println("  --threads N           intra-op threads (0 = ONNX Runtime's default)");
    s.println("  --batch N             images per inference call (default 1)");
    s.println("  --scores              write the classification confidence to the CSV");
    s.println("  --translated          also write the generator's translated images");
    s.println("  --benchmark N         time N calls; prints p50/p90/p99 latency and images/s");
    s.println("  --warmup N            untimed calls before the benchmark (default min(10, N))");
    s.println("  --size HxW            benchmark image size when no --input is given");
    s.println("  --info                print classes, input policy, provenance and metrics");
    s.println("Exit codes: 0 success, 1 failure, 2 usage error.");
  }

  // ---------------------------------------------------------------- --info

  private static void info(Pipeline p, PrintStream out) {
    BundleManifest m = p.manifest();
    out.printf("%-14s %s%n", "bundle", p.bundleDirectory());
    out.printf(
        "%-14s format %d, part %s, task %s%n",
        "manifest", m.formatVersion(), m.part().jsonName(), m.task().jsonName());
    out.printf("%-14s %d%n", "classes", m.numClasses());
    for (int i = 0; i < m.numClasses(); i++) {
      out.printf(
          "%-14s %3d  %s  %s%n", "", i, BundleManifest.formatColour(m.colour(i)), m.className(i));
    }
    out.printf("%-14s %s%n", "input", m.inputPolicy().describe());
    if (m.normalization() != null) {
      out.printf(
          "%-14s mean %s, std %s (over [0, 1] pixels, applied in the graph)%n",
          "normalization", m.normalization().mean(), m.normalization().std());
    }
    out.printf(
        "%-14s %s, opset %d, IR %d, sha256 %s%n",
        "model", m.model(), m.opset(), m.irVersion(), m.modelSha256());
    out.printf("%-14s %s%n", "outputs", p.outputs());
    out.printf(
        "%-14s %s%s%n",
        "device",
        p.device(),
        p.fallbackReason()
            .map(r -> " (requested " + p.options().device() + "; " + r + ")")
            .orElse(""));
    Provenance prov = m.provenance();
    out.printf("%-14s %s%n", "seed", prov.seed() == null ? "unknown" : prov.seed());
    out.printf(
        "%-14s %s%n", "code version", prov.codeVersion() == null ? "unknown" : prov.codeVersion());
    out.printf("%-14s %s%n", "config", prov.config().isEmpty() ? "{}" : prov.config());
    if (prov.metrics().isEmpty()) {
      out.printf("%-14s %s%n", "metrics", "none recorded");
    } else {
      for (Map.Entry<String, Map<String, Double>> e : prov.metrics().entrySet()) {
        out.printf("%-14s %-6s %s%n", "metrics", e.getKey(), e.getValue());
      }
    }
  }

  // ---------------------------------------------------------------- images

  private record Item(Path file, String stem, RgbImage image) {}

  private static int process(Pipeline p, RunArgs a, PrintStream out, PrintStream err)
      throws IOException {
    List<Path> files = inputs(a.input());
    Files.createDirectories(a.output());
    BundleManifest m = p.manifest();
    IntUnaryOperator colour = m::colour;
    List<String> csv = new ArrayList<>();
    csv.add(header(m, p.options().scores()));
    Set<String> stems = new HashSet<>();
    int failed = 0;
    int written = 0;
    List<Item> batch = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      try {
        batch.add(new Item(file, stem(file, stems), read(file)));
      } catch (IOException | IllegalArgumentException e) {
        err.println("real2sim-run: " + file + ": " + e.getMessage());
        failed++;
      }
      if (batch.size() == a.batch() || (f == files.size() - 1 && !batch.isEmpty())) {
        try {
          written += runBatch(p, batch, a, colour, csv);
        } catch (IllegalArgumentException | PipelineException e) {
          for (Item it : batch) {
            err.println("real2sim-run: " + it.file() + ": " + e.getMessage());
          }
          failed += batch.size();
        }
        batch.clear();
      }
    }
    Path csvFile = a.output().resolve(CSV_NAME);
    AtomicFiles.write(csvFile, (String.join("\n", csv) + "\n").getBytes(StandardCharsets.UTF_8));
    out.printf(
        "wrote results for %d of %d images to %s (%d failed)%n",
        written, files.size(), a.output(), failed);
    return failed == 0 ? 0 : 1;
  }

  private static int runBatch(
      Pipeline p, List<Item> batch, RunArgs a, IntUnaryOperator colour, List<String> csv)
      throws IOException {
    List<RgbImage> images = batch.stream().map(Item::image).toList();
    BundleManifest m = p.manifest();
    Path dir = a.output();
    if (!m.part().predicts()) {
      List<TranslationResult> rs = p.translateBatch(images);
      for (int i = 0; i < rs.size(); i++) {
        Item it = batch.get(i);
        writePng(dir.resolve(it.stem() + "_translated.png"), rs.get(i).image().toBufferedImage());
        csv.add(
            csvField(it.file().getFileName().toString())
                + ","
                + rs.get(i).image().height()
                + ","
                + rs.get(i).image().width());
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
        String row =
            csvField(it.file().getFileName().toString())
                + ","
                + r.classId()
                + ","
                + csvField(r.className());
        if (r.hasScores()) {
          row += "," + String.format(Locale.ROOT, "%.6f", r.confidence());
        }
        csv.add(row);
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
      StringBuilder row = new StringBuilder(csvField(it.file().getFileName().toString()));
      row.append(',').append(r.height()).append(',').append(r.width());
      double total = (double) r.height() * r.width();
      for (long c : counts) {
        row.append(',').append(String.format(Locale.ROOT, "%.6f", c / total));
      }
      csv.add(row.toString());
    }
    return rs.size();
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

  private static List<Path> inputs(Path input) throws IOException {
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

  private static RgbImage read(Path file) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read image: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IOException("cannot decode image: not a readable PNG, JPEG, BMP or GIF file");
    }
    return RgbImage.of(img);
  }

  private static void writePng(Path target, BufferedImage img) throws IOException {
    AtomicFiles.write(
        target,
        out -> {
          if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available for " + target);
          }
        });
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

  // ---------------------------------------------------------------- --benchmark

  private static void benchmark(Pipeline p, RunArgs a, PrintStream out) throws IOException {
    RgbImage image;
    if (a.input() != null) {
      image = read(inputs(a.input()).get(0));
    } else {
      int h = a.size()[0];
      int w = a.size()[1];
      byte[] px = new byte[3 * h * w];
      new SplittableRandom(1).nextBytes(px);
      image = new RgbImage(h, w, px);
    }
    List<RgbImage> batch = new ArrayList<>();
    for (int i = 0; i < a.batch(); i++) {
      batch.add(image);
    }
    for (int i = 0; i < a.warmup(); i++) {
      call(p, batch);
    }
    long[] nanos = new long[a.benchmark()];
    long start = System.nanoTime();
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      call(p, batch);
      nanos[i] = System.nanoTime() - t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    out.printf(
        Locale.ROOT,
        "benchmark: %d calls of batch %d at %dx%d on %s (intra-op threads %s, spinning %s, %d"
            + " warm-up)%n",
        nanos.length,
        a.batch(),
        image.height(),
        image.width(),
        p.device(),
        p.options().intraOpThreads() == 0 ? "default" : p.options().intraOpThreads(),
        p.options().spinning() ? "on" : "off",
        a.warmup());
    out.printf(
        Locale.ROOT,
        "latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms; %.2f images/s%n",
        percentile(nanos, 50) / 1e6,
        percentile(nanos, 90) / 1e6,
        percentile(nanos, 99) / 1e6,
        nanos.length * (double) a.batch() / seconds);
  }

  private static void call(Pipeline p, List<RgbImage> batch) {
    BundleManifest m = p.manifest();
    if (m.part() == BundlePart.GENERATOR) {
      p.translateBatch(batch);
    } else if (m.task() == Task.CLASSIFICATION) {
      p.classifyBatch(batch);
    } else {
      p.segmentBatch(batch);
    }
  }

  /**
   * The nearest-rank percentile of sorted values: the smallest value with at least q % at or below
   * it.
   */
  static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

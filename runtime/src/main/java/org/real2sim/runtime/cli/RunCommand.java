package org.real2sim.runtime.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Device;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.TranslationResult;
import org.real2sim.runtime.Versions;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.ImageException;
import org.real2sim.runtime.image.ImageFiles;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.AtomicFiles;

/**
 * {@code real2sim-run}: runs a bundle (a directory, or a {@code .zip} of one) on an image or a
 * directory of images.
 *
 * <p>For each input image {@code <stem>.<ext>} it writes, into the output directory: segmentation
 * {@code <stem>_mask.png} (colour mask, bundle palette), {@code <stem>_overlay.png} (the mask
 * blended over the image at 50 %), {@code <stem>_classes.png} (8-bit class ids, lossless); with
 * {@code --translated} also {@code <stem>_translated.png}; and one row per image in {@code
 * predictions.csv} and one JSON object per image in {@code predictions.jsonl} (classification:
 * file, class id, class, and the confidence with {@code --scores}; segmentation: file, size and the
 * fraction of pixels of each class). Image files are written under a temporary name and moved into
 * place; the two prediction files are appended and flushed after every image, after that image's
 * files are in place, so a run killed at any point keeps every image it finished, and {@code
 * --resume} continues it, skipping those images. The output directory is checked before the first
 * image (a file in the way, a read-only folder, a full disk); a write that fails later stops the
 * run with the file and the reason named. An unreadable or oversized image ({@code --max-pixels},
 * checked from its header before decoding) is reported on stderr, skipped, and makes the exit code
 * 1.
 *
 * <p>{@code --benchmark N} times N calls after warm-up and prints p50 / p90 / p99 latency and
 * images/s; {@code --info} prints the bundle's classes, input policy, preprocessing, provenance and
 * metrics. Exit codes: 0 success, 1 failure, 2 usage error. No stack trace reaches the terminal.
 */
public final class RunCommand {

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /** The CSV written into the output directory. */
  public static final String CSV_NAME = PredictionLog.CSV;

  /** The JSON-lines twin of the CSV. */
  public static final String JSONL_NAME = PredictionLog.JSONL;

  /** Less free space than this on the output's file system fails the run before the first image. */
  static final long MIN_FREE_BYTES = 16L << 20;

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

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
    if (a.version()) {
      version(out);
      return 0;
    }
    Device.deprecation(a.device()).ifPresent(n -> err.println("real2sim-run: warning: " + n));
    Options options;
    try {
      options =
          Options.defaults()
              .device(a.device())
              .requireDevice(a.requireDevice())
              .intraOpThreads(a.threads())
              .translated(a.translated())
              .maxPixels(a.maxPixels());
    } catch (IllegalArgumentException e) {
      err.println("real2sim-run: " + e.getMessage());
      return 2;
    }
    // ImageIO's disk cache writes temporary files and deletes them from a shutdown thread, which
    // fails with a raw stack trace when the disk is full; PNGs are encoded in memory instead.
    ImageIO.setUseCache(false);
    try {
      if (a.input() != null && a.output() != null) {
        checkOutput(a.output());
      }
      try (Pipeline p = open(a.bundle(), options.scores(a.scores()))) {
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
        | ImageException
        | IllegalArgumentException
        | IllegalStateException e) {
      err.println("real2sim-run: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("real2sim-run: " + PredictionLog.reason(e));
      return 1;
    } catch (OutOfMemoryError e) {
      err.println(
          "real2sim-run: out of Java heap (maximum "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MB): use smaller images or batches, or raise -Xmx (REAL2SIM_JAVA_OPTS)");
      return 1;
    }
  }

  /** Opens a bundle directory, or a {@code .zip} of one. */
  private static Pipeline open(Path bundle, Options options) throws IOException {
    if (Files.isRegularFile(bundle)) {
      try (java.io.InputStream in = Files.newInputStream(bundle)) {
        return Pipeline.open(
            BundleSource.zip(in, bundle.toString(), options.maxBundleBytes()), options);
      }
    }
    return Pipeline.open(bundle, options);
  }

  /**
   * Checks the output directory before any work: it is a directory or can be created, a file can be
   * written into it, and its file system has space left.
   *
   * @throws IOException naming the directory and the problem
   */
  static void checkOutput(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(
          "--output " + dir + " is a file, expected a directory (it is created if missing)");
    }
    try {
      Files.createDirectories(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new IOException(
          "cannot create --output " + dir + ": " + e.getFile() + " is a file in the way", e);
    } catch (IOException e) {
      throw new IOException("cannot create --output " + dir + ": " + PredictionLog.reason(e), e);
    }
    Path probe = dir.resolve(".real2sim-run-write-test-" + ProcessHandle.current().pid());
    try {
      Files.write(probe, new byte[] {1});
    } catch (IOException e) {
      throw new IOException(
          "cannot write into --output " + dir + ": " + PredictionLog.reason(e), e);
    } finally {
      Files.deleteIfExists(probe);
    }
    long free = Files.getFileStore(dir).getUsableSpace();
    if (free < MIN_FREE_BYTES) {
      throw new IOException(
          "--output "
              + dir
              + " has only "
              + free
              + " bytes free on its file system (at least "
              + MIN_FREE_BYTES
              + " needed to start); free some space or choose another directory");
    }
  }

  /**
   * Prints the versions: real2sim, the ONNX Runtime jar on the class path and the one the build
   * used, and the TensorFlow Java version of the training side as recorded at build time (nothing
   * of TensorFlow is loaded, nor ONNX Runtime's native library).
   */
  static void version(PrintStream out) {
    out.println("real2sim-run " + Versions.real2sim());
    out.println(
        "onnxruntime  "
            + Versions.onnxRuntimeOnClassPath()
            + " (built against "
            + Versions.onnxRuntimeBuiltWith()
            + ")");
    out.println(
        "tensorflow   TensorFlow Java "
            + Versions.tensorFlowJavaBuiltWith()
            + " (training side of this build; not used by the runtime)");
    out.println(
        "java         "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ", "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ")");
  }

  private static void usage(PrintStream s) {
    s.println(
        "usage: real2sim-run --bundle DIR (--input IMAGE|DIR --output DIR | --benchmark N | --info)"
            + " [options]");
    s.println();
    s.println(
        "  --bundle DIR|ZIP      bundle directory (model.onnx + bundle.json), or a zip of one");
    s.println(
        "  --input PATH          an image or a directory of images (.png .jpg .jpeg .bmp .gif)");
    s.println(
        "  --output DIR          where masks, overlays and "
            + CSV_NAME
            + " and "
            + JSONL_NAME
            + " go (created if missing)");
    s.println(
        "  --device D            cpu (default), cuda[:N], tensorrt[:N], rocm[:N], directml[:N], dnnl,");
    s.println(
        "                        openvino, coreml or xnnpack; falls back to cpu with a warning");
    s.println("  --require-device      fail instead of falling back to cpu");
    s.println("  --threads N           intra-op threads (0 = ONNX Runtime's default)");
    s.println("  --batch N             images per inference call (default 1)");
    s.println("  --scores              write the classification confidence to the CSV");
    s.println("  --translated          also write the generator's translated images");
    s.println("  --benchmark N         time N calls; prints p50/p90/p99 latency and images/s");
    s.println("  --warmup N            untimed calls before the benchmark (default min(10, N))");
    s.println("  --size HxW            benchmark image size when no --input is given");
    s.println("  --info                print classes, input policy, provenance and metrics");
    s.println("  --version             print the versions of real2sim and ONNX Runtime");
    s.println(
        "  --resume              continue an interrupted run in --output, skipping done images");
    s.println(
        "  --max-pixels N        refuse larger images, checked before decoding (default "
            + ImageFiles.DEFAULT_MAX_PIXELS
            + ")");
    s.println("Exit codes: 0 success, 1 failure, 2 usage error.");
  }

  // ---------------------------------------------------------------- --info

  private static void info(Pipeline p, PrintStream out) {
    BundleManifest m = p.manifest();
    out.printf(
        "%-14s %s%n", "bundle", p.bundleDirectory() == null ? p.source() : p.bundleDirectory());
    out.printf(
        "%-14s format %d.%d, part %s, task %s%n",
        "manifest", m.formatVersion(), m.minor(), m.part().jsonName(), m.task().jsonName());
    out.printf("%-14s %d%n", "classes", m.numClasses());
    for (int i = 0; i < m.numClasses(); i++) {
      out.printf(
          "%-14s %3d  %s  %s%n", "", i, BundleManifest.formatColour(m.colour(i)), m.className(i));
    }
    out.printf("%-14s %s%n", "input", m.inputPolicy().describe());
    out.printf(
        "%-14s %s%n",
        "preprocessing",
        m.preprocessing() == null
            ? "none in the graph (images are fed at the network's size)"
            : m.preprocessing().describe());
    out.printf(
        "%-14s %s%n",
        "threads",
        p.sharedThreadPool() ? "the JVM's shared ONNX Runtime pool" : "a pool of its own");
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

  // ---------------------------------------------------------------- --benchmark

  private static void benchmark(Pipeline p, RunArgs a, PrintStream out) throws IOException {
    RgbImage image;
    if (a.input() != null) {
      image = ImageFiles.read(inputs(a.input()).get(0), a.maxPixels());
    } else {
      int h = a.size()[0];
      int w = a.size()[1];
      long bytes = Math.multiplyExact(3L, Math.multiplyExact((long) h, w));
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "--size " + h + "x" + w + " needs " + bytes + " bytes per image, over 2 GiB");
      }
      byte[] px = new byte[(int) bytes];
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

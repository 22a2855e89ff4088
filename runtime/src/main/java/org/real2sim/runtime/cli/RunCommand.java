package org.real2sim.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.real2sim.runtime.Device;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.Versions;
import org.real2sim.runtime.bundle.BundleException;
import org.real2sim.runtime.bundle.BundleSource;
import org.real2sim.runtime.image.ImageException;
import org.real2sim.runtime.image.ImageFiles;

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

  /** The CSV written into the output directory. */
  public static final String CSV_NAME = PredictionLog.CSV;

  /** The JSON-lines twin of the CSV. */
  public static final String JSONL_NAME = PredictionLog.JSONL;

  /** Less free space than this on the output's file system fails the run before the first image. */
  static final long MIN_FREE_BYTES = 16L << 20;

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
          BundleInfo.print(p, out);
        }
        int rc = 0;
        if (a.input() != null && a.output() != null) {
          rc = ImageRun.process(p, a, out, err);
        }
        if (a.benchmark() > 0) {
          RunBenchmark.run(p, a, out);
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
    out.println(Versions.onnxRuntimeLine());
    out.println(
        "tensorflow   TensorFlow Java "
            + Versions.tensorFlowJavaBuiltWith()
            + " (training side of this build; not used by the runtime)");
    out.println(Versions.javaLine());
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
}

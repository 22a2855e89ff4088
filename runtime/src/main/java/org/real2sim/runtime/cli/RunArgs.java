package org.real2sim.runtime.cli;

import java.nio.file.Path;
import java.util.List;
import org.real2sim.runtime.image.ImageSize;

/**
 * The parsed command line of {@code real2sim-run}.
 *
 * @param bundle the bundle directory
 * @param input an image file or a directory of images, or null
 * @param output the output directory, or null
 * @param device cpu, cuda or cuda:N
 * @param requireDevice fail instead of falling back to the CPU
 * @param threads intra-op threads, 0 = ONNX Runtime's default
 * @param batch images per inference call
 * @param scores write scores (classification confidence) to the CSV
 * @param translated also write the generator's translated images
 * @param benchmark timed runs, 0 = no benchmark
 * @param warmup untimed runs before the benchmark
 * @param size the benchmark's image size {height, width} when no input is given, or null
 * @param info print the bundle's description
 * @param help print usage
 * @param version print the versions of real2sim and ONNX Runtime
 * @param resume continue an interrupted run in the output directory, skipping images already done
 * @param maxPixels the largest image accepted, in pixels
 */
record RunArgs(
    Path bundle,
    Path input,
    Path output,
    String device,
    boolean requireDevice,
    int threads,
    int batch,
    boolean scores,
    boolean translated,
    int benchmark,
    int warmup,
    int[] size,
    boolean info,
    boolean help,
    boolean version,
    boolean resume,
    long maxPixels) {

  /** A command-line error; {@code real2sim-run} exits with 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static final List<String> OPTIONS =
      List.of(
          "--bundle",
          "--input",
          "--output",
          "--device",
          "--require-device",
          "--threads",
          "--batch",
          "--scores",
          "--translated",
          "--benchmark",
          "--warmup",
          "--size",
          "--info",
          "--resume",
          "--max-pixels",
          "--version",
          "--help");

  /** The options that take a value; every other option is a flag. */
  private static final List<String> VALUED =
      List.of(
          "--bundle",
          "--input",
          "--output",
          "--device",
          "--threads",
          "--batch",
          "--benchmark",
          "--warmup",
          "--size",
          "--max-pixels");

  /** Parses {@code args}; {@code --opt value} and {@code --opt=value} are both accepted. */
  static RunArgs parse(String[] args) throws UsageException {
    Path bundle = null;
    Path input = null;
    Path output = null;
    String device = "cpu";
    boolean requireDevice = false;
    int threads = 0;
    int batch = 1;
    boolean scores = false;
    boolean translated = false;
    int benchmark = 0;
    int warmup = -1;
    int[] size = null;
    boolean info = false;
    boolean help = false;
    boolean version = false;
    boolean resume = false;
    long maxPixels = org.real2sim.runtime.image.ImageFiles.DEFAULT_MAX_PIXELS;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--version", "-V" -> version = true;
        case "--require-device" -> requireDevice = true;
        case "--scores" -> scores = true;
        case "--translated" -> translated = true;
        case "--info" -> info = true;
        case "--resume" -> resume = true;
        default -> {
          if (!VALUED.contains(a)) {
            throw new UsageException(
                (a.startsWith("-")
                        ? "unknown option '" + a + "'" + Suggestions.didYouMean(a, OPTIONS)
                        : "unexpected argument '" + a + "'")
                    + ", expected one of "
                    + OPTIONS);
          }
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException("option " + a + " needs a value");
            }
            value = args[++i];
          }
          switch (a) {
            case "--bundle" -> bundle = Path.of(value);
            case "--input" -> input = Path.of(value);
            case "--output" -> output = Path.of(value);
            case "--device" -> device = value;
            case "--threads" -> threads = integer(a, value, 0);
            case "--batch" -> batch = integer(a, value, 1);
            case "--benchmark" -> benchmark = integer(a, value, 1);
            case "--warmup" -> warmup = integer(a, value, 0);
            case "--max-pixels" -> maxPixels = longValue(a, value, 1);
            default -> size = size(value);
          }
        }
      }
      if (value != null && !VALUED.contains(a)) {
        throw new UsageException("option " + a + " takes no value, found '" + value + "'");
      }
    }
    if (!help && !version) {
      if (bundle == null) {
        throw new UsageException("--bundle is required");
      }
      if (input == null && benchmark == 0 && !info) {
        throw new UsageException(
            "nothing to do: give --input and --output, --benchmark N, or --info");
      }
      if (input != null && output == null && benchmark == 0) {
        throw new UsageException(
            "--input needs --output (the directory for masks, overlays and the CSV)");
      }
      if (benchmark > 0 && input == null && size == null) {
        throw new UsageException("--benchmark needs --input (an image) or --size HxW");
      }
      if (warmup < 0) {
        warmup = Math.min(10, Math.max(benchmark, 1));
      }
      if (size != null && (long) size[0] * size[1] > maxPixels) {
        throw new UsageException(
            "--size "
                + size[0]
                + "x"
                + size[1]
                + " is "
                + (long) size[0] * size[1]
                + " pixels, over the limit of "
                + maxPixels
                + " (--max-pixels)");
      }
      if (resume && output == null) {
        throw new UsageException("--resume needs --output (the directory of the run to continue)");
      }
    }
    return new RunArgs(
        bundle,
        input,
        output,
        device,
        requireDevice,
        threads,
        batch,
        scores,
        translated,
        benchmark,
        warmup,
        size,
        info,
        help,
        version,
        resume,
        maxPixels);
  }

  private static long longValue(String option, String value, long min) throws UsageException {
    try {
      long v = Long.parseLong(value.trim());
      if (v < min) {
        throw new UsageException(option + " must be >= " + min + ", found " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs an integer, found '" + value + "'");
    }
  }

  private static int integer(String option, String value, int min) throws UsageException {
    long v = longValue(option, value, min);
    if (v > Integer.MAX_VALUE) {
      throw new UsageException(option + " must be at most " + Integer.MAX_VALUE + ", found " + v);
    }
    return (int) v;
  }

  private static int[] size(String value) throws UsageException {
    try {
      ImageSize size = ImageSize.parse("--size", value);
      return new int[] {size.height(), size.width()};
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}

package org.real2sim.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;

/**
 * Where an executor finds the bundle, and how it opens it: serialisable, sent with every task.
 *
 * <p>{@code location} is a bundle directory or a {@code .zip} of one on a path every executor can
 * read (a shared file system), or the file name of a zip shipped with {@code spark-submit --files
 * bundle.zip}, which each executor finds with {@link SparkFiles#get}. A path that exists on the
 * executor wins; otherwise the shipped file of that name is used.
 *
 * @param location a shared path, or the name of a file shipped with {@code --files}
 * @param device the runtime device ({@code cpu}, {@code cuda:N})
 * @param intraOpThreads ONNX Runtime intra-op threads per call (1 fits one Spark core per task)
 * @param scores whether classification scores are requested
 * @param maxPixels the runtime's pixel limit per image
 */
public record BundleRef(
    String location, String device, int intraOpThreads, boolean scores, long maxPixels)
    implements Serializable {

  /** Validates the fields. */
  public BundleRef {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("bundle location must be set, found '" + location + "'");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intraOpThreads must be 0 (ONNX Runtime's default) or positive, found " + intraOpThreads);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, found " + maxPixels);
    }
  }

  /** What identifies one opened pipeline in an executor JVM. */
  String key() {
    return location + "|" + device + "|" + intraOpThreads + "|" + scores + "|" + maxPixels;
  }

  /** The runtime options these fields describe. */
  Options options() {
    return Options.defaults()
        .device(device)
        .intraOpThreads(intraOpThreads)
        .scores(scores)
        .maxPixels(maxPixels);
  }

  /**
   * The bundle's path on this JVM: {@code location} when it exists, else the file shipped with
   * {@code --files} under its file name.
   *
   * @throws PipelineException naming both places when neither exists
   */
  Path resolve() {
    Path p = Path.of(location);
    if (Files.exists(p)) {
      return p;
    }
    String name = p.getFileName() == null ? location : p.getFileName().toString();
    String shipped = null;
    try {
      shipped = SparkFiles.get(name);
    } catch (RuntimeException e) {
      // no SparkContext in this JVM (a plain unit test): only the shared path counts
    }
    if (shipped != null && Files.exists(Path.of(shipped))) {
      return Path.of(shipped);
    }
    throw new PipelineException(
        "Bundle "
            + location
            + " is neither a path on this machine nor a file shipped with spark-submit --files"
            + (shipped == null ? "" : " (looked for " + shipped + ")")
            + "; expected a bundle directory or a .zip of one");
  }

  /** Opens the bundle: a directory with {@link Pipeline#open(Path, Options)}, else as a zip. */
  Pipeline open() {
    Path p = resolve();
    if (Files.isDirectory(p)) {
      return Pipeline.open(p, options());
    }
    try (InputStream in = Files.newInputStream(p)) {
      return Pipeline.open(in, options());
    } catch (IOException e) {
      throw new PipelineException("Cannot read bundle zip " + p + ": " + e.getMessage(), e);
    }
  }
}

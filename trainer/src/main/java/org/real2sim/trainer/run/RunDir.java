package org.real2sim.trainer.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a run directory ({@code runs/<name>/}), in one place.
 *
 * <pre>
 *   config.json, config.txt   effective configuration (non-defaults marked in config.txt)
 *   labeled_subset.txt        the labeled real images (reused by M3 and sweeps)
 *   expert/ cyclegan/ taskaware/ supervised/   checkpoints per stage
 *   metrics.jsonl             one line per evaluation
 *   events/                   TensorBoard event files
 *   samples/                  sample grids per epoch
 *   report/                   report.html, report.md, plots
 *   bundle/                   exported model.onnx + bundle.json
 * </pre>
 *
 * @param root the run directory
 */
public record RunDir(Path root) {

  /** The run directory for {@code name} under {@code runsRoot}. */
  public static RunDir of(Path runsRoot, String name) {
    return new RunDir(runsRoot.resolve(name));
  }

  /** Creates the directory if needed and returns this. */
  public RunDir create() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create run directory " + root, e);
    }
    return this;
  }

  /** {@code config.json}. */
  public Path config() {
    return root.resolve("config.json");
  }

  /** {@code labeled_subset.txt}. */
  public Path labeledSubset() {
    return root.resolve("labeled_subset.txt");
  }

  /**
   * The checkpoint folder of a stage: expert, cyclegan, taskaware, supervised (or a sweep point).
   */
  public Path stage(String stage) {
    return root.resolve(stage);
  }

  /** {@code metrics.jsonl}. */
  public Path metrics() {
    return root.resolve("metrics.jsonl");
  }

  /** {@code events/}. */
  public Path events() {
    return root.resolve("events");
  }

  /** {@code samples/}. */
  public Path samples() {
    return root.resolve("samples");
  }

  /** {@code report/}. */
  public Path report() {
    return root.resolve("report");
  }

  /** {@code bundle/}. */
  public Path bundle() {
    return root.resolve("bundle");
  }

  /** {@code bad_files.txt}: files skipped with --skip-bad. */
  public Path badFiles() {
    return root.resolve("bad_files.txt");
  }
}

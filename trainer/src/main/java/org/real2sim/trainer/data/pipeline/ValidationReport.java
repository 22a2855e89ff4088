package org.real2sim.trainer.data.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;

/**
 * What {@link DatasetValidator} found: how many samples it read and which ones are bad, and why.
 *
 * @param checked the number of samples read
 * @param problems the bad samples, in split and sample order
 */
public record ValidationReport(int checked, List<Problem> problems) {

  /** The file that lists skipped samples in the run directory. */
  public static final String SKIPPED_FILE = "skipped_samples.txt";

  /**
   * One bad sample.
   *
   * @param split the split it belongs to
   * @param sample the sample
   * @param message what is wrong, naming the file and what was expected
   */
  public record Problem(String split, Sample sample, String message) {}

  /** Copies the problem list. */
  public ValidationReport {
    problems = List.copyOf(problems);
  }

  /** Whether every sample could be read. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** The bad samples. */
  public List<Sample> badSamples() {
    List<Sample> out = new ArrayList<>();
    for (Problem p : problems) {
      out.add(p.sample());
    }
    return out;
  }

  /**
   * Fails unless every sample is good: the default before training.
   *
   * @throws DataException listing the first ten problems and how many there are
   */
  public void requireClean() {
    if (ok()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    b.append(problems.size())
        .append(" of ")
        .append(checked)
        .append(" samples are bad;")
        .append(" training does not start (use --skip-bad to skip them):");
    for (int i = 0; i < Math.min(10, problems.size()); i++) {
      b.append("\n  ").append(problems.get(i).message());
    }
    if (problems.size() > 10) {
      b.append("\n  ... and ").append(problems.size() - 10).append(" more");
    }
    throw new DataException(b.toString());
  }

  /**
   * The {@code --skip-bad} path: writes the list of bad samples to {@code runDir/}{@value
   * #SKIPPED_FILE} (only when there are any) and returns {@code dataset} without them.
   */
  public Dataset skipBad(Dataset dataset, Path runDir) throws IOException {
    if (ok()) {
      return dataset;
    }
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve(SKIPPED_FILE), listing(), StandardCharsets.UTF_8);
    return dataset.without(badSamples());
  }

  /**
   * The text of the skipped-samples file: a header, then one {@code split<TAB>id<TAB>reason} line
   * each.
   */
  public String listing() {
    StringBuilder b = new StringBuilder();
    b.append("# ")
        .append(problems.size())
        .append(" of ")
        .append(checked)
        .append(" samples skipped (split, sample id, reason)\n");
    for (Problem p : problems) {
      b.append(p.split())
          .append('\t')
          .append(p.sample().id())
          .append('\t')
          .append(p.message().replace('\n', ' '))
          .append('\n');
    }
    return b.toString();
  }
}

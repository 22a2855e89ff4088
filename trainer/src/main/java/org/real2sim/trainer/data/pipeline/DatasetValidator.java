package org.real2sim.trainer.data.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.util.ProgressBar;

/**
 * Reads every file of a data set once, before training, and reports the bad ones.
 *
 * <p>It checks exactly what the loader will read: each image decodes completely without decoder
 * warnings and is within the pixel limit; for segmentation, the label decodes, has the image's
 * size, has the id channel, and holds only ids of the class map. Structural problems (a missing
 * split, root, class folder or label file, an empty class folder) are found earlier, when the data
 * set is opened. Progress is shown on a {@link ProgressBar}.
 */
public final class DatasetValidator {

  private DatasetValidator() {}

  /**
   * Validates the given splits of {@code dataset}.
   *
   * @param splits the splits to check (each must exist)
   * @param maxPixels the pixel limit per image
   * @param threads decoding threads, at least 1
   * @param progress counts samples and is closed when done; pass {@code
   *     ProgressBar.create("validate", total)} with the total from {@link #count}
   * @return the report; nothing is thrown for bad files
   * @throws DataException if a split does not exist
   */
  public static ValidationReport validate(
      Dataset dataset,
      Collection<String> splits,
      long maxPixels,
      int threads,
      ProgressBar progress) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive, found " + threads);
    }
    SampleReader reader = new SampleReader(dataset, maxPixels, true);
    record Job(String split, Sample sample) {}
    List<Job> jobs = new ArrayList<>();
    for (String split : splits) {
      for (Sample s : dataset.samples(split)) {
        jobs.add(new Job(split, s));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Job j : jobs) {
        results.add(
            pool.submit(
                () -> {
                  try {
                    reader.read(j.sample());
                    return null;
                  } catch (DataException e) {
                    return e.getMessage();
                  } finally {
                    progress.step();
                  }
                }));
      }
      List<ValidationReport.Problem> problems = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        String msg;
        try {
          msg = results.get(i).get();
        } catch (ExecutionException e) {
          msg = jobs.get(i).sample().image() + ": cannot be read (" + e.getCause() + ")";
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while validating " + dataset, e);
        }
        if (msg != null) {
          problems.add(
              new ValidationReport.Problem(jobs.get(i).split(), jobs.get(i).sample(), msg));
        }
      }
      return new ValidationReport(jobs.size(), problems);
    } finally {
      pool.shutdownNow();
      progress.close();
    }
  }

  /** The number of samples {@link #validate} will read for these splits. */
  public static int count(Dataset dataset, Collection<String> splits) {
    int n = 0;
    for (String s : splits) {
      n += dataset.samples(s).size();
    }
    return n;
  }
}

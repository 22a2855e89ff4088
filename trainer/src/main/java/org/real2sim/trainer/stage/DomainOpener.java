package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.config.DatasetRef;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.data.pipeline.DatasetValidator;
import org.real2sim.trainer.data.pipeline.ValidationReport;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.util.ProgressBar;

/** Opens and validates one data domain of a run, for {@link TrainContext}. */
final class DomainOpener {

  private DomainOpener() {}

  /**
   * Opens data set {@code ref} as domain {@code domain} ({@code synthetic} or {@code real}) of
   * {@code ctx}'s run: checks its task and splits and, with {@code data.validate}, decodes every
   * file, failing on bad ones or (with {@code data.skipBad}) skipping them with a warning and the
   * list in the run directory.
   */
  static Dataset open(TrainContext ctx, String domain, DatasetRef ref) {
    RunConfig config = ctx.config();
    RunDir run = ctx.run();
    Dataset d = Datasets.open(new DatasetSpec(ref.format(), Path.of(ref.root()), ref.options()));
    Task expected = ctx.task();
    if (d.task() != expected) {
      throw new TrainingException(
          "data."
              + domain
              + " ("
              + ref.format()
              + " at "
              + ref.root()
              + ") holds "
              + d.task().name().toLowerCase()
              + " data but data.task is "
              + config.data().task());
    }
    for (String split : List.of(ref.trainSplit(), ref.valSplit())) {
      if (!d.hasSplit(split)) {
        throw new TrainingException(
            "data."
                + domain
                + " at "
                + ref.root()
                + " has no split '"
                + split
                + "'; it has "
                + d.splits());
      }
    }
    if (!config.data().validate()) {
      return d;
    }
    List<String> splits = List.of(ref.trainSplit(), ref.valSplit());
    ValidationReport report;
    try (ProgressBar bar = ctx.progress("validate " + domain, DatasetValidator.count(d, splits))) {
      report =
          DatasetValidator.validate(
              d, splits, config.data().maxPixels(), config.data().loaderThreads(), bar);
    }
    if (report.ok()) {
      return d;
    }
    if (!config.data().skipBad()) {
      report.requireClean();
    }
    try {
      Dataset kept = report.skipBad(d, run.root());
      ctx.out()
          .println(
              "warning: skipped "
                  + report.badSamples().size()
                  + " bad "
                  + domain
                  + " files (listed in "
                  + run.root().resolve(ValidationReport.SKIPPED_FILE)
                  + ")");
      return kept;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the list of skipped files in " + run.root(), e);
    }
  }
}

package org.real2sim.tools.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.real2sim.trainer.stage.Stage;

/**
 * Turns a {@link RunData} into the report document, writing the plots into {@code plots/} and
 * copying the best sample grids into {@code samples/} of the output folder on the way. Everything
 * the run lacks is stated in its section and collected in {@link #missing()}.
 *
 * <p>The sections are written by four classes that share one {@link ReportContext}: {@link
 * MethodSections} (methods, per-class values, domain gap), {@link SweepSections} (alpha and
 * labeled-amount sweeps), {@link TrainingSections} (training curves, sample grids) and {@link
 * ProvenanceSections} (bundle, configuration). This class orders them and closes the document with
 * the missing pieces.
 */
final class ReportBuilder {

  /** The plot folder inside the report folder. */
  static final String PLOTS = "plots";

  /** The sample-grid folder inside the report folder. */
  static final String SAMPLES = "samples";

  /** The stages of a run (not sweep points), in the order the report shows them. */
  static final List<String> MAIN_STAGES = Stage.folders(List.of(Stage.values()));

  private final RunData data;
  private final ReportContext ctx;

  /**
   * A builder for {@code data} writing its files into {@code out}.
   *
   * @param out the folder that becomes the report folder
   */
  ReportBuilder(RunData data, Path out) {
    this.data = data;
    this.ctx = new ReportContext(data, out);
  }

  /** What the run lacks, one sentence each (filled by {@link #build}). */
  List<String> missing() {
    return ctx.missing();
  }

  /** The plot files written (filled by {@link #build}), PNG and SVG. */
  List<Path> plots() {
    return ctx.plots();
  }

  /** Builds the document, writing plots and copying sample grids. */
  Doc build() throws IOException {
    MethodSections methods = new MethodSections(ctx);
    SweepSections sweeps = new SweepSections(ctx);
    TrainingSections training = new TrainingSections(ctx);
    ProvenanceSections provenance = new ProvenanceSections(ctx);
    Doc doc = new Doc("real2sim report: " + data.name());
    doc.paragraph(
        "Run directory `"
            + data.root()
            + "`; task "
            + (data.task().isEmpty() ? "unknown" : data.task())
            + ", metric "
            + ctx.metricName
            + ". Written "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " from the run directory alone; `real2sim report "
            + data.root()
            + "` rebuilds it.");
    methods.methods(doc);
    methods.perClass(doc);
    methods.domainGap(doc);
    sweeps.alphaSweep(doc);
    sweeps.labeledSweep(doc);
    training.trainingCurves(doc);
    training.samples(doc);
    provenance.bundle(doc);
    provenance.configuration(doc);
    doc.section("Missing pieces");
    List<String> all = new ArrayList<>(ctx.missing());
    all.addAll(data.problems());
    if (all.isEmpty()) {
      doc.paragraph("None: every part of the report could be filled.");
    } else {
      doc.bullets(all);
    }
    return doc;
  }
}

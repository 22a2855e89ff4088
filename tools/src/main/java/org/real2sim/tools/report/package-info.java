/**
 * The run report: {@code report.md} and {@code report.html} with the configuration, the methods
 * table, per-class values, the domain-gap table, the α and labeled-amount curves, training curves,
 * sample grids and the exported bundle, rebuilt from a run directory alone.
 *
 * <p>{@link org.real2sim.tools.report.Report#write} is the entry point. {@code RunData} reads the
 * run directory, {@code ReportBuilder} turns it into a {@code Doc} (headings, paragraphs, tables,
 * figures) and the plots ({@code Plots}, XChart, PNG and SVG), and {@code Markdown} and {@code
 * Html} render the same document twice. {@code ReportBuilder} only orders the sections; they are
 * written by {@code MethodSections} (methods, per-class values, domain gap), {@code SweepSections}
 * (alpha and labeled-amount sweeps), {@code TrainingSections} (training curves, sample grids) and
 * {@code ProvenanceSections} (bundle, configuration), which share one {@code ReportContext} (the
 * run, the output folder, the missing pieces and plots collected, the number formats). Nothing here
 * needs TensorFlow, the data sets or the checkpoints.
 */
package org.real2sim.tools.report;

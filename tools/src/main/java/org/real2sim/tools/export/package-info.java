/**
 * Exporting a finished training run: {@link org.real2sim.tools.export.RunExporter} reads the run
 * directory (configuration, checkpoints, results, validation images) and writes its bundle through
 * the exporter module, as its {@link org.real2sim.tools.export.ExportOptions} ask.
 */
package org.real2sim.tools.export;

package org.real2sim.exporter.pipeline;

import java.nio.file.Path;
import org.real2sim.exporter.parity.ParityReport;
import org.real2sim.runtime.bundle.BundleManifest;

/**
 * What an export wrote and measured.
 *
 * @param bundle the bundle directory
 * @param manifest the manifest as written (checksums filled in)
 * @param parity the parity numbers the bundle passed
 * @param parameters the number of weight values in the graph (running statistics included)
 * @param modelBytes the size of {@code model.onnx} (plus external data, if any)
 */
public record ExportResult(
    Path bundle, BundleManifest manifest, ParityReport parity, long parameters, long modelBytes) {}

/**
 * Exports trained networks as one fused ONNX graph plus a bundle manifest. {@link
 * org.real2sim.exporter.onnx} writes ONNX (operator checks, layer writers, pre- and
 * post-processing, model assembly); {@link org.real2sim.exporter.bundle} writes bundle directories.
 */
package org.real2sim.exporter;

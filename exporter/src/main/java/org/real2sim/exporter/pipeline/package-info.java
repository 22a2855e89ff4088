/**
 * The export of trained networks as a bundle: an explicit {@link
 * org.real2sim.exporter.pipeline.ExportSpec} (part, task, classes, architectures, weights, input
 * policy, opset, precision, provenance; {@code ExportSpecChecks} relates its fields) goes through
 * {@link org.real2sim.exporter.pipeline.PipelineExporter}, which writes the fused ONNX graph,
 * checks it against TensorFlow and publishes the bundle.
 */
package org.real2sim.exporter.pipeline;

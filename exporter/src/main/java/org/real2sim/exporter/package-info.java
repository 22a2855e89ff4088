/**
 * Exports trained networks as one fused ONNX graph plus a bundle manifest. {@link
 * org.real2sim.exporter.onnx} writes ONNX (operator checks, layer writers, pre- and
 * post-processing, model assembly); {@link org.real2sim.exporter.nets} writes tf-models' networks
 * from their weights; {@link org.real2sim.exporter.pipeline} assembles a bundle from an explicit
 * spec; {@link org.real2sim.exporter.parity} checks it against TensorFlow; {@link
 * org.real2sim.exporter.bundle} writes bundle directories.
 */
package org.real2sim.exporter;

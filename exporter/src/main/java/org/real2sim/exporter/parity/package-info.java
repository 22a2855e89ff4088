/**
 * The parity check of an export: the same networks built in TensorFlow from tf-models ({@link
 * org.real2sim.exporter.parity.TfInference}) and the exported graph in ONNX Runtime, run on the
 * same uint8 images ({@link org.real2sim.exporter.parity.SampleImages}) and compared element-wise
 * against a {@link org.real2sim.exporter.parity.ParityTolerance} by {@link
 * org.real2sim.exporter.parity.ParityChecker}, which keeps its running totals in {@code
 * ParityAccumulator}.
 */
package org.real2sim.exporter.parity;

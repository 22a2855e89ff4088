/**
 * Rewrites of a finished ONNX graph that compute the same function faster in ONNX Runtime, applied
 * after the network writers ({@link org.real2sim.exporter.passes.SubPixelConvTranspose}).
 */
package org.real2sim.exporter.passes;

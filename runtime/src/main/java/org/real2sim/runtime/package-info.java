/**
 * The deployable runtime: {@link org.real2sim.runtime.Pipeline} runs an exported bundle on ONNX
 * Runtime (CPU, or CUDA with a logged fallback to CPU) and returns masks or classes with optional
 * scores and timing. Depends on ONNX Runtime and Jackson only; no TensorFlow class is reachable.
 */
package org.real2sim.runtime;

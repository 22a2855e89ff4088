/**
 * The deployable runtime: {@link org.real2sim.runtime.Pipeline} runs an exported bundle on ONNX
 * Runtime (CPU, or CUDA with a logged fallback to CPU) and returns masks or classes with optional
 * scores and timing. Depends on ONNX Runtime and Jackson only; no TensorFlow class is reachable.
 *
 * <p>Inside: {@code SessionOpener} creates the session from the verified model (device, fallback,
 * thread pool, external initializers), {@code ModelCheck} checks the model's signature and metadata
 * against the manifest, {@code Inference} runs batches over pooled native buffers ({@code
 * BufferPool}) and owns every native handle, {@code TaskResults} refuses calls a bundle cannot
 * serve and turns raw outputs into results, and {@code Pipeline} is the public face. {@link
 * org.real2sim.runtime.Options} holds its settings.
 */
package org.real2sim.runtime;

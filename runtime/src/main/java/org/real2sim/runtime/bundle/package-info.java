/**
 * The bundle a deployment receives: {@code model.onnx} plus {@code bundle.json}, described by
 * {@link org.real2sim.runtime.bundle.BundleManifest}. The exporter writes the manifest with the
 * same classes the runtime reads it with, so the two can never disagree about the format.
 */
package org.real2sim.runtime.bundle;

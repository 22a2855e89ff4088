/**
 * The bundle a deployment receives: {@code model.onnx} plus {@code bundle.json}, described by
 * {@link org.real2sim.runtime.bundle.BundleManifest}. The exporter writes the manifest with the
 * same classes the runtime reads it with, so the two can never disagree about the format.
 *
 * <p>Inside: {@code ManifestJson} (the strict JSON reading and the format-version gate), {@code
 * ManifestFields} (validation of the fields), {@link org.real2sim.runtime.bundle.ModelMetadata}
 * (the {@code metadata_props} keys), {@code ManifestChecksums} and {@link
 * org.real2sim.runtime.bundle.SealedModel} (SHA-256 verification; {@code PlannedTensor} checks each
 * external tensor's reference before its data is read), {@link
 * org.real2sim.runtime.bundle.BundleSource} with its directory and zip implementations (safe file
 * access), {@link org.real2sim.runtime.bundle.OnnxModelReader} over {@code ProtoCursor} (the
 * protobuf wire reader that finds every {@link org.real2sim.runtime.bundle.ExternalTensor}) and
 * {@link org.real2sim.runtime.bundle.Palette} (class colours).
 */
package org.real2sim.runtime.bundle;

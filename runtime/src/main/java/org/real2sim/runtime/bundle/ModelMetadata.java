package org.real2sim.runtime.bundle;

/**
 * The keys under which the exporter copies a bundle's identity into the model's {@code
 * metadata_props} ({@link BundleManifest#metadataProps()}), and which the runtime checks against
 * the manifest when it opens the model.
 */
public final class ModelMetadata {

  private ModelMetadata() {}

  /** The key holding the provenance as JSON. */
  public static final String PROVENANCE = "real2sim.provenance";

  /** The key holding the class names as a JSON array. */
  public static final String CLASSES = "real2sim.classes";

  /** The key holding the task. */
  public static final String TASK = "real2sim.task";

  /** The key holding the bundle part. */
  public static final String PART = "real2sim.part";

  /** The key holding the manifest format version. */
  public static final String FORMAT_VERSION = "real2sim.format_version";
}

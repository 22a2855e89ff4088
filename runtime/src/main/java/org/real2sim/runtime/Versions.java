package org.real2sim.runtime;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions of real2sim and of the ONNX Runtime it runs on, read from build metadata: the
 * project's own {@code versions.properties} (filtered from the POM when the module is built) and
 * the {@code Implementation-*} entries of the ONNX Runtime jar on the class path. Reading them
 * loads no native library and no TensorFlow class.
 */
public final class Versions {

  private static final Properties BUILD = load();

  private Versions() {}

  /** The real2sim version this runtime was built as, e.g. {@code 0.1.0}. */
  public static String real2sim() {
    return BUILD.getProperty("real2sim.version", "unknown");
  }

  /** The ONNX Runtime version the build was compiled and tested against. */
  public static String onnxRuntimeBuiltWith() {
    return BUILD.getProperty("onnxruntime.version", "unknown");
  }

  /**
   * The TensorFlow Java version the training side of the same build used; the runtime never loads
   * TensorFlow, this is a recorded fact of the build.
   */
  public static String tensorFlowJavaBuiltWith() {
    return BUILD.getProperty("tensorflow.version", "unknown");
  }

  /**
   * The ONNX Runtime jar on the class path: its artifact ({@code onnxruntime} for the CPU build,
   * {@code onnxruntime_gpu} for the CUDA build) and version, from its manifest, e.g. {@code
   * onnxruntime 1.29.0}; {@code unknown} parts when the jar carries no manifest entries.
   */
  public static String onnxRuntimeOnClassPath() {
    Package p = OrtEnvironment.class.getPackage();
    String title = p == null ? null : p.getImplementationTitle();
    String version = p == null ? null : p.getImplementationVersion();
    return (title == null ? "onnxruntime" : title) + " " + (version == null ? "unknown" : version);
  }

  /** The ONNX Runtime line of a {@code --version} table: the jar in use and the build's. */
  public static String onnxRuntimeLine() {
    return "onnxruntime  "
        + onnxRuntimeOnClassPath()
        + " (built against "
        + onnxRuntimeBuiltWith()
        + ")";
  }

  /** The Java line of a {@code --version} table: version, vendor, OS and architecture. */
  public static String javaLine() {
    return "java         "
        + System.getProperty("java.version")
        + " ("
        + System.getProperty("java.vendor")
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + ")";
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read versions.properties: " + e.getMessage(), e);
    }
    return p;
  }
}

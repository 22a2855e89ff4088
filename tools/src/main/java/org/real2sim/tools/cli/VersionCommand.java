package org.real2sim.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import org.real2sim.runtime.Versions;
import org.tensorflow.TensorFlow;

/**
 * {@code real2sim --version}: the versions of real2sim, TensorFlow Java (the jar on the class path,
 * from its Maven metadata, and the native TensorFlow it wraps) and ONNX Runtime.
 */
final class VersionCommand {

  private VersionCommand() {}

  static void print(PrintStream out) {
    out.println("real2sim     " + Versions.real2sim());
    out.println(
        "tensorflow   TensorFlow Java "
            + tensorFlowJava()
            + " (native TensorFlow "
            + nativeTensorFlow()
            + ")");
    out.println(Versions.onnxRuntimeLine());
    out.println(Versions.javaLine());
  }

  /** The version in tensorflow-core-api's own Maven metadata, or the build's when it has none. */
  static String tensorFlowJava() {
    String res = "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties";
    try (InputStream in = TensorFlow.class.getResourceAsStream(res)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through to the build's record
    }
    return Versions.tensorFlowJavaBuiltWith();
  }

  private static String nativeTensorFlow() {
    try {
      return TensorFlow.version();
    } catch (LinkageError e) {
      return "not loadable: " + e.getMessage();
    }
  }
}

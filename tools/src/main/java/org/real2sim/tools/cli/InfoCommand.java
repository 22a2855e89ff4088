package org.real2sim.tools.cli;

import ai.onnxruntime.OrtEnvironment;
import java.io.PrintStream;
import org.real2sim.models.nn.OneDnnCache;
import org.tensorflow.TensorFlow;

/**
 * {@code real2sim info}: versions of Java, TensorFlow and ONNX Runtime, cores and ONNX Runtime
 * providers.
 */
final class InfoCommand {

  private InfoCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0) {
      if (args[0].equals("--help") || args[0].equals("-h")) {
        out.println("usage: real2sim info");
        out.println("Print versions, threads and devices this installation sees.");
        return 0;
      }
      err.println("real2sim info: unexpected argument '" + args[0] + "' (it takes none)");
      return 2;
    }
    out.printf("%-22s %s%n", "java", System.getProperty("java.version"));
    out.printf("%-22s %d%n", "cores", Runtime.getRuntime().availableProcessors());
    out.printf("%-22s %s%n", "tensorflow (native)", TensorFlow.version());
    out.printf("%-22s %s%n", "tensorflow oneDNN", OneDnnCache.describe());
    out.printf(
        "%-22s %s%n",
        "onnxruntime", org.real2sim.runtime.RuntimeEnvironment.environment().getVersion());
    out.printf("%-22s %s%n", "onnxruntime providers", OrtEnvironment.getAvailableProviders());
    return 0;
  }
}

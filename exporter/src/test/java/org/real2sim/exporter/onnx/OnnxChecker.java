package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.onnx.global.onnx;

/**
 * The official ONNX checker (onnx 1.17 through org.bytedeco:onnx), full check with shape inference.
 *
 * <p>Its native library is published for linux-x86_64, macosx-x86_64 and windows-x86_64 only; the
 * build sets {@code real2sim.onnx.checker=true} where it has it (exporter/pom.xml). Elsewhere the
 * check is skipped with one note on standard error, and the rest of each test still runs.
 */
public final class OnnxChecker {

  /** Whether this platform has the checker (set by the build). */
  static final boolean AVAILABLE = Boolean.getBoolean("real2sim.onnx.checker");

  private static boolean noted;

  private OnnxChecker() {}

  /**
   * Checks the model file at {@code path}; throws {@link AssertionError} with the checker's
   * message.
   */
  public static void check(Path path) {
    if (!AVAILABLE) {
      synchronized (OnnxChecker.class) {
        if (!noted) {
          noted = true;
          System.err.println(
              "note: no ONNX checker native for "
                  + System.getProperty("os.name")
                  + " "
                  + System.getProperty("os.arch")
                  + ": structural checks skipped");
        }
      }
      return;
    }
    try {
      onnx.check_model(path.toString(), true, false, false);
    } catch (RuntimeException e) {
      throw new AssertionError("ONNX checker rejected " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code model} to {@code dir/name} and checks it; returns the path. */
  public static Path check(ModelProto model, Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, model.toByteArray());
    check(p);
    return p;
  }
}

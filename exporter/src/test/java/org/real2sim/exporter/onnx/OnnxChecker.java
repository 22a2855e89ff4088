package org.real2sim.exporter.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.onnx.global.onnx;

/**
 * The official ONNX checker (onnx 1.17 through org.bytedeco:onnx), full check with shape inference.
 */
public final class OnnxChecker {

  private OnnxChecker() {}

  /**
   * Checks the model file at {@code path}; throws {@link AssertionError} with the checker's
   * message.
   */
  public static void check(Path path) {
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

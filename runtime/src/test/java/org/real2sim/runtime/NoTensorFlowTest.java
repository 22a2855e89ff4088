package org.real2sim.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import org.junit.jupiter.api.Test;

/** The runtime must run on a machine without TensorFlow (docs/overview.md); the pom bans it too. */
class NoTensorFlowTest {

  @Test
  void noTensorFlowClassIsLoadable() {
    for (String c :
        new String[] {
          "org.tensorflow.TensorFlow",
          "org.tensorflow.Graph",
          "org.tensorflow.op.Ops",
          "org.bytedeco.javacpp.Loader"
        }) {
      assertThrows(
          ClassNotFoundException.class,
          () -> Class.forName(c, false, getClass().getClassLoader()),
          c);
    }
  }

  @Test
  void noTensorFlowJarIsOnTheTestClassPath() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName().toLowerCase(java.util.Locale.ROOT);
      assertFalse(
          name.contains("tensorflow") || name.contains("javacpp"), "class path holds " + entry);
    }
  }
}

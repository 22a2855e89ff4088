package org.real2sim.tools.export;

import java.io.IOException;
import java.nio.file.Path;

/** Gives tests in other packages the {@link TinyRun} fixture. */
public final class TinyRunAccess {

  private TinyRunAccess() {}

  /** {@link TinyRun#create}. */
  public static Path create(Path dir) throws IOException {
    return TinyRun.create(dir);
  }
}

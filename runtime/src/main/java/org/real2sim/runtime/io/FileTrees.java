package org.real2sim.runtime.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes folder trees: the one recursive delete of the exporter and the tools (the runtime itself
 * needs none; it lives here, beside {@link AtomicFiles}, because every module but the trainer can
 * see the runtime). Symbolic links are deleted, never followed, so a link inside the tree cannot
 * make it delete files outside.
 */
public final class FileTrees {

  private FileTrees() {}

  /**
   * Deletes {@code path} and, if it is a folder, everything under it; does nothing when it does not
   * exist.
   *
   * @throws IOException naming the entry that could not be deleted
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * {@link #deleteRecursively} for clean-up of temporary folders, where a leftover is harmless:
   * returns the failure instead of throwing it, null when everything was deleted.
   */
  public static IOException deleteQuietly(Path path) {
    try {
      deleteRecursively(path);
      return null;
    } catch (IOException e) {
      return e;
    }
  }
}

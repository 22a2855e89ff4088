package org.real2sim.trainer.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.real2sim.models.io.Checkpoints;

/**
 * What a {@link CheckpointFolder} deletes and what it must not: the checkpoints its pointer files
 * name, the leftovers of interrupted saves and prunes, and the recursive delete of a checkpoint
 * directory.
 */
final class CheckpointCleanup {

  private CheckpointCleanup() {}

  /** The checkpoints every pointer file of {@code root} names. */
  static Set<Path> pointedTo(Path root) throws IOException {
    Set<Path> out = new HashSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p)
            && CheckpointFolder.POINTER_NAME.matcher(n).matches()
            && Files.size(p) < 256) {
          String target = Files.readString(p, StandardCharsets.UTF_8).trim();
          if (Checkpoints.DIR_NAME.matcher(target).matches()) {
            out.add(root.resolve(target));
          }
        }
      }
    }
    return out;
  }

  /**
   * Deletes temporary and renamed-aside entries of {@code root} left by interrupted saves and
   * prunes.
   */
  static void removeLeftovers(Path root) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && (n.contains(".tmp-") || n.contains(".old-"))) {
          deleteRecursively(p);
        }
      }
    }
  }

  /** Deletes {@code p} and everything under it; nothing when it does not exist. */
  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) {
              throw exc;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

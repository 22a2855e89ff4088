package org.real2sim.trainer.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old or the new content, never a torn one: data goes
 * to a temporary file in the same folder, is forced to disk, then renamed over the target
 * atomically, and the folder is forced too so that the rename survives a power cut. The runtime
 * keeps its own copy ({@code org.real2sim.runtime.io.AtomicFiles}, same behaviour) because it may
 * depend on nothing of the training side.
 */
public final class AtomicFiles {

  /** Writes the content of a file through an output stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content to {@code out}. */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Atomically replaces {@code target} with what {@code writer} writes. */
  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (var ch =
              java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
  }

  /**
   * Forces a directory's entries to disk, so that a rename into it survives a power cut. Platforms
   * that cannot open a directory for syncing (Windows) are skipped: there a rename is as durable as
   * the platform makes it. The runtime's {@code AtomicFiles} does the same.
   */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here; nothing more can be done portably.
    }
  }

  /** Atomically replaces {@code target} with {@code content} in UTF-8. */
  public static void writeString(Path target, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /** Renames {@code from} to {@code to} atomically, replacing {@code to}. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "The file system of " + to + " cannot rename atomically; choose a local run directory",
          e);
    }
  }
}

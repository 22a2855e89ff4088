package org.real2sim.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that readers see either the old content or the complete new one, never a torn
 * file.
 *
 * <p>Content goes to a hidden temporary sibling ({@code .<name>.<random>.tmp}) in the same
 * directory and is forced to disk ({@code fsync}); it is then moved over the target with {@link
 * StandardCopyOption#ATOMIC_MOVE} (falling back to a plain replacing move on file systems without
 * atomic moves), and the directory is forced too, so that the rename itself survives a power cut
 * (as the trainer's checkpoint writes do). When writing fails, the temporary file is deleted and
 * the target is left untouched.
 */
public final class AtomicFiles {

  /** Writes content to an output stream; may throw {@link IOException}. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content to {@code out}; the stream is closed by the caller. */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically with the bytes that {@code writer} produces.
   *
   * @throws IOException naming the target when the parent directory is missing or writing fails
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IOException("Cannot write " + target + ": directory " + parent + " does not exist");
    }
    Path tmp = temporarySibling(target);
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      move(tmp, target);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    syncDirectory(parent);
  }

  /**
   * Forces a directory's entries to disk (after a rename into it). File systems and platforms that
   * cannot open a directory for syncing (Windows) are skipped silently: there a rename is as
   * durable as the platform makes it.
   */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here; nothing more can be done portably.
    }
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Moves {@code source} onto {@code target} atomically where the file system allows it, replacing
   * an existing target.
   */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A fresh hidden name next to {@code target}, recognisable by {@link #isTemporary(Path)}. */
  public static Path temporarySibling(Path target) {
    String name = target.getFileName().toString();
    return target.resolveSibling(
        "." + name + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
  }

  /** Whether {@code file} is a temporary file left by this class (for example after a crash). */
  public static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".tmp");
  }
}

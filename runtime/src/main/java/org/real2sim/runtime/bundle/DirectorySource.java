package org.real2sim.runtime.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A bundle directory on disk. */
final class DirectorySource extends BundleSource {
  private final Path dir;

  DirectorySource(Path dir) {
    this.dir = dir;
  }

  @Override
  public String describe() {
    return "bundle " + dir;
  }

  @Override
  public Path directoryPath() {
    return dir;
  }

  @Override
  public Path pathOf(String file) {
    return dir.resolve(file);
  }

  /**
   * The real path of {@code file}, checked: in the bundle's real directory, a regular file.
   *
   * @throws BundleException otherwise, naming the file
   */
  public Path checked(String file) {
    plain(this, file);
    Path p = dir.resolve(file);
    Path real;
    Path realDir;
    try {
      realDir = dir.toRealPath();
    } catch (NoSuchFileException e) {
      throw new BundleException(dir, "Bundle directory " + dir + " does not exist", e);
    } catch (IOException e) {
      throw new BundleException(dir, "Cannot resolve bundle directory " + dir + ": " + e, e);
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new BundleException(
          p, "Bundle " + dir + " is missing " + file, new NoSuchFileException(p.toString()));
    }
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new BundleException(
          p,
          "Bundle "
              + dir
              + ": "
              + file
              + " is a symbolic link to a file that does not exist or cannot be resolved ("
              + e.getMessage()
              + ")",
          e);
    }
    if (!realDir.equals(real.getParent())) {
      throw new BundleException(
          p,
          "Bundle "
              + dir
              + ": "
              + file
              + " is a symbolic link to "
              + real
              + ", outside the bundle directory "
              + realDir
              + ": a sealed bundle reads only its own files");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new BundleException(
          p,
          "Bundle "
              + dir
              + ": "
              + file
              + " is not a regular file ("
              + kind(real)
              + "); it cannot be part of a bundle");
    }
    return real;
  }

  @Override
  public long size(String file) {
    Path real = checked(file);
    try {
      return Files.size(real);
    } catch (IOException e) {
      throw new BundleException(pathOf(file), "Cannot read " + pathOf(file) + ": " + e, e);
    }
  }

  @Override
  public InputStream open(String file) {
    Path real = checked(file);
    try {
      return Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new BundleException(pathOf(file), "Cannot read " + pathOf(file) + ": " + e, e);
    }
  }

  private static String kind(Path p) {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return "a directory";
    }
    return "a FIFO, socket or device";
  }
}

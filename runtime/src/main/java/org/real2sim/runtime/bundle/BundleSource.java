package org.real2sim.runtime.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where a bundle's files come from: a directory, or a zip archive held in memory. Every read goes
 * through {@link #open(String)} or {@link #readAll(String, long)}, which accept only a plain file
 * name of the bundle (no directory part, no {@code ..}, nothing absolute) and, for a directory,
 * only a regular file whose real path lies in the bundle directory itself: a symbolic link out of
 * the bundle, a FIFO or a device is refused before it is opened, with the file named.
 *
 * <p>A zip is read once, entry by entry, with the inflated size counted as it is produced: the
 * archive may hold at most {@value #MAX_ZIP_ENTRIES} entries and {@code maxBytes} inflated bytes
 * (zip bombs stop at the limit, not after it); entry names with a directory part other than one
 * common top-level folder, {@code ..}, absolute names, back slashes and duplicates are refused
 * (zip-slip). Nothing of a zip ever touches the file system.
 */
public abstract sealed class BundleSource permits DirectorySource, ZipSource {

  /** The most entries a bundle zip may hold. */
  public static final int MAX_ZIP_ENTRIES = 64;

  /** The largest single file a bundle may hold (a Java array, and protobuf's limit). */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8L;

  BundleSource() {}

  /** A bundle directory. */
  public static BundleSource directory(Path dir) {
    return new DirectorySource(dir);
  }

  /**
   * Reads a zip archive of a bundle from {@code in} (not closed) into memory.
   *
   * @param name names the archive in messages (a file name, a URL)
   * @param maxBytes the most bytes the archive may inflate to, and the most compressed bytes read
   * @throws BundleException naming the archive and the entry when it is malformed, too large, or
   *     holds an unsafe entry name
   */
  public static BundleSource zip(InputStream in, String name, long maxBytes) {
    return ZipSource.read(in, name, maxBytes);
  }

  /** Says where the bundle is, for messages: its directory, or {@code zip 'name'}. */
  public abstract String describe();

  /** The bundle directory, or null for a zip. */
  public abstract Path directoryPath();

  /** A path naming {@code file} of the bundle in messages and in {@link BundleException#path()}. */
  public abstract Path pathOf(String file);

  /**
   * The size of {@code file} in bytes.
   *
   * @throws BundleException when it is missing, unsafe or unreadable
   */
  public abstract long size(String file);

  /**
   * Opens {@code file} for reading.
   *
   * @throws BundleException when it is missing, not a plain name, a link out of the bundle or not a
   *     regular file
   */
  public abstract InputStream open(String file);

  /**
   * Reads {@code file} whole, refusing it when it holds more than {@code limit} bytes.
   *
   * @throws BundleException naming the file and the limit
   */
  public byte[] readAll(String file, long limit) {
    long size = size(file);
    if (size > limit || size > MAX_FILE_BYTES) {
      throw new BundleException(
          pathOf(file),
          describe()
              + ": "
              + file
              + " holds "
              + size
              + " bytes, more than the "
              + Math.min(limit, MAX_FILE_BYTES)
              + " this reader accepts");
    }
    try (InputStream in = open(file)) {
      byte[] b = in.readNBytes((int) size + 1);
      if (b.length != size) {
        throw new BundleException(
            pathOf(file),
            describe()
                + ": "
                + file
                + " changed while it was read ("
                + size
                + " bytes expected, "
                + b.length
                + " read)");
      }
      return b;
    } catch (IOException e) {
      throw new BundleException(pathOf(file), describe() + ": cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Checks that {@code name} is a plain file name of the bundle: not empty, no {@code /} or {@code
   * \}, not {@code .} or {@code ..}, no NUL or control character.
   *
   * @throws IllegalArgumentException naming {@code what} and the name
   */
  public static void requirePlainName(String what, String name) {
    if (name == null
        || name.isBlank()
        || name.contains("/")
        || name.contains("\\")
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)
        || (name.length() >= 2 && name.charAt(1) == ':')) {
      throw new IllegalArgumentException(
          what
              + " must be a plain file name inside the bundle directory (no directory part, no"
              + " '..', nothing absolute), found '"
              + name
              + "'");
    }
  }

  static void plain(BundleSource s, String file) {
    try {
      requirePlainName("a bundle file", file);
    } catch (IllegalArgumentException e) {
      throw new BundleException(s.pathOf("."), s.describe() + ": " + e.getMessage());
    }
  }
}

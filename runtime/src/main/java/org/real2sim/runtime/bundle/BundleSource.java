package org.real2sim.runtime.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

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
public abstract sealed class BundleSource permits BundleSource.Directory, BundleSource.Zip {

  /** The most entries a bundle zip may hold. */
  public static final int MAX_ZIP_ENTRIES = 64;

  /** The largest single file a bundle may hold (a Java array, and protobuf's limit). */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8L;

  private BundleSource() {}

  /** A bundle directory. */
  public static BundleSource directory(Path dir) {
    return new Directory(dir);
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
    return Zip.read(in, name, maxBytes);
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

  private static void plain(BundleSource s, String file) {
    try {
      requirePlainName("a bundle file", file);
    } catch (IllegalArgumentException e) {
      throw new BundleException(s.pathOf("."), s.describe() + ": " + e.getMessage());
    }
  }

  /** A bundle directory on disk. */
  public static final class Directory extends BundleSource {
    private final Path dir;

    private Directory(Path dir) {
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

  /** A bundle zip, read into memory. */
  public static final class Zip extends BundleSource {
    private final String name;
    private final Map<String, byte[]> entries;

    private Zip(String name, Map<String, byte[]> entries) {
      this.name = name;
      this.entries = entries;
    }

    /** The plain file names the archive holds, in archive order. */
    public java.util.Set<String> names() {
      return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    @Override
    public String describe() {
      return "bundle zip '" + name + "'";
    }

    @Override
    public Path directoryPath() {
      return null;
    }

    @Override
    public Path pathOf(String file) {
      return Path.of(name.replace('/', '_').replace('\\', '_') + "!" + file);
    }

    private byte[] entry(String file) {
      plain(this, file);
      byte[] b = entries.get(file);
      if (b == null) {
        throw new BundleException(
            pathOf(file),
            describe() + " is missing " + file,
            new NoSuchFileException(pathOf(file).toString()));
      }
      return b;
    }

    @Override
    public long size(String file) {
      return entry(file).length;
    }

    @Override
    public InputStream open(String file) {
      return new ByteArrayInputStream(entry(file));
    }

    static Zip read(InputStream raw, String name, long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, found " + maxBytes);
      }
      Path where = Path.of(name.replace('/', '_').replace('\\', '_'));
      Map<String, byte[]> files = new LinkedHashMap<>();
      String prefix = null;
      long total = 0;
      int count = 0;
      CountingInputStream counted = new CountingInputStream(raw, maxBytes);
      try (ZipInputStream zin = new ZipInputStream(counted)) {
        ZipEntry e;
        byte[] buf = new byte[1 << 16];
        while ((e = zin.getNextEntry()) != null) {
          if (++count > MAX_ZIP_ENTRIES) {
            throw new BundleException(
                where,
                "bundle zip '"
                    + name
                    + "' holds more than "
                    + MAX_ZIP_ENTRIES
                    + " entries; a bundle has a manifest and a few model files");
          }
          String entryName = e.getName();
          String[] parts = splitEntry(entryName, name, where);
          if (e.isDirectory()) {
            if (parts.length != 1 || (prefix != null && !prefix.equals(parts[0]))) {
              throw unsafe(where, name, entryName, "a second folder");
            }
            prefix = parts[0];
            continue;
          }
          String file;
          if (parts.length == 2) {
            if (prefix != null && !prefix.equals(parts[0])) {
              throw unsafe(where, name, entryName, "files in more than one folder");
            }
            if (prefix == null && !files.isEmpty()) {
              throw unsafe(where, name, entryName, "files both in a folder and at the top");
            }
            prefix = parts[0];
            file = parts[1];
          } else {
            if (prefix != null) {
              throw unsafe(where, name, entryName, "files both in a folder and at the top");
            }
            file = parts[0];
          }
          if (files.containsKey(file)) {
            throw unsafe(where, name, entryName, "a second entry of the same name");
          }
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          int n;
          while ((n = zin.read(buf)) > 0) {
            total += n;
            if (total > maxBytes || out.size() + (long) n > MAX_FILE_BYTES) {
              throw new BundleException(
                  where,
                  "bundle zip '"
                      + name
                      + "' inflates to more than "
                      + Math.min(maxBytes, MAX_FILE_BYTES)
                      + " bytes (reading entry '"
                      + entryName
                      + "'): refused as a possible zip bomb; raise Options.maxBundleBytes if the"
                      + " bundle is genuine");
            }
            out.write(buf, 0, n);
          }
          files.put(file, out.toByteArray());
        }
      } catch (ZipException ex) {
        throw new BundleException(
            where,
            "bundle zip '" + name + "' is not a readable zip archive: " + ex.getMessage(),
            ex);
      } catch (IOException ex) {
        throw new BundleException(
            where, "Cannot read bundle zip '" + name + "': " + message(ex), ex);
      } catch (IllegalArgumentException ex) {
        // ZipInputStream reports a malformed entry name this way.
        throw new BundleException(
            where, "bundle zip '" + name + "' is malformed: " + ex.getMessage(), ex);
      }
      if (files.isEmpty()) {
        throw new BundleException(where, "bundle zip '" + name + "' holds no files");
      }
      return new Zip(name, files);
    }

    private static String message(IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String[] splitEntry(String entry, String zip, Path where) {
      String n = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
      if (n.isEmpty()
          || n.startsWith("/")
          || n.contains("\\")
          || n.contains("\0")
          || (n.length() >= 2 && n.charAt(1) == ':')) {
        throw unsafe(where, zip, entry, "an absolute or malformed name");
      }
      String[] parts = n.split("/", -1);
      if (parts.length > 2) {
        throw unsafe(where, zip, entry, "nested folders");
      }
      for (String p : parts) {
        if (p.isEmpty() || p.equals(".") || p.equals("..")) {
          throw unsafe(where, zip, entry, "'.' or '..' in its name");
        }
        try {
          requirePlainName("zip entry", p);
        } catch (IllegalArgumentException x) {
          throw unsafe(where, zip, entry, "a control character or drive letter in its name");
        }
      }
      return parts;
    }

    private static BundleException unsafe(Path where, String zip, String entry, String why) {
      return new BundleException(
          where,
          "bundle zip '"
              + zip
              + "' has an unsafe entry '"
              + entry
              + "' ("
              + why
              + "): a bundle zip holds plain files, optionally in one top-level folder");
    }
  }

  /** Counts the compressed bytes and stops at a limit. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private final long limit;
    private long count;

    CountingInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) throws IOException {
      count += n;
      if (count > limit) {
        throw new IOException(
            "the archive is larger than " + limit + " bytes (raise Options.maxBundleBytes)");
      }
    }

    @Override
    public void close() {
      // The caller owns the underlying stream.
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d bytes read", count);
    }
  }
}

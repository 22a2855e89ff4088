package org.real2sim.runtime.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/** A bundle zip, read into memory. */
final class ZipSource extends BundleSource {
  private final String name;
  private final Map<String, byte[]> entries;

  ZipSource(String name, Map<String, byte[]> entries) {
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

  static ZipSource read(InputStream raw, String name, long maxBytes) {
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
          where, "bundle zip '" + name + "' is not a readable zip archive: " + ex.getMessage(), ex);
    } catch (IOException ex) {
      throw new BundleException(where, "Cannot read bundle zip '" + name + "': " + message(ex), ex);
    } catch (IllegalArgumentException ex) {
      // ZipInputStream reports a malformed entry name this way.
      throw new BundleException(
          where, "bundle zip '" + name + "' is malformed: " + ex.getMessage(), ex);
    }
    if (files.isEmpty()) {
      throw new BundleException(where, "bundle zip '" + name + "' holds no files");
    }
    return new ZipSource(name, files);
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

package org.real2sim.runtime.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.real2sim.runtime.io.AtomicFiles;

/**
 * {@code predictions.csv} and its JSON-lines twin {@code predictions.jsonl}, appended one image at
 * a time and flushed after each, so that a run killed at any point (kill -9, a full disk, a power
 * cut after the OS wrote its buffers) leaves every image that finished on record.
 *
 * <p>Each image's JSON line is written before its CSV row, so the CSV (the record of what finished)
 * never lists an image the JSON lines lack. {@link #open} with {@code resume} reads what an earlier
 * run left: it drops a torn last line of either file (one without its newline), keeps the JSON
 * lines of the images the CSV lists, and reports those images as done so that the run skips them;
 * without {@code resume}, existing prediction files are refused rather than overwritten.
 */
final class PredictionLog implements AutoCloseable {

  /** The CSV file name. */
  static final String CSV = "predictions.csv";

  /** The JSON-lines file name. */
  static final String JSONL = "predictions.jsonl";

  private final Path csvFile;
  private final Path jsonFile;
  private final FileChannel csv;
  private final FileChannel json;
  private final Set<String> done;

  private PredictionLog(
      Path csvFile, Path jsonFile, FileChannel csv, FileChannel json, Set<String> done) {
    this.csvFile = csvFile;
    this.jsonFile = jsonFile;
    this.csv = csv;
    this.json = json;
    this.done = done;
  }

  /**
   * Opens the logs in {@code dir} with {@code header} as the CSV's first line.
   *
   * @throws IOException naming the file when one is in the way, cannot be written, belongs to
   *     another bundle (another header) or, without {@code resume}, already exists
   */
  static PredictionLog open(Path dir, String header, boolean resume) throws IOException {
    Path csvFile = dir.resolve(CSV);
    Path jsonFile = dir.resolve(JSONL);
    for (Path f : List.of(csvFile, jsonFile)) {
      if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f)) {
        throw new IOException(f + " is in the way: it exists but is not a regular file");
      }
    }
    boolean exists = Files.exists(csvFile) || Files.exists(jsonFile);
    Set<String> done = new LinkedHashSet<>();
    if (exists && !resume) {
      throw new IOException(
          dir
              + " already holds "
              + (Files.exists(csvFile) ? CSV : JSONL)
              + " from an earlier run: pass --resume to continue it, or choose another --output");
    }
    if (exists) {
      List<String> rows = completeLines(csvFile);
      if (!rows.isEmpty() && !rows.get(0).equals(header)) {
        throw new IOException(
            csvFile
                + " has the header '"
                + rows.get(0)
                + "' but this bundle writes '"
                + header
                + "': it belongs to another bundle; choose another --output");
      }
      for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
        done.add(firstField(row));
      }
      List<String> kept = new ArrayList<>();
      for (String line : completeLines(jsonFile)) {
        String file = jsonFile(line);
        if (file != null && done.contains(file)) {
          kept.add(line);
        }
      }
      List<String> csvKept = rows.isEmpty() ? List.of(header) : rows;
      AtomicFiles.write(csvFile, lines(csvKept));
      AtomicFiles.write(jsonFile, lines(kept));
    } else {
      AtomicFiles.write(csvFile, lines(List.of(header)));
      AtomicFiles.write(jsonFile, new byte[0]);
    }
    FileChannel c = FileChannel.open(csvFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    FileChannel j;
    try {
      j = FileChannel.open(jsonFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    return new PredictionLog(csvFile, jsonFile, c, j, done);
  }

  /** The file names an earlier run finished (empty unless resumed). */
  Set<String> done() {
    return done;
  }

  /** The CSV file. */
  Path csvFile() {
    return csvFile;
  }

  /**
   * Appends one image: its JSON line, then its CSV row, each written whole and flushed to the OS.
   *
   * @throws IOException naming the file when writing fails (a full disk)
   */
  void append(String csvRow, String jsonLine) throws IOException {
    write(json, jsonFile, jsonLine);
    write(csv, csvFile, csvRow);
  }

  private static void write(FileChannel ch, Path file, String line) throws IOException {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (b.hasRemaining()) {
        ch.write(b);
      }
    } catch (IOException e) {
      throw new IOException("writing " + file + " failed: " + reason(e), e);
    }
  }

  /** Forces both files to disk. */
  void sync() throws IOException {
    json.force(false);
    csv.force(false);
  }

  @Override
  public void close() throws IOException {
    try {
      sync();
    } finally {
      try {
        json.close();
      } finally {
        csv.close();
      }
    }
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      m = f.getReason();
    }
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The lines of {@code file} that end in a newline; a torn last line is left out. */
  private static List<String> completeLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    byte[] b = Files.readAllBytes(file);
    int end = b.length;
    while (end > 0 && b[end - 1] != '\n') {
      end--;
    }
    String text = new String(b, 0, end, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.add(line);
      }
    }
    return out;
  }

  private static byte[] lines(List<String> lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The first field of a CSV row, unquoted. */
  static String firstField(String row) {
    if (!row.startsWith("\"")) {
      int comma = row.indexOf(',');
      return comma < 0 ? row : row.substring(0, comma);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < row.length(); i++) {
      char c = row.charAt(i);
      if (c == '"') {
        if (i + 1 < row.length() && row.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else {
          break;
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String jsonFile(String line) {
    try {
      com.fasterxml.jackson.databind.JsonNode n =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      return n != null && n.hasNonNull("file") ? n.get("file").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}

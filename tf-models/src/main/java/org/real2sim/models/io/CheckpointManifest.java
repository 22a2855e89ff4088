package org.real2sim.models.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The plain-text table of contents of a checkpoint directory: the step, every variable (name,
 * dtype, shape) and every file with its size and CRC-32C.
 *
 * <p>It lets {@link Checkpoints#read} restore the weights without the graph that wrote them, and
 * lets a restore tell a truncated or corrupted file from a good one before TensorFlow reads it. The
 * format, one entry per line, is:
 *
 * <pre>
 * real2sim-checkpoint 1
 * step 12
 * file 1734 8a1f03c2 variables.data-00000-of-00001
 * file 301 0b7d99e4 variables.index
 * var float32 [3,3,3,64] g_rs/down_1/conv/kernel
 * var float32 [] adam_g/beta1_power
 * </pre>
 *
 * <p>File paths are relative to the checkpoint directory with {@code /} separators and come last on
 * their line, so they may contain spaces.
 *
 * @param step the training step (or epoch) the checkpoint was taken at
 * @param variables the saved variables, in save order
 * @param files every file of the checkpoint except the manifest, by relative path
 */
public record CheckpointManifest(
    long step, List<Variable> variables, Map<String, FileEntry> files) {

  /** The manifest's file name inside a checkpoint directory. */
  public static final String FILE_NAME = "manifest.txt";

  /** The format version this code writes and reads. */
  public static final int FORMAT = 1;

  private static final String HEADER = "real2sim-checkpoint " + FORMAT;
  private static final Pattern VAR =
      Pattern.compile("var (\\S+) \\[([0-9,]*)\\] ([A-Za-z0-9.][A-Za-z0-9_.\\-/]*)");
  private static final Pattern FILE = Pattern.compile("file (\\d+) ([0-9a-f]{8}) (.+)");
  private static final Pattern STEP = Pattern.compile("step (-?\\d+)");

  /**
   * One saved variable.
   *
   * @param name the variable's name, e.g. {@code g_rs/res_3/conv_1/kernel}
   * @param dtype its element type; always {@code float32} for variables of a {@code VarStore}
   * @param shape its shape; empty for a scalar
   */
  public record Variable(String name, String dtype, long[] shape) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Variable v
          && name.equals(v.name)
          && dtype.equals(v.dtype)
          && Arrays.equals(shape, v.shape);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  /**
   * The size and checksum of one file.
   *
   * @param size its length in bytes
   * @param crc32c its CRC-32C
   */
  public record FileEntry(long size, int crc32c) {}

  /** Copies the lists so the manifest is immutable. */
  public CheckpointManifest {
    variables = List.copyOf(variables);
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** The variable called {@code name}, or null. */
  public Variable variable(String name) {
    for (Variable v : variables) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** The distinct first name components of the variables (e.g. {@code [g_rs, adam_g]}). */
  public Set<String> networks() {
    Set<String> out = new LinkedHashSet<>();
    for (Variable v : variables) {
      int slash = v.name().indexOf('/');
      out.add(slash < 0 ? v.name() : v.name().substring(0, slash));
    }
    return out;
  }

  /** The manifest as text. */
  public String format() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    sb.append("step ").append(step).append('\n');
    for (Map.Entry<String, FileEntry> e : files.entrySet()) {
      sb.append("file ")
          .append(e.getValue().size())
          .append(' ')
          .append(String.format("%08x", e.getValue().crc32c()))
          .append(' ')
          .append(e.getKey())
          .append('\n');
    }
    for (Variable v : variables) {
      StringBuilder dims = new StringBuilder();
      for (int i = 0; i < v.shape().length; i++) {
        dims.append(i == 0 ? "" : ",").append(v.shape()[i]);
      }
      sb.append("var ")
          .append(v.dtype())
          .append(" [")
          .append(dims)
          .append("] ")
          .append(v.name())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Parses the manifest of the checkpoint directory {@code dir}.
   *
   * @throws CheckpointException naming the file (and line) if it is missing or malformed
   */
  public static CheckpointManifest read(Path dir) throws CheckpointException {
    Path file = dir.resolve(FILE_NAME);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "Not a checkpoint directory: " + file + " is missing", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "Cannot read checkpoint manifest " + file + ": " + e, e);
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new CheckpointException(
          file,
          "Checkpoint manifest "
              + file
              + " must start with '"
              + HEADER
              + "', found '"
              + (lines.isEmpty() ? "" : lines.get(0))
              + "'");
    }
    Long step = null;
    List<Variable> vars = new ArrayList<>();
    Map<String, FileEntry> files = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = STEP.matcher(line)).matches() && step == null) {
        step = Long.parseLong(m.group(1));
      } else if ((m = FILE.matcher(line)).matches()) {
        files.put(
            m.group(3),
            new FileEntry(Long.parseLong(m.group(1)), Integer.parseUnsignedInt(m.group(2), 16)));
      } else if ((m = VAR.matcher(line)).matches()) {
        String dims = m.group(2);
        long[] shape =
            dims.isEmpty()
                ? new long[0]
                : Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
        vars.add(new Variable(m.group(3), m.group(1), shape));
      } else {
        throw new CheckpointException(
            file,
            "Checkpoint manifest "
                + file
                + " line "
                + (i + 1)
                + ": expected 'step N', 'file SIZE CRC PATH' or 'var DTYPE [DIMS] NAME', found '"
                + line
                + "'");
      }
    }
    if (step == null) {
      throw new CheckpointException(file, "Checkpoint manifest " + file + " has no 'step' line");
    }
    return new CheckpointManifest(step, vars, files);
  }

  /** Writes {@link #format()} to {@code dir/manifest.txt}. */
  void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE_NAME), format(), StandardCharsets.UTF_8);
  }

  /** The size and CRC-32C of a file, read in full. */
  static FileEntry describe(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    long size = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
        size += n;
      }
    }
    return new FileEntry(size, (int) crc.getValue());
  }

  /**
   * Checks that every listed file exists in {@code dir} with the listed size and checksum.
   *
   * @throws CheckpointException naming the first file that is missing, truncated or corrupted
   */
  void verifyFiles(Path dir) throws CheckpointException {
    for (Map.Entry<String, FileEntry> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      FileEntry expected = e.getValue();
      FileEntry actual;
      try {
        actual = describe(f);
      } catch (NoSuchFileException ex) {
        throw new CheckpointException(
            f, "Checkpoint file " + f + " is missing (listed in " + FILE_NAME + ")", ex);
      } catch (IOException ex) {
        throw new CheckpointException(f, "Cannot read checkpoint file " + f + ": " + ex, ex);
      }
      if (actual.size() != expected.size()) {
        throw new CheckpointException(
            f,
            "Checkpoint file "
                + f
                + " has "
                + actual.size()
                + " bytes, the manifest expects "
                + expected.size()
                + " (truncated or overwritten)");
      }
      if (actual.crc32c() != expected.crc32c()) {
        throw new CheckpointException(
            f,
            String.format(
                "Checkpoint file %s is corrupted: CRC-32C %08x, the manifest expects %08x",
                f, actual.crc32c(), expected.crc32c()));
      }
    }
  }
}

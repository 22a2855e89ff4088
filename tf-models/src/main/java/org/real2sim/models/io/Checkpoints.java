package org.real2sim.models.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Session;

/**
 * The low-level reader and writer of one checkpoint directory, readable without the graph that
 * wrote it. Where checkpoints live, how they are published, which pointers exist and what is pruned
 * is the trainer's policy ({@code org.real2sim.trainer.run.CheckpointFolder}); this class only
 * knows the format:
 *
 * <pre>
 * ckpt-00000012/                 one checkpoint, named after its step
 *   variables.index              TensorFlow V2 bundle written by SaveV2 ({@link Saver})
 *   variables.data-00000-of-00001
 *   manifest.txt                 {@link CheckpointManifest}: step, variables, files with CRC-32C
 *   ...                          the caller's files ({@link ExtraFiles}: epoch, RNG, image pool)
 * latest                         beside them: a pointer file, the name of a checkpoint + "\n"
 * </pre>
 *
 * <p>Readers accept a checkpoint directory or a folder whose {@value #LATEST} pointer names one.
 * Restores and reads verify every file's size and checksum against the manifest first, so
 * truncation and corruption are reported by file name rather than by a TensorFlow error.
 */
public final class Checkpoints {

  /** The pointer to the newest checkpoint of a folder, followed when a reader is given a folder. */
  public static final String LATEST = "latest";

  /** The file prefix of the TensorFlow bundle inside a checkpoint directory. */
  public static final String DATA_PREFIX = "variables";

  /** The name of a checkpoint directory: {@code ckpt-} and its step. */
  public static final Pattern DIR_NAME = Pattern.compile("ckpt-(\\d+)");

  private static final String DTYPE = "float32";

  /** Writes caller files into a checkpoint before it is published. */
  @FunctionalInterface
  public interface ExtraFiles {
    /**
     * Writes files into {@code directory}, the unpublished checkpoint directory; they become part
     * of the checkpoint atomically with the weights. Names {@code manifest.txt} and {@code
     * variables.*} are reserved. Throwing aborts the save and leaves the previous checkpoint as it
     * was.
     */
    void write(Path directory) throws IOException;
  }

  private Checkpoints() {}

  /**
   * Writes a complete checkpoint of {@code saver}'s variables at {@code step} into the empty
   * directory {@code dir}: the bundle, the caller's files, then the manifest, each forced to disk
   * (and the directory too). Publishing it under its final name is the caller's.
   *
   * @throws CheckpointException if TensorFlow cannot write the bundle, naming the path, or {@code
   *     extra} wrote the manifest's name
   */
  public static void write(Session session, Saver saver, Path dir, long step, ExtraFiles extra)
      throws IOException {
    saver.save(session, dir.resolve(DATA_PREFIX));
    extra.write(dir);
    if (Files.exists(dir.resolve(CheckpointManifest.FILE_NAME))) {
      throw new CheckpointException(
          dir,
          "ExtraFiles wrote "
              + CheckpointManifest.FILE_NAME
              + ", a name reserved for the manifest");
    }
    Map<String, CheckpointManifest.FileEntry> files = new TreeMap<>();
    for (Path f : regularFiles(dir)) {
      files.put(relative(dir, f), CheckpointManifest.describe(f));
      sync(f);
    }
    List<CheckpointManifest.Variable> vars = new ArrayList<>();
    for (VarStore.Var v : saver.variables()) {
      vars.add(new CheckpointManifest.Variable(v.name(), DTYPE, v.shape()));
    }
    new CheckpointManifest(step, vars, files).write(dir);
    sync(dir.resolve(CheckpointManifest.FILE_NAME));
    syncDirectory(dir);
  }

  /**
   * Restores {@code saver}'s variables from a checkpoint, after checking that it holds every one of
   * them with the same shape and that its files are intact.
   *
   * @param session the session whose variables receive the values
   * @param saver the variables to restore (the checkpoint may hold more)
   * @param checkpoint a checkpoint directory, or a root whose {@value #LATEST} is used
   * @throws CheckpointException naming the variable (missing, or both shapes) or the file (missing,
   *     truncated, corrupted) at fault
   */
  public static void restore(Session session, Saver saver, Path checkpoint) throws IOException {
    Path dir = resolve(checkpoint);
    CheckpointManifest manifest = verified(dir);
    for (VarStore.Var v : saver.variables()) {
      CheckpointManifest.Variable saved = manifest.variable(v.name());
      if (saved == null) {
        throw new CheckpointException(
            dir,
            "Checkpoint "
                + dir
                + " has no variable "
                + v.name()
                + "; it holds "
                + manifest.variables().size()
                + " variables under "
                + manifest.networks());
      }
      if (!DTYPE.equals(saved.dtype())) {
        throw new CheckpointException(
            dir,
            "Variable "
                + v.name()
                + " is "
                + saved.dtype()
                + " in checkpoint "
                + dir
                + ", expected "
                + DTYPE);
      }
      if (!Arrays.equals(saved.shape(), v.shape())) {
        throw new CheckpointException(
            dir,
            "Variable "
                + v.name()
                + " has shape "
                + Arrays.toString(v.shape())
                + " in this graph but "
                + Arrays.toString(saved.shape())
                + " in checkpoint "
                + dir);
      }
    }
    saver.restore(session, dir.resolve(DATA_PREFIX));
  }

  /**
   * Reads a checkpoint's manifest (names, shapes, step, files) without loading any weights.
   *
   * @param checkpoint a checkpoint directory, or a root whose {@value #LATEST} is used
   */
  public static CheckpointManifest manifest(Path checkpoint) throws IOException {
    return CheckpointManifest.read(resolve(checkpoint));
  }

  /**
   * Reads weights from a checkpoint without the graph that wrote it: a throwaway graph with one
   * {@code RestoreV2} for the selected tensors, run once.
   *
   * @param checkpoint a checkpoint directory, or a root whose {@value #LATEST} is used
   * @param networks network names (e.g. {@code g_rs}, {@code expert}) whose variables to read; none
   *     means every variable, optimiser slots included
   * @return the weights by variable name, in the manifest's order
   * @throws CheckpointException if a file is missing or damaged, or no variable matches
   */
  public static Map<String, Weights> read(Path checkpoint, String... networks) throws IOException {
    Path dir = resolve(checkpoint);
    CheckpointManifest manifest = verified(dir);
    List<CheckpointManifest.Variable> wanted = new ArrayList<>();
    for (CheckpointManifest.Variable v : manifest.variables()) {
      if (networks.length == 0 || underAny(v.name(), networks)) {
        wanted.add(v);
      }
    }
    if (wanted.isEmpty()) {
      throw new CheckpointException(
          dir,
          "Checkpoint "
              + dir
              + " has no variables under "
              + Arrays.toString(networks)
              + "; it holds "
              + manifest.networks());
    }
    for (CheckpointManifest.Variable v : wanted) {
      if (!DTYPE.equals(v.dtype())) {
        throw new CheckpointException(
            dir, "Variable " + v.name() + " is " + v.dtype() + ", only " + DTYPE + " is supported");
      }
    }
    return TensorReader.read(dir.resolve(DATA_PREFIX), wanted);
  }

  /**
   * The checkpoint directory {@code path} denotes: itself if it holds a manifest, otherwise the
   * checkpoint its {@value #LATEST} pointer names.
   *
   * @throws CheckpointException naming the path if it is neither
   */
  public static Path resolve(Path path) throws IOException {
    if (Files.isRegularFile(path.resolve(CheckpointManifest.FILE_NAME))) {
      return path;
    }
    Path pointer = path.resolve(LATEST);
    if (Files.isRegularFile(pointer)) {
      return followPointer(pointer);
    }
    if (!Files.exists(path)) {
      throw new CheckpointException(path, "No checkpoint at " + path + ": it does not exist");
    }
    throw new CheckpointException(
        path,
        "No checkpoint at "
            + path
            + ": expected a checkpoint directory (with "
            + CheckpointManifest.FILE_NAME
            + ") or a checkpoint root (with a '"
            + LATEST
            + "' pointer)");
  }

  /** The step a checkpoint was saved at, from its manifest. */
  public static long step(Path checkpoint) throws IOException {
    return manifest(checkpoint).step();
  }

  private static CheckpointManifest verified(Path dir) throws CheckpointException {
    CheckpointManifest manifest = CheckpointManifest.read(dir);
    manifest.verifyFiles(dir);
    return manifest;
  }

  private static boolean underAny(String name, String[] networks) {
    for (String n : networks) {
      if (name.startsWith(n.endsWith("/") ? n : n + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The checkpoint directory the pointer file {@code file} names (a sibling {@code ckpt-<step>}
   * directory holding a manifest).
   *
   * @throws CheckpointException if the pointer is malformed or names a missing checkpoint
   */
  public static Path followPointer(Path file) throws IOException {
    String target = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (!DIR_NAME.matcher(target).matches()) {
      throw new CheckpointException(
          file,
          "Pointer "
              + file
              + " must contain a checkpoint directory name like ckpt-00000012, found '"
              + target
              + "'");
    }
    Path dir = file.getParent().resolve(target);
    if (!Files.isRegularFile(dir.resolve(CheckpointManifest.FILE_NAME))) {
      throw new CheckpointException(
          dir,
          "Pointer "
              + file
              + " names "
              + target
              + ", which is not a checkpoint in "
              + file.getParent());
    }
    return dir;
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  /** Forces {@code file}'s content to disk. */
  private static void sync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Forces a directory's entries to disk (best effort: some platforms cannot open a directory). */
  private static void syncDirectory(Path dir) {
    // Makes renames durable on Linux; some platforms cannot open a directory, which is harmless.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // best effort
    }
  }
}

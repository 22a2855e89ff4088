package org.real2sim.models.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Checkpoints of a training run: directories written atomically under one root, found through
 * pointer files, pruned by a retention rule, and readable without the graph that wrote them.
 *
 * <p>Layout of a root (e.g. {@code runs/<name>/cyclegan/}):
 *
 * <pre>
 * latest                         pointer: the name of the newest checkpoint directory + "\n"
 * best                           pointer set by {@link #markBest(Path)} (optional)
 * ckpt-00000012/                 one checkpoint, named after its step
 *   variables.index              TensorFlow V2 bundle written by SaveV2 ({@link Saver})
 *   variables.data-00000-of-00001
 *   manifest.txt                 {@link CheckpointManifest}: step, variables, files with CRC-32C
 *   ...                          the caller's files ({@link ExtraFiles}: epoch, RNG, image pool)
 * .ckpt-00000013.tmp-&lt;uuid&gt;/   a save in progress (or interrupted by a crash)
 * </pre>
 *
 * <p>A save writes everything into a temporary sibling directory, syncs it, publishes it with one
 * atomic rename and then replaces {@code latest} atomically (a temporary file moved with {@code
 * ATOMIC_MOVE}). A crash or an exception at any point therefore leaves the previous checkpoint and
 * pointer intact; leftovers of interrupted saves are removed by the next save. Restores verify
 * every file's size and checksum against the manifest first, so truncation and corruption are
 * reported by file name rather than by a TensorFlow error.
 *
 * <p>Saving a step that already has a checkpoint replaces it: the old directory is renamed aside
 * and the new one renamed in, so between those two renames (microseconds) a pointer naming that
 * step dangles; a crash exactly then leaves the pointer reporting a missing checkpoint, by name.
 *
 * <p>One process writes a root at a time. Instances are not thread-safe.
 */
public final class Checkpoints {

  /** The pointer to the newest checkpoint, updated by every save. */
  public static final String LATEST = "latest";

  /** The pointer to the best checkpoint, set by {@link #markBest(Path)}. */
  public static final String BEST = "best";

  /** The file prefix of the TensorFlow bundle inside a checkpoint directory. */
  public static final String DATA_PREFIX = "variables";

  private static final String DIR_PREFIX = "ckpt-";
  private static final Pattern DIR_NAME = Pattern.compile("ckpt-(\\d+)");
  private static final Pattern POINTER_NAME = Pattern.compile("[a-z][a-z0-9_]*");
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

  private final Path root;
  private final Saver saver;

  /**
   * Checkpoints of {@code saver}'s variables under {@code root} (created on the first save).
   *
   * @param root the directory holding checkpoint directories and pointers
   * @param saver the ops that save and restore the chosen variables
   */
  public Checkpoints(Path root, Saver saver) {
    this.root = root;
    this.saver = saver;
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** The saver whose variables these checkpoints hold. */
  public Saver saver() {
    return saver;
  }

  /**
   * Saves a checkpoint for {@code step} without extra files; see {@link #save(Session, long,
   * ExtraFiles)}.
   */
  public Path save(Session session, long step) throws IOException {
    return save(session, step, dir -> {});
  }

  /**
   * Saves the saver's variables and the caller's files as checkpoint {@code ckpt-<step>}, publishes
   * it atomically and points {@value #LATEST} at it. An existing checkpoint of the same step is
   * replaced.
   *
   * @param session the session holding the values
   * @param step the step (or epoch) number, non-negative; it names the directory
   * @param extra writes trainer state into the checkpoint before publication
   * @return the published checkpoint directory
   * @throws CheckpointException if TensorFlow cannot write the bundle, naming the path
   * @throws IOException if a file operation or {@code extra} fails; the previous checkpoint stays
   */
  public Path save(Session session, long step, ExtraFiles extra) throws IOException {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, found " + step);
    }
    Files.createDirectories(root);
    removeLeftovers();
    String name = directoryName(step);
    Path tmp = root.resolve("." + name + ".tmp-" + UUID.randomUUID());
    Files.createDirectory(tmp);
    boolean published = false;
    try {
      saver.save(session, tmp.resolve(DATA_PREFIX));
      extra.write(tmp);
      if (Files.exists(tmp.resolve(CheckpointManifest.FILE_NAME))) {
        throw new CheckpointException(
            tmp,
            "ExtraFiles wrote "
                + CheckpointManifest.FILE_NAME
                + ", a name reserved for the manifest");
      }
      Map<String, CheckpointManifest.FileEntry> files = new TreeMap<>();
      for (Path f : regularFiles(tmp)) {
        files.put(relative(tmp, f), CheckpointManifest.describe(f));
        sync(f);
      }
      List<CheckpointManifest.Variable> vars = new ArrayList<>();
      for (VarStore.Var v : saver.variables()) {
        vars.add(new CheckpointManifest.Variable(v.name(), DTYPE, v.shape()));
      }
      new CheckpointManifest(step, vars, files).write(tmp);
      sync(tmp.resolve(CheckpointManifest.FILE_NAME));
      syncDirectory(tmp);

      Path target = root.resolve(name);
      Path aside = null;
      if (Files.exists(target)) {
        // A directory cannot be renamed onto a non-empty one: move the old one aside first. Until
        // the rename below, a pointer naming this step dangles (see the class comment).
        aside = root.resolve("." + name + ".old-" + UUID.randomUUID());
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (aside != null) {
          Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        }
        throw e;
      }
      published = true;
      syncDirectory(root);
      writePointer(LATEST, name);
      removeLeftovers();
      return target;
    } finally {
      if (!published) {
        deleteRecursively(tmp);
      }
    }
  }

  /** The checkpoint {@value #LATEST} points to, or empty if none has been saved. */
  public Optional<Path> latest() throws IOException {
    return pointer(LATEST);
  }

  /** The checkpoint {@value #BEST} points to, or empty if none was marked. */
  public Optional<Path> best() throws IOException {
    return pointer(BEST);
  }

  /**
   * The checkpoint a pointer file names, or empty if the pointer does not exist.
   *
   * @throws CheckpointException if the pointer is malformed or names a missing checkpoint
   */
  public Optional<Path> pointer(String pointer) throws IOException {
    Path file = root.resolve(requirePointerName(pointer));
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(followPointer(file));
  }

  /** Points {@value #BEST} at {@code checkpoint}, a published checkpoint under this root. */
  public void markBest(Path checkpoint) throws IOException {
    setPointer(BEST, checkpoint);
  }

  /**
   * Points {@code pointer} (lower-case letters, digits, underscores) at {@code checkpoint}, a
   * published checkpoint directory under this root; the file is replaced atomically.
   */
  public void setPointer(String pointer, Path checkpoint) throws IOException {
    requirePointerName(pointer);
    Path dir = checkpoint.toAbsolutePath().normalize();
    if (!dir.getParent().equals(root.toAbsolutePath().normalize())
        || !DIR_NAME.matcher(dir.getFileName().toString()).matches()) {
      throw new CheckpointException(
          checkpoint,
          "Pointer "
              + pointer
              + " must name a checkpoint directory in "
              + root
              + ", found "
              + checkpoint);
    }
    CheckpointManifest.read(dir);
    writePointer(pointer, dir.getFileName().toString());
  }

  /**
   * Restores the saver's variables from {@value #LATEST}, if there is one.
   *
   * @return the checkpoint restored, or empty if the root holds none
   */
  public Optional<Path> restoreLatest(Session session) throws IOException {
    Optional<Path> latest = latest();
    if (latest.isPresent()) {
      restore(session, saver, latest.get());
    }
    return latest;
  }

  /** The published checkpoint directories under this root, oldest step first. */
  public List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        if (Files.isDirectory(p)
            && DIR_NAME.matcher(p.getFileName().toString()).matches()
            && Files.exists(p.resolve(CheckpointManifest.FILE_NAME))) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparingLong(Checkpoints::stepOf));
    return out;
  }

  /**
   * Deletes old checkpoints, keeping the newest {@code keepLast}, every checkpoint whose step is a
   * multiple of {@code keepEvery} (none when 0), and every checkpoint a pointer file names ({@value
   * #LATEST}, {@value #BEST}, ...). Each is renamed aside atomically before it is deleted, so a
   * crash never leaves a half-deleted checkpoint under its own name.
   *
   * @param keepLast how many of the newest checkpoints to keep, at least 1
   * @param keepEvery keep steps that are multiples of this, 0 for none
   * @return the checkpoints deleted
   */
  public List<Path> prune(int keepLast, int keepEvery) throws IOException {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast must be >= 1, found " + keepLast);
    }
    if (keepEvery < 0) {
      throw new IllegalArgumentException("keepEvery must be >= 0, found " + keepEvery);
    }
    List<Path> all = list();
    Set<Path> keep = new HashSet<>(all.subList(Math.max(0, all.size() - keepLast), all.size()));
    for (Path p : all) {
      if (keepEvery > 0 && stepOf(p) % keepEvery == 0) {
        keep.add(p);
      }
    }
    keep.addAll(pointedTo());
    List<Path> deleted = new ArrayList<>();
    for (Path p : all) {
      if (!keep.contains(p)) {
        Path aside = root.resolve("." + p.getFileName() + ".old-" + UUID.randomUUID());
        Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(aside);
        deleted.add(p);
      }
    }
    return deleted;
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
    Path prefix = dir.resolve(DATA_PREFIX);
    String[] names = new String[wanted.size()];
    String[] slices = new String[wanted.size()];
    List<Class<? extends TType>> dtypes = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      names[i] = wanted.get(i).name();
      slices[i] = "";
      dtypes.add(TFloat32.class);
    }
    Map<String, Weights> out = new LinkedHashMap<>();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Restore r =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(StandardCharsets.UTF_8, names),
              tf.constant(StandardCharsets.UTF_8, slices),
              dtypes);
      try (Session s = TfSessions.open(g, 1)) {
        Session.Runner runner = s.runner();
        r.tensors().forEach(runner::fetch);
        try (Result res = runner.run()) {
          for (int i = 0; i < names.length; i++) {
            CheckpointManifest.Variable v = wanted.get(i);
            TFloat32 t = (TFloat32) res.get(i);
            if (!Arrays.equals(t.shape().asArray(), v.shape())) {
              throw new CheckpointException(
                  prefix,
                  "Tensor "
                      + v.name()
                      + " in "
                      + prefix
                      + " has shape "
                      + Arrays.toString(t.shape().asArray())
                      + ", the manifest says "
                      + Arrays.toString(v.shape()));
            }
            float[] values = new float[Math.toIntExact(t.shape().size())];
            t.asRawTensor().data().asFloats().read(values);
            out.put(v.name(), new Weights(v.shape(), values));
          }
        }
      }
    } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
      throw new CheckpointException(
          prefix,
          "Could not read " + names.length + " tensors from " + prefix + ": " + e.getMessage(),
          e);
    }
    return out;
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

  /**
   * The checkpoint a named pointer of the root {@code root} designates, e.g. {@code resolve(root,
   * BEST)}.
   *
   * @throws CheckpointException if the pointer is missing or names a missing checkpoint
   */
  public static Path resolve(Path root, String pointer) throws IOException {
    Path file = root.resolve(requirePointerName(pointer));
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(
          file, "No '" + pointer + "' checkpoint in " + root + ": " + file + " does not exist");
    }
    return followPointer(file);
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

  private static String directoryName(long step) {
    return String.format("%s%08d", DIR_PREFIX, step);
  }

  private static long stepOf(Path dir) {
    Matcher m = DIR_NAME.matcher(dir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException("not a checkpoint directory name: " + dir);
    }
    return Long.parseLong(m.group(1));
  }

  private static String requirePointerName(String pointer) {
    if (pointer == null || !POINTER_NAME.matcher(pointer).matches()) {
      throw new IllegalArgumentException(
          "Pointer name must match " + POINTER_NAME + ", found '" + pointer + "'");
    }
    return pointer;
  }

  private static Path followPointer(Path file) throws IOException {
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

  /** The checkpoints every pointer file of the root names. */
  private Set<Path> pointedTo() throws IOException {
    Set<Path> out = new HashSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p) && POINTER_NAME.matcher(n).matches() && Files.size(p) < 256) {
          String target = Files.readString(p, StandardCharsets.UTF_8).trim();
          if (DIR_NAME.matcher(target).matches()) {
            out.add(root.resolve(target));
          }
        }
      }
    }
    return out;
  }

  private void writePointer(String pointer, String target) throws IOException {
    Path tmp = root.resolve("." + pointer + ".tmp-" + UUID.randomUUID());
    try {
      Files.writeString(tmp, target + "\n", StandardCharsets.UTF_8);
      sync(tmp);
      Files.move(tmp, root.resolve(pointer), StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(root);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes temporary and renamed-aside entries left by interrupted saves and prunes. */
  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && (n.contains(".tmp-") || n.contains(".old-"))) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static void sync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes renames durable on Linux; some platforms cannot open a directory, which is harmless.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // best effort
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
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

package org.real2sim.trainer.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.real2sim.models.io.CheckpointException;
import org.real2sim.models.io.CheckpointManifest;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.tensorflow.Session;

/**
 * The checkpoint policy of one stage folder: checkpoint directories published atomically under one
 * root, found through pointer files ({@value #LATEST}, {@value #BEST}), pruned by a retention rule.
 * The format of one checkpoint (bundle, manifest, checksums) and the graph-free reader are
 * tf-models' {@link Checkpoints}.
 *
 * <p>Layout of a root (e.g. {@code runs/<name>/cyclegan/}):
 *
 * <pre>
 * latest                         pointer: the name of the newest checkpoint directory + "\n"
 * best                           pointer set by {@link #markBest(Path)} (optional)
 * ckpt-00000012/                 one checkpoint, named after its step ({@link Checkpoints})
 * .ckpt-00000013.tmp-&lt;uuid&gt;/   a save in progress (or interrupted by a crash)
 * </pre>
 *
 * <p>A save writes everything into a temporary sibling directory, syncs it, publishes it with one
 * atomic rename and then replaces {@code latest} atomically ({@link AtomicFiles}). A crash or an
 * exception at any point therefore leaves the previous checkpoint and pointer intact; leftovers of
 * interrupted saves are removed by the next save.
 *
 * <p>Saving a step that already has a checkpoint replaces it: the old directory is renamed aside
 * and the new one renamed in, so between those two renames (microseconds) a pointer naming that
 * step dangles; a crash exactly then leaves the pointer reporting a missing checkpoint, by name.
 *
 * <p>One process writes a root at a time. Instances are not thread-safe.
 */
public final class CheckpointFolder {

  /** The pointer to the newest checkpoint, updated by every save. */
  public static final String LATEST = Checkpoints.LATEST;

  /** The pointer to the best checkpoint, set by {@link #markBest(Path)}. */
  public static final String BEST = "best";

  private static final String DIR_PREFIX = "ckpt-";
  private static final Pattern DIR_NAME = Checkpoints.DIR_NAME;
  static final Pattern POINTER_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Path root;
  private final Saver saver;

  /**
   * Checkpoints of {@code saver}'s variables under {@code root} (created on the first save).
   *
   * @param root the directory holding checkpoint directories and pointers
   * @param saver the ops that save and restore the chosen variables
   */
  public CheckpointFolder(Path root, Saver saver) {
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
   * Checkpoints.ExtraFiles)}.
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
  public Path save(Session session, long step, Checkpoints.ExtraFiles extra) throws IOException {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, found " + step);
    }
    Files.createDirectories(root);
    CheckpointCleanup.removeLeftovers(root);
    String name = directoryName(step);
    Path tmp = root.resolve("." + name + ".tmp-" + UUID.randomUUID());
    Files.createDirectory(tmp);
    boolean published = false;
    try {
      Checkpoints.write(session, saver, tmp, step, extra);
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
      AtomicFiles.syncDirectory(root);
      writePointer(LATEST, name);
      CheckpointCleanup.removeLeftovers(root);
      return target;
    } finally {
      if (!published) {
        CheckpointCleanup.deleteRecursively(tmp);
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
    return Optional.of(Checkpoints.followPointer(file));
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
      Checkpoints.restore(session, saver, latest.get());
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
    out.sort(Comparator.comparingLong(CheckpointFolder::stepOf));
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
    keep.addAll(CheckpointCleanup.pointedTo(root));
    List<Path> deleted = new ArrayList<>();
    for (Path p : all) {
      if (!keep.contains(p)) {
        Path aside = root.resolve("." + p.getFileName() + ".old-" + UUID.randomUUID());
        Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        CheckpointCleanup.deleteRecursively(aside);
        deleted.add(p);
      }
    }
    return deleted;
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
    return Checkpoints.followPointer(file);
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

  private void writePointer(String pointer, String target) throws IOException {
    AtomicFiles.writeString(root.resolve(pointer), target + "\n");
  }
}

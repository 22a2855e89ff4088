package org.real2sim.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.real2sim.models.expert.Task;

/**
 * A data set opened from disk: its task, classes and, per split, the list of samples.
 *
 * <p>Only paths are held, never pixels: the pipeline streams files from disk, so memory does not
 * grow with the data set. Samples within a split are in a stable order (sorted by path) so that a
 * seed selects the same images on every machine. Immutable.
 */
public final class Dataset {

  private final String format;
  private final Path root;
  private final Task task;
  private final List<ClassInfo> classes;
  private final Map<String, List<Sample>> splits;
  private final LabelMapping labelMapping;
  private final int coarsening;

  /**
   * A data set.
   *
   * @param format the format it was read with (e.g. {@code "cityscapes"})
   * @param root its root folder; sample ids and labeled-subset files are relative to it
   * @param task what its labels are
   * @param classes the classes in id order (empty for unlabeled data)
   * @param splits split name → samples, in a stable order
   * @param labelMapping how label images become class ids; required for segmentation, else null
   * @param coarsening the side of the majority filter applied to labels (and the matching image
   *     blur) when loading, 0 for none; see {@code image.Coarsening}
   */
  public Dataset(
      String format,
      Path root,
      Task task,
      List<ClassInfo> classes,
      Map<String, List<Sample>> splits,
      LabelMapping labelMapping,
      int coarsening) {
    if ((task == Task.SEGMENTATION) != (labelMapping != null)) {
      throw new IllegalArgumentException(
          format + " data set at " + root + ": a label mapping is required for segmentation only");
    }
    if (coarsening != 0 && (coarsening < 3 || coarsening % 2 == 0)) {
      throw new IllegalArgumentException(
          "coarsening must be 0 (off) or an odd size >= 3, found " + coarsening);
    }
    if (coarsening != 0 && task != Task.SEGMENTATION) {
      throw new IllegalArgumentException("coarsening applies to segmentation data only");
    }
    this.format = format;
    this.root = root;
    this.task = task;
    this.classes = List.copyOf(classes);
    Map<String, List<Sample>> copy = new LinkedHashMap<>();
    splits.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.splits = java.util.Collections.unmodifiableMap(copy);
    this.labelMapping = labelMapping;
    this.coarsening = coarsening;
  }

  /** The format name it was read with. */
  public String format() {
    return format;
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  /** What the labels are. */
  public Task task() {
    return task;
  }

  /** The classes in id order. */
  public List<ClassInfo> classes() {
    return classes;
  }

  /** The number of classes K (labels are 0..K-1, and 255 = ignore for segmentation). */
  public int numClasses() {
    return classes.size();
  }

  /** The class names in id order. */
  public List<String> classNames() {
    List<String> names = new ArrayList<>();
    for (ClassInfo c : classes) {
      names.add(c.name());
    }
    return names;
  }

  /** The class colours in id order, each {@code 0xRRGGBB}. */
  public int[] palette() {
    int[] p = new int[classes.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = classes.get(i).rgb();
    }
    return p;
  }

  /** The split names, in the order the format defines them (e.g. train, val). */
  public Set<String> splits() {
    return splits.keySet();
  }

  /** Whether the split exists. */
  public boolean hasSplit(String split) {
    return splits.containsKey(split);
  }

  /**
   * The samples of {@code split}.
   *
   * @throws DataException naming the split and listing the existing ones
   */
  public List<Sample> samples(String split) {
    List<Sample> s = splits.get(split);
    if (s == null) {
      throw new DataException(
          format + " data set at " + root + " has no split '" + split + "', found " + splits());
    }
    return s;
  }

  /** How label images become class ids (segmentation only, else null). */
  public LabelMapping labelMapping() {
    return labelMapping;
  }

  /** The side of the label majority filter applied on load, 0 for none. */
  public int coarsening() {
    return coarsening;
  }

  /** The same data set without the given samples (e.g. those validation found bad). */
  public Dataset without(Collection<Sample> bad) {
    Set<Sample> drop = new HashSet<>(bad);
    Map<String, List<Sample>> kept = new LinkedHashMap<>();
    splits.forEach((k, v) -> kept.put(k, v.stream().filter(s -> !drop.contains(s)).toList()));
    return new Dataset(format, root, task, classes, kept, labelMapping, coarsening);
  }

  /** The path of {@code file} relative to the root, with {@code /} separators. */
  public String relative(Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(format).append(" data set at ").append(root).append(" (").append(task);
    b.append(", ").append(classes.size()).append(" classes;");
    splits.forEach((k, v) -> b.append(' ').append(k).append('=').append(v.size()));
    return b.append(')').toString();
  }
}

package org.real2sim.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.real2sim.trainer.util.Seeds;

/**
 * The few labeled real images of stage c and baseline M3, fixed once per run so that every method
 * and every sweep point compares on the same images.
 *
 * <p>Selection: the split's samples sorted by id are permuted by the seed, and the subset is the
 * first {@code k} of that permutation, {@code k = floor(fraction · n)} (the paper's 5 % of 2,975
 * Cityscapes images is 148) or a given count. Because the permutation does not depend on {@code k},
 * a smaller subset is always contained in a larger one with the same seed.
 *
 * <p>The subset is written to {@value #FILE_NAME} in the run directory: {@code #} comment lines,
 * then one image path per line relative to the data root (with {@code /}), sorted. {@link #read}
 * loads such a file for another run, method or sweep point.
 */
public final class LabeledSubset {

  /** The file name in the run directory. */
  public static final String FILE_NAME = "labeled_subset.txt";

  private final Dataset dataset;
  private final String split;
  private final List<Sample> samples;
  private final String how;

  private LabeledSubset(Dataset dataset, String split, List<Sample> samples, String how) {
    this.dataset = dataset;
    this.split = split;
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparing(Sample::id));
    this.samples = List.copyOf(sorted);
    this.how = how;
  }

  /**
   * Selects {@code floor(fraction · n)} samples of {@code split}.
   *
   * @param fraction in (0, 1], e.g. 0.05 for 5 %
   * @throws DataException if the fraction is out of range or selects no sample
   */
  public static LabeledSubset byFraction(
      Dataset dataset, String split, double fraction, long seed) {
    int n = dataset.samples(split).size();
    if (!(fraction > 0 && fraction <= 1)) {
      throw new DataException("labeled fraction must be in (0, 1], found " + fraction);
    }
    int k = (int) Math.floor(fraction * n + 1e-9);
    if (k == 0) {
      throw new DataException(
          String.format(
              Locale.ROOT,
              "labeled fraction %s of the %d samples of split '%s' selects none (at least %.4g"
                  + " needed)",
              fraction,
              n,
              split,
              1.0 / n));
    }
    return select(
        dataset,
        split,
        k,
        seed,
        String.format(Locale.ROOT, "fraction %s, seed %d", fraction, seed));
  }

  /**
   * Selects {@code count} samples of {@code split}.
   *
   * @throws DataException if {@code count} is not in {@code 1..n}
   */
  public static LabeledSubset byCount(Dataset dataset, String split, int count, long seed) {
    int n = dataset.samples(split).size();
    if (count < 1 || count > n) {
      throw new DataException(
          "labeled count must be 1.." + n + " (the size of split '" + split + "'), found " + count);
    }
    return select(dataset, split, count, seed, "count " + count + ", seed " + seed);
  }

  private static LabeledSubset select(Dataset ds, String split, int k, long seed, String how) {
    List<Sample> pool = new ArrayList<>(ds.samples(split));
    pool.sort(Comparator.comparing(Sample::id));
    int[] perm = Seeds.permutation(pool.size(), Seeds.of(seed, "labeled-subset"));
    List<Sample> chosen = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      chosen.add(pool.get(perm[i]));
    }
    return new LabeledSubset(ds, split, chosen, how);
  }

  /**
   * Reads a subset file written by {@link #write} (or by hand) for {@code split} of {@code
   * dataset}.
   *
   * @throws DataException naming the file and line of a path that does not exist under the data
   *     root, is not a sample of the split, or is listed twice; or if the file lists nothing
   */
  public static LabeledSubset read(Path file, Dataset dataset, String split) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException("Cannot read labeled subset " + file + ": " + e.getMessage(), e);
    }
    Map<String, Sample> byPath = new HashMap<>();
    for (Sample s : dataset.samples(split)) {
      byPath.put(dataset.relative(s.image()), s);
    }
    List<Sample> chosen = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1) + ": '" + line + "'";
      if (!Files.exists(dataset.root().resolve(line))) {
        throw new DataException(where + " does not exist under the data root " + dataset.root());
      }
      Sample s = byPath.get(line);
      if (s == null) {
        throw new DataException(
            where
                + " is not a sample of split '"
                + split
                + "' of "
                + dataset.format()
                + " data set at "
                + dataset.root());
      }
      if (!seen.add(line)) {
        throw new DataException(where + " is listed twice");
      }
      chosen.add(s);
    }
    if (chosen.isEmpty()) {
      throw new DataException("labeled subset " + file + " lists no images");
    }
    return new LabeledSubset(dataset, split, chosen, "read from " + file);
  }

  /** The chosen samples, sorted by id. */
  public List<Sample> samples() {
    return samples;
  }

  /** The number of chosen samples (N_L). */
  public int size() {
    return samples.size();
  }

  /** The split the samples come from. */
  public String split() {
    return split;
  }

  /** How the subset was made, e.g. {@code "fraction 0.05, seed 0"}. */
  public String description() {
    return how;
  }

  /** The file text: a header, then the image paths relative to the data root, sorted. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("# real2sim labeled subset: ")
        .append(samples.size())
        .append(" of ")
        .append(dataset.samples(split).size())
        .append(" samples of split '")
        .append(split)
        .append("' (")
        .append(how)
        .append(")\n");
    b.append("# ")
        .append(dataset.format())
        .append(" data set at ")
        .append(dataset.root())
        .append("; paths are relative to it\n");
    for (Sample s : samples) {
      b.append(dataset.relative(s.image())).append('\n');
    }
    return b.toString();
  }

  /** Writes {@link #toText()} to {@code file}, creating parent folders. */
  public void write(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, toText(), StandardCharsets.UTF_8);
  }
}

package org.real2sim.trainer.data.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.util.Seeds;

/**
 * Sketchy (real→sketch classification): one domain of {@code
 * [rendered_256x256/]256x256/{photo,sketch}/<transform>/<class>/}, with the invalid-sketch lists of
 * {@code info/}.
 *
 * <p>Option {@code domain} ({@code photo} = real, {@code sketch} = synthetic) is required. The
 * class subset defaults to the paper's ten (alarm_clock, apple, cat, chair, cup, elephant,
 * hedgehog, horse, shoe, teapot), ids in that order. Sketches listed in {@code
 * info/invalid-error.txt, invalid-ambiguous.txt, invalid-pose.txt, invalid-context.txt} (one sketch
 * name per line, e.g. {@code n02691156_10151-1}) are removed. The validation split takes {@code
 * valPerClass} random images per class (50 sketches or 10 photos by default, as in the paper),
 * drawn with {@code seed}; the rest is the train split.
 */
final class SketchyFormat implements DatasetFormat {

  /** The paper's ten classes, in id order. */
  static final List<String> PAPER_CLASSES =
      List.of(
          "alarm_clock",
          "apple",
          "cat",
          "chair",
          "cup",
          "elephant",
          "hedgehog",
          "horse",
          "shoe",
          "teapot");

  /** The lists of invalid sketches in {@code info/}. */
  static final List<String> INVALID_LISTS =
      List.of(
          "invalid-error.txt", "invalid-ambiguous.txt", "invalid-pose.txt", "invalid-context.txt");

  @Override
  public String name() {
    return "sketchy";
  }

  @Override
  public String description() {
    return "Sketchy: 256x256/{photo,sketch}/<transform>/<class>/ + info/invalid-*.txt";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("domain", "required: photo (the real domain) or sketch (the synthetic domain)");
    m.put("classes", "class folders in id order, comma-separated (default: the paper's 10)");
    m.put("valPerClass", "validation images per class (default 50 sketches / 10 photos)");
    m.put("seed", "seed of the validation draw (default 0)");
    m.put("transform", "the augmentation folder (default tx_000000000000)");
    return m;
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    Path root = Scan.root(spec);
    String domain = spec.options().get("domain");
    if (domain == null || !(domain.equals("photo") || domain.equals("sketch"))) {
      throw new DataException(
          "sketchy option 'domain' is required: photo or sketch, found "
              + (domain == null ? "none" : "'" + domain + "'"));
    }
    boolean sketch = domain.equals("sketch");
    Path base = locateBase(root);
    Path dir =
        Scan.requireDir(
            base.resolve(domain).resolve(spec.option("transform", "tx_000000000000")),
            "sketchy " + domain);
    List<String> classes = Scan.listOption(spec, "classes");
    if (classes == null) {
      classes = PAPER_CLASSES;
    }
    int valPerClass = spec.intOption("valPerClass", sketch ? 50 : 10);
    long seed = spec.intOption("seed", 0);
    if (valPerClass < 0) {
      throw new DataException("sketchy option 'valPerClass' must be >= 0, found " + valPerClass);
    }
    Set<String> invalid = sketch ? readInvalid(root, base) : Set.of();
    List<Sample> train = new ArrayList<>();
    List<Sample> val = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      String cls = classes.get(c);
      Path classDir = dir.resolve(cls);
      if (!Files.isDirectory(classDir)) {
        List<String> found =
            Scan.subdirs(dir).stream().map(p -> p.getFileName().toString()).toList();
        throw new DataException(
            "sketchy class folder " + classDir + " does not exist; classes found: " + found);
      }
      List<Path> files = new ArrayList<>();
      for (Path f : Scan.images(classDir, false)) {
        if (!invalid.contains(Scan.stem(f))) {
          files.add(f);
        }
      }
      if (files.size() <= valPerClass) {
        throw new DataException(
            "sketchy class folder "
                + classDir
                + " has "
                + files.size()
                + " valid images, expected"
                + " more than valPerClass="
                + valPerClass);
      }
      List<Path> shuffled = new ArrayList<>(files);
      Collections.shuffle(shuffled, new Random(Seeds.of(seed, "sketchy-val/" + cls)));
      Set<Path> valFiles = new HashSet<>(shuffled.subList(0, valPerClass));
      for (Path f : files) {
        Sample s = Sample.classified(Scan.id(root, f), f, c);
        (valFiles.contains(f) ? val : train).add(s);
      }
    }
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    splits.put("train", train);
    splits.put("val", val);
    return new Dataset(
        name(), root, Task.CLASSIFICATION, ImageFolderFormat.classInfos(classes), splits, null, 0);
  }

  private static Path locateBase(Path root) {
    List<Path> candidates =
        List.of(root.resolve("rendered_256x256").resolve("256x256"), root.resolve("256x256"), root);
    for (Path c : candidates) {
      if (Files.isDirectory(c.resolve("photo")) || Files.isDirectory(c.resolve("sketch"))) {
        return c;
      }
    }
    throw new DataException(
        "sketchy data set at " + root + ": no photo/ or sketch/ folder in any of " + candidates);
  }

  /** Reads the four invalid-sketch lists into a set of sketch names (file stems). */
  private static Set<String> readInvalid(Path root, Path base) {
    List<Path> candidates =
        List.of(root.resolve("info"), base.getParent().resolve("info"), base.resolve("info"));
    Path info = null;
    for (Path c : candidates) {
      if (Files.isDirectory(c)) {
        info = c;
        break;
      }
    }
    if (info == null) {
      throw new DataException(
          "sketchy data set at "
              + root
              + ": no info/ folder with the invalid-sketch lists in any of "
              + candidates);
    }
    Set<String> out = new HashSet<>();
    for (String name : INVALID_LISTS) {
      Path f = info.resolve(name);
      if (!Files.isRegularFile(f)) {
        throw new DataException(
            "sketchy invalid-sketch list "
                + f
                + " does not exist (expected "
                + INVALID_LISTS
                + ")");
      }
      try {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          String s = line.strip();
          if (s.isEmpty() || s.startsWith("#")) {
            continue;
          }
          s = s.substring(s.lastIndexOf('/') + 1);
          int dot = s.lastIndexOf('.');
          out.add(dot > 0 ? s.substring(0, dot) : s);
        }
      } catch (IOException e) {
        throw new DataException("Cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}

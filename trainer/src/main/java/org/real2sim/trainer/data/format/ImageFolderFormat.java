package org.real2sim.trainer.data.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.ClassInfo;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;

/**
 * Classification in the ImageFolder layout: {@code root/<split>/<class>/*.png|jpg}.
 *
 * <p>Every folder under the root is a split, every folder under a split a class. Class ids are the
 * positions of the class names in the {@code classes} option if given, otherwise in the sorted
 * union of the class folder names of all splits, so that ids agree between splits. A class folder
 * without images, a split with files but no class folders, and a class folder not in the {@code
 * classes} option are errors.
 */
final class ImageFolderFormat implements DatasetFormat {

  @Override
  public String name() {
    return "imagefolder";
  }

  @Override
  public String description() {
    return "classification: root/<split>/<class>/*.png|jpg";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("classes", "class folder names in id order, comma-separated (default: sorted union)");
    m.put("splits", "splits that must exist, comma-separated (e.g. train,val)");
    return m;
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    Path root = Scan.root(spec);
    List<Path> splitDirs = Scan.subdirs(root);
    if (splitDirs.isEmpty()) {
      throw new DataException(
          "imagefolder data set root "
              + root
              + " has no split folders (expected root/<split>/<class>/)");
    }
    List<String> classes = Scan.listOption(spec, "classes");
    if (classes == null) {
      TreeSet<String> union = new TreeSet<>();
      for (Path s : splitDirs) {
        for (Path c : Scan.subdirs(s)) {
          union.add(c.getFileName().toString());
        }
      }
      classes = new ArrayList<>(union);
    }
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    for (Path s : splitDirs) {
      List<Path> classDirs = Scan.subdirs(s);
      if (classDirs.isEmpty()) {
        throw new DataException(
            "imagefolder split folder "
                + s
                + " has no class folders (expected "
                + s
                + "/<class>/*.png)");
      }
      List<Sample> samples = new ArrayList<>();
      for (Path c : classDirs) {
        String cls = c.getFileName().toString();
        int id = classes.indexOf(cls);
        if (id < 0) {
          throw new DataException(
              "imagefolder class folder " + c + " is not one of the classes " + classes);
        }
        List<Path> files = Scan.images(c, false);
        if (files.isEmpty()) {
          throw new DataException(
              "imagefolder class folder "
                  + c
                  + " is empty (expected *.png, *.jpg or *.jpeg files)");
        }
        for (Path f : files) {
          samples.add(Sample.classified(Scan.id(root, f), f, id));
        }
      }
      splits.put(s.getFileName().toString(), samples);
    }
    Scan.requireSplits(spec, splits.keySet(), root);
    return new Dataset(name(), root, Task.CLASSIFICATION, classInfos(classes), splits, null, 0);
  }

  /** Classes with generated colours. */
  static List<ClassInfo> classInfos(List<String> names) {
    int[] palette = Scan.palette(names.size());
    List<ClassInfo> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(new ClassInfo(names.get(i), palette[i]));
    }
    return out;
  }
}

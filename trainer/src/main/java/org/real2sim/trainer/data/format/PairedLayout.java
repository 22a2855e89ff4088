package org.real2sim.trainer.data.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;

/**
 * The folder layout shared by the paired and CARLA formats: {@code
 * root/<split>/<images>/<stem>.png|jpg} with {@code root/<split>/<labels>/<stem>.png}.
 */
final class PairedLayout {

  private PairedLayout() {}

  /** Lists the splits under {@code root}: every folder that has an {@code images} folder. */
  static Map<String, List<Sample>> scan(DatasetSpec spec, Path root) {
    String imagesName = spec.option("images", "images");
    String labelsName = spec.option("labels", "labels");
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    for (Path split : Scan.subdirs(root)) {
      Path images = split.resolve(imagesName);
      if (!Files.isDirectory(images)) {
        continue;
      }
      Path labels =
          Scan.requireDir(split.resolve(labelsName), spec.format() + " label (for " + images + ")");
      Map<String, Path> labelByStem = new HashMap<>();
      for (Path l : Scan.images(labels, false)) {
        if (!Scan.extension(l).equals("png")) {
          throw new DataException(
              l + ": label images must be PNG (lossless), found ." + Scan.extension(l));
        }
        labelByStem.put(Scan.stem(l), l);
      }
      List<Sample> samples = new ArrayList<>();
      Map<String, Path> seen = new HashMap<>();
      for (Path img : Scan.images(images, false)) {
        String stem = Scan.stem(img);
        Path before = seen.put(stem, img);
        if (before != null) {
          throw new DataException(
              img + " and " + before + " have the same stem; expected one image per label");
        }
        Path label = labelByStem.remove(stem);
        if (label == null) {
          throw new DataException(img + " has no label: expected " + labels.resolve(stem + ".png"));
        }
        samples.add(Sample.segmented(Scan.id(root, img), img, label));
      }
      if (!labelByStem.isEmpty()) {
        Path orphan = labelByStem.values().stream().sorted().findFirst().orElseThrow();
        throw new DataException(
            orphan
                + " has no image: expected "
                + images.resolve(Scan.stem(orphan) + ".png")
                + " (or .jpg)");
      }
      if (samples.isEmpty()) {
        throw new DataException(images + " is empty (expected *.png or *.jpg images)");
      }
      splits.put(split.getFileName().toString(), samples);
    }
    if (splits.isEmpty()) {
      throw new DataException(
          spec.format()
              + " data set root "
              + root
              + " has no split folders with an '"
              + imagesName
              + "' folder (expected root/<split>/"
              + imagesName
              + "/ and root/<split>/"
              + labelsName
              + "/)");
    }
    Scan.requireSplits(spec, splits.keySet(), root);
    return splits;
  }
}

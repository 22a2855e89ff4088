package org.real2sim.trainer.data.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.LabelMapping;
import org.real2sim.trainer.data.Protocol;
import org.real2sim.trainer.data.Sample;

/**
 * Cityscapes: {@code leftImg8bit/<split>/<city>/<name>_leftImg8bit.png} with {@code
 * gtFine/<split>/<city>/<name>_gtFine_labelIds.png} (8-bit label ids 0..33).
 *
 * <p>Label ids become the 19 train ids by the official table (every id not in it → 255), then the
 * protocol of option {@code protocol} ({@code cityscapes19} by default, {@code synthia16} or {@code
 * carla13} to share the synthetic domain's class space). Splits: those of {@code train, val, test}
 * that exist.
 */
final class CityscapesFormat implements DatasetFormat {

  /** Cityscapes labelId → trainId for the 19 training classes; other ids 0..33 → 255. */
  static final int[][] LABEL_TO_TRAIN = {
    {7, 0}, {8, 1}, {11, 2}, {12, 3}, {13, 4}, {17, 5}, {19, 6}, {20, 7}, {21, 8}, {22, 9},
    {23, 10}, {24, 11}, {25, 12}, {26, 13}, {27, 14}, {28, 15}, {31, 16}, {32, 17}, {33, 18}
  };

  /** The largest Cityscapes label id (license plate, id -1, is never drawn in labelIds images). */
  static final int MAX_LABEL_ID = 33;

  @Override
  public String name() {
    return "cityscapes";
  }

  @Override
  public String description() {
    return "Cityscapes: leftImg8bit/<split>/<city>/*_leftImg8bit.png +"
        + " gtFine/..._gtFine_labelIds.png";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("protocol", "cityscapes19 (default), synthia16 or carla13");
    m.put("splits", "splits that must exist, comma-separated (e.g. train,val)");
    return m;
  }

  /** The mapping labelId → protocol class. */
  static LabelMapping mapping(Protocol protocol) {
    Map<Integer, Integer> m = new LinkedHashMap<>();
    for (int id = 0; id <= MAX_LABEL_ID; id++) {
      m.put(id, LabelMapping.IGNORE);
    }
    for (int[] e : LABEL_TO_TRAIN) {
      m.put(e[0], protocol.fromCityscapesTrainId(e[1]));
    }
    return new LabelMapping("cityscapes labelId -> " + protocol.key(), 0, m);
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    Path root = Scan.root(spec);
    Protocol protocol = Protocol.parse(spec.option("protocol", "cityscapes19"));
    Path images = Scan.requireDir(root.resolve("leftImg8bit"), "cityscapes image (leftImg8bit)");
    Path labels = Scan.requireDir(root.resolve("gtFine"), "cityscapes label (gtFine)");
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    for (String split : List.of("train", "val", "test")) {
      Path imgSplit = images.resolve(split);
      if (!Files.isDirectory(imgSplit)) {
        continue;
      }
      List<Sample> samples = new ArrayList<>();
      for (Path img : Scan.images(imgSplit, true)) {
        String file = img.getFileName().toString();
        if (!file.endsWith("_leftImg8bit.png")) {
          continue;
        }
        String base = file.substring(0, file.length() - "_leftImg8bit.png".length());
        Path label =
            labels.resolve(images.relativize(img)).resolveSibling(base + "_gtFine_labelIds.png");
        if (!Files.isRegularFile(label)) {
          throw new DataException(img + " has no label: expected " + label);
        }
        samples.add(Sample.segmented(Scan.id(root, img), img, label));
      }
      if (samples.isEmpty()) {
        throw new DataException(
            "cityscapes split folder " + imgSplit + " has no <city>/*_leftImg8bit.png images");
      }
      splits.put(split, samples);
    }
    if (splits.isEmpty()) {
      throw new DataException(
          "cityscapes data set at "
              + root
              + " has no split folder under "
              + images
              + " (expected train, val or test)");
    }
    Scan.requireSplits(spec, splits.keySet(), root);
    return new Dataset(
        name(), root, Task.SEGMENTATION, protocol.classes(), splits, mapping(protocol), 0);
  }
}

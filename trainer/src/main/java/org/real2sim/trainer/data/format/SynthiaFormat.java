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
 * SYNTHIA-RAND-CITYSCAPES: {@code RGB/<id>.png} with {@code GT/LABELS/<id>.png}, under the root or
 * under {@code root/RAND_CITYSCAPES}.
 *
 * <p>Labels are 16-bit multi-channel PNGs with the SYNTHIA class id (0..22) in the first channel;
 * ids become Cityscapes train ids, then the protocol ({@code synthia16} by default). The paper's
 * split: frames sorted by id; the last {@code holdout} (1,400) are held out of training, the first
 * {@code val} (700) of them are the validation split and the rest the test split.
 */
final class SynthiaFormat implements DatasetFormat {

  /** SYNTHIA class id → Cityscapes train id; other ids 0..22 → 255. */
  static final int[][] SYNTHIA_TO_TRAIN = {
    {3, 0}, {4, 1}, {2, 2}, {21, 3}, {5, 4}, {7, 5}, {15, 6}, {9, 7}, {6, 8}, {1, 10}, {10, 11},
    {17, 12}, {8, 13}, {19, 15}, {12, 17}, {11, 18}
  };

  /** The largest SYNTHIA class id (22, lanemarking). */
  static final int MAX_ID = 22;

  @Override
  public String name() {
    return "synthia";
  }

  @Override
  public String description() {
    return "SYNTHIA-RAND-CITYSCAPES: RGB/<id>.png + GT/LABELS/<id>.png (16-bit, id in channel 0)";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("protocol", "synthia16 (default) or cityscapes19");
    m.put("holdout", "frames held out of training at the end (default 1400)");
    m.put("val", "of those, how many (the first) form the val split (default 700)");
    m.put("coarsen", "odd k >= 3: k x k label majority filter + matching image blur (default off)");
    return m;
  }

  /** The mapping SYNTHIA id (channel 0) → protocol class. */
  static LabelMapping mapping(Protocol protocol) {
    Map<Integer, Integer> m = new LinkedHashMap<>();
    for (int id = 0; id <= MAX_ID; id++) {
      m.put(id, LabelMapping.IGNORE);
    }
    for (int[] e : SYNTHIA_TO_TRAIN) {
      m.put(e[0], protocol.fromCityscapesTrainId(e[1]));
    }
    return new LabelMapping("SYNTHIA id -> " + protocol.key(), 0, m);
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    Path root = Scan.root(spec);
    Protocol protocol = Protocol.parse(spec.option("protocol", "synthia16"));
    if (protocol == Protocol.CARLA13) {
      throw new DataException(
          "synthia option 'protocol' must be synthia16 or cityscapes19, found carla13");
    }
    Path base =
        Files.isDirectory(root.resolve("RAND_CITYSCAPES")) ? root.resolve("RAND_CITYSCAPES") : root;
    Path rgb = Scan.requireDir(base.resolve("RGB"), "synthia image (RGB)");
    Path gt = Scan.requireDir(base.resolve("GT").resolve("LABELS"), "synthia label (GT/LABELS)");
    List<Path> frames = new ArrayList<>(Scan.images(rgb, false));
    frames.sort(
        (a, b) -> {
          String sa = Scan.stem(a);
          String sb = Scan.stem(b);
          boolean na = sa.matches("\\d+");
          boolean nb = sb.matches("\\d+");
          if (na && nb) {
            int c = Long.compare(Long.parseLong(sa), Long.parseLong(sb));
            return c != 0 ? c : sa.compareTo(sb);
          }
          return sa.compareTo(sb);
        });
    int holdout = spec.intOption("holdout", 1400);
    int val = spec.intOption("val", 700);
    if (holdout < 0 || val < 0 || val > holdout) {
      throw new DataException(
          "synthia options must satisfy 0 <= val <= holdout, found holdout="
              + holdout
              + " val="
              + val);
    }
    if (frames.size() <= holdout) {
      throw new DataException(
          "synthia data set at "
              + base
              + " has "
              + frames.size()
              + " frames in "
              + rgb
              + ", not more than the "
              + holdout
              + " held out (set option holdout)");
    }
    List<Sample> all = new ArrayList<>();
    for (Path img : frames) {
      Path label = gt.resolve(Scan.stem(img) + ".png");
      if (!Files.isRegularFile(label)) {
        throw new DataException(img + " has no label: expected " + label);
      }
      all.add(Sample.segmented(Scan.id(root, img), img, label));
    }
    int trainEnd = all.size() - holdout;
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    splits.put("train", all.subList(0, trainEnd));
    if (val > 0) {
      splits.put("val", all.subList(trainEnd, trainEnd + val));
    }
    if (holdout > val) {
      splits.put("test", all.subList(trainEnd + val, all.size()));
    }
    return new Dataset(
        name(),
        root,
        Task.SEGMENTATION,
        protocol.classes(),
        splits,
        mapping(protocol),
        Scan.coarsen(spec));
  }
}

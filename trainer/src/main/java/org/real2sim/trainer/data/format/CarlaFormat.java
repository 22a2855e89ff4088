package org.real2sim.trainer.data.format;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.LabelMapping;
import org.real2sim.trainer.data.Protocol;

/**
 * CARLA semantic segmentation camera output in paired folders: {@code root/<split>/images/*.png}
 * with {@code root/<split>/labels/*.png}, the raw segmentation images whose <em>red channel</em>
 * holds the semantic tag (never decode palette colours).
 *
 * <p>CARLA renumbered its tags in 0.9.14, so option {@code version} is required: {@code 0.9.13} or
 * earlier selects the old table, {@code 0.9.14} or later the new one. Both map into the 13-class
 * protocol (pedestrian and rider → pedestrian; car, truck, bus, train, motorcycle, bicycle →
 * vehicles); every other tag → 255. Option {@code coarsen} applies the label majority filter and
 * image blur the paper uses to mimic coarse human labels.
 */
final class CarlaFormat implements DatasetFormat {

  /** CARLA ≤ 0.9.13 tag → 13-class id; other tags 0..22 → 255. */
  static final int[][] OLD_TAGS = {
    {7, 0}, {8, 1}, {1, 2}, {11, 3}, {2, 4}, {5, 5}, {18, 6}, {12, 7}, {9, 8}, {22, 9}, {13, 10},
    {4, 11}, {10, 12}
  };

  /** The largest CARLA ≤ 0.9.13 tag (22, terrain). */
  static final int OLD_MAX = 22;

  /** CARLA ≥ 0.9.14 tag → 13-class id; other tags 0..28 → 255. */
  static final int[][] NEW_TAGS = {
    {1, 0}, {2, 1}, {3, 2}, {4, 3}, {5, 4}, {6, 5}, {7, 6}, {8, 7}, {9, 8}, {10, 9}, {11, 10},
    {12, 11}, {13, 11}, {14, 12}, {15, 12}, {16, 12}, {17, 12}, {18, 12}, {19, 12}
  };

  /** The largest CARLA ≥ 0.9.14 tag (28). */
  static final int NEW_MAX = 28;

  @Override
  public String name() {
    return "carla";
  }

  @Override
  public String description() {
    return "CARLA: root/<split>/images/*.png + labels/*.png (tag in the red channel)";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("version", "required: the CARLA version that wrote the labels, e.g. 0.9.13 or 0.9.15");
    m.put("images", "name of the image folder in each split (default images)");
    m.put("labels", "name of the label folder in each split (default labels)");
    m.put("splits", "splits that must exist, comma-separated (e.g. train,val)");
    m.put("coarsen", "odd k >= 3: k x k label majority filter + matching image blur (default off)");
    return m;
  }

  /** Whether {@code version} (e.g. {@code "0.9.14"}) uses the new tag table. */
  static boolean newTags(String version) {
    String[] parts = version.trim().split("\\.");
    int[] v = new int[3];
    try {
      if (parts.length < 2 || parts.length > 3) {
        throw new NumberFormatException();
      }
      for (int i = 0; i < parts.length; i++) {
        v[i] = Integer.parseInt(parts[i]);
      }
    } catch (NumberFormatException e) {
      throw new DataException(
          "carla option 'version' must look like 0.9.13 or 0.9.15, found '" + version + "'");
    }
    long key = v[0] * 1_000_000L + v[1] * 1_000L + v[2];
    return key >= 9_014L;
  }

  /** The mapping red-channel tag → 13-class id for CARLA {@code version}. */
  static LabelMapping mapping(String version) {
    boolean fresh = newTags(version);
    int[][] table = fresh ? NEW_TAGS : OLD_TAGS;
    Map<Integer, Integer> m = new LinkedHashMap<>();
    for (int t = 0; t <= (fresh ? NEW_MAX : OLD_MAX); t++) {
      m.put(t, LabelMapping.IGNORE);
    }
    for (int[] e : table) {
      m.put(e[0], e[1]);
    }
    String name = "CARLA " + (fresh ? ">= 0.9.14" : "<= 0.9.13") + " tag -> carla13";
    return new LabelMapping(name, 0, m);
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    String version = spec.options().get("version");
    if (version == null) {
      throw new DataException(
          "carla data set at "
              + spec.root()
              + ": option 'version' is required (the CARLA version"
              + " that wrote the labels, e.g. version=0.9.13; tags changed in 0.9.14)");
    }
    LabelMapping mapping = mapping(version);
    Path root = Scan.root(spec);
    return new Dataset(
        name(),
        root,
        Task.SEGMENTATION,
        Protocol.CARLA13.classes(),
        PairedLayout.scan(spec, root),
        mapping,
        Scan.coarsen(spec));
  }
}

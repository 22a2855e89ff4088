package org.real2sim.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The label protocols of the paper's segmentation setups, all defined on Cityscapes train ids.
 *
 * <ul>
 *   <li>{@link #CITYSCAPES19}: the 19 Cityscapes training classes, ids 0..18.
 *   <li>{@link #SYNTHIA16}: the 16-class SYNTHIA protocol — the 19 without terrain, truck and
 *       train, renumbered 0..15 in Cityscapes order.
 *   <li>{@link #CARLA13}: the 13-class CARLA protocol — road … sky as in Cityscapes without
 *       distinction of pedestrian types (person, rider → pedestrian) and vehicle types (car, truck,
 *       bus, train, motorcycle, bicycle → vehicles).
 * </ul>
 *
 * Cityscapes ground truth is mapped into the synthetic domain's protocol with {@link
 * #fromCityscapesTrainId(int)}, so both domains share one class space.
 */
public enum Protocol {
  /** The 19 Cityscapes training classes. */
  CITYSCAPES19("cityscapes19", identity()),
  /** The 16-class SYNTHIA protocol (no terrain, truck, train). */
  SYNTHIA16(
      "synthia16", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 255, 9, 10, 11, 12, 255, 13, 255, 14, 15}),
  /** The 13-class CARLA protocol (pedestrian and vehicle classes merged). */
  CARLA13("carla13", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12, 12, 12, 12, 12, 12});

  /** The 19 Cityscapes training classes with their official colours, in train-id order. */
  public static final List<ClassInfo> CITYSCAPES_CLASSES = Table.CLASSES;

  /** Holds the class table; enum constants cannot read the enum's own static fields. */
  private static final class Table {
    static final List<ClassInfo> CLASSES =
        List.of(
            ClassInfo.of("road", 128, 64, 128),
            ClassInfo.of("sidewalk", 244, 35, 232),
            ClassInfo.of("building", 70, 70, 70),
            ClassInfo.of("wall", 102, 102, 156),
            ClassInfo.of("fence", 190, 153, 153),
            ClassInfo.of("pole", 153, 153, 153),
            ClassInfo.of("traffic light", 250, 170, 30),
            ClassInfo.of("traffic sign", 220, 220, 0),
            ClassInfo.of("vegetation", 107, 142, 35),
            ClassInfo.of("terrain", 152, 251, 152),
            ClassInfo.of("sky", 70, 130, 180),
            ClassInfo.of("person", 220, 20, 60),
            ClassInfo.of("rider", 255, 0, 0),
            ClassInfo.of("car", 0, 0, 142),
            ClassInfo.of("truck", 0, 0, 70),
            ClassInfo.of("bus", 0, 60, 100),
            ClassInfo.of("train", 0, 80, 100),
            ClassInfo.of("motorcycle", 0, 0, 230),
            ClassInfo.of("bicycle", 119, 11, 32));
  }

  private final String key;
  private final int[] fromTrainId;
  private final List<ClassInfo> classes;

  Protocol(String key, int[] fromTrainId) {
    this.key = key;
    this.fromTrainId = fromTrainId;
    this.classes = buildClasses(key, fromTrainId);
  }

  private static int[] identity() {
    int[] a = new int[19];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  private static List<ClassInfo> buildClasses(String key, int[] fromTrainId) {
    int k = Arrays.stream(fromTrainId).filter(c -> c != LabelMapping.IGNORE).max().orElse(-1) + 1;
    ClassInfo[] out = new ClassInfo[k];
    for (int t = 0; t < fromTrainId.length; t++) {
      int c = fromTrainId[t];
      if (c != LabelMapping.IGNORE && out[c] == null) {
        out[c] = Table.CLASSES.get(t);
      }
    }
    if (key.equals("carla13")) {
      out[11] = new ClassInfo("pedestrian", out[11].rgb());
      out[12] = new ClassInfo("vehicles", out[12].rgb());
    }
    return List.of(out);
  }

  /** The protocol's option value, e.g. {@code "synthia16"}. */
  public String key() {
    return key;
  }

  /** The classes in id order; their count is the number of classes K. */
  public List<ClassInfo> classes() {
    return classes;
  }

  /** The protocol class of Cityscapes train id {@code trainId} (0..18), or 255 for ignore. */
  public int fromCityscapesTrainId(int trainId) {
    if (trainId == LabelMapping.IGNORE) {
      return LabelMapping.IGNORE;
    }
    if (trainId < 0 || trainId >= fromTrainId.length) {
      throw new IllegalArgumentException(
          "Cityscapes train id must be 0..18 or 255, found " + trainId);
    }
    return fromTrainId[trainId];
  }

  /**
   * The protocol called {@code key}.
   *
   * @throws DataException naming the value and listing the protocols
   */
  public static Protocol parse(String key) {
    for (Protocol p : values()) {
      if (p.key.equals(key.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    List<String> keys = new ArrayList<>();
    for (Protocol p : values()) {
      keys.add(p.key);
    }
    throw new DataException("Unknown label protocol '" + key + "', expected one of " + keys);
  }
}

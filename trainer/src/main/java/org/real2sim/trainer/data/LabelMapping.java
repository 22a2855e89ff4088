package org.real2sim.trainer.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the raw values stored in a label image into protocol class ids.
 *
 * <p>A label image stores a raw id per pixel in one channel (Cityscapes {@code labelIds}: channel 0
 * of an 8-bit grey PNG; SYNTHIA: channel 0 of a 16-bit multi-channel PNG; CARLA: the red channel).
 * The mapping reads that channel and looks the value up in a table: the result is a class id {@code
 * 0..K-1}, {@link #IGNORE} (a known raw id that no class uses), or {@link #UNKNOWN} (a raw id the
 * data set's table does not define — a corrupt or foreign label file, reported as an error).
 */
public final class LabelMapping {

  /** The ignore label: pixels with it contribute to neither loss nor metrics. */
  public static final int IGNORE = 255;

  /** The table value of raw ids the data set does not define. */
  public static final int UNKNOWN = -1;

  private final String name;
  private final int channel;
  private final int[] table;
  private final String expected;

  /**
   * A mapping from an explicit table.
   *
   * @param name what the mapping is, for messages (e.g. {@code "SYNTHIA id -> synthia16"})
   * @param channel the image channel holding the raw id (0 = first/red/grey)
   * @param rawToClass raw id → class id (or {@link #IGNORE}); raw ids not in the map are unknown
   */
  public LabelMapping(String name, int channel, Map<Integer, Integer> rawToClass) {
    if (channel < 0) {
      throw new IllegalArgumentException(name + ": channel must be >= 0, found " + channel);
    }
    int max = 0;
    for (Map.Entry<Integer, Integer> e : rawToClass.entrySet()) {
      int raw = e.getKey();
      int cls = e.getValue();
      if (raw < 0 || raw > 65535) {
        throw new IllegalArgumentException(name + ": raw id must be 0..65535, found " + raw);
      }
      if (cls != IGNORE && (cls < 0 || cls >= IGNORE)) {
        throw new IllegalArgumentException(
            name + ": raw id " + raw + " maps to " + cls + ", expected 0..254 or 255 (ignore)");
      }
      max = Math.max(max, raw);
    }
    this.name = name;
    this.channel = channel;
    this.table = new int[max + 1];
    Arrays.fill(table, UNKNOWN);
    for (Map.Entry<Integer, Integer> e : rawToClass.entrySet()) {
      table[e.getKey()] = e.getValue();
    }
    this.expected =
        describe(new TreeMap<>(rawToClass).keySet().stream().mapToInt(i -> i).toArray());
  }

  /** What the mapping is, e.g. {@code "cityscapes labelId -> cityscapes19"}. */
  public String name() {
    return name;
  }

  /** The channel of the label image that holds the raw id. */
  public int channel() {
    return channel;
  }

  /** The class id of raw id {@code raw}: {@code 0..K-1}, {@link #IGNORE} or {@link #UNKNOWN}. */
  public int map(int raw) {
    return raw >= 0 && raw < table.length ? table[raw] : UNKNOWN;
  }

  /** The raw ids this mapping defines, as ranges, e.g. {@code "0..33, 255"}. */
  public String expectedIds() {
    return expected;
  }

  /**
   * Maps {@code raw} in place to class ids.
   *
   * @param file the label file the values came from, named in the error
   * @throws DataException at the first raw id the table does not define
   */
  public void apply(int[] raw, Path file) {
    int[] t = table;
    for (int i = 0; i < raw.length; i++) {
      int r = raw[i];
      int c = r >= 0 && r < t.length ? t[r] : UNKNOWN;
      if (c == UNKNOWN) {
        throw new DataException(
            file
                + ": label id "
                + r
                + " is not in the class map ("
                + name
                + "; expected one of "
                + expected
                + ")");
      }
      raw[i] = c;
    }
  }

  private static String describe(int[] sorted) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
        j++;
      }
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(sorted[i]);
      if (j > i) {
        b.append("..").append(sorted[j]);
      }
      i = j + 1;
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return name + " (channel " + channel + ", ids " + expected + ")";
  }
}

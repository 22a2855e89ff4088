package org.real2sim.exporter.nets;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.real2sim.exporter.ExportException;
import org.real2sim.models.nn.Weights;

/**
 * A read-only view of a network's weights that records which ones a writer looked up, so that an
 * export can refuse a checkpoint holding layers the writers do not know (an unsupported operator
 * would otherwise be dropped silently), and can check shapes against the configuration before any
 * node is written.
 *
 * <p>Keys are variable paths ({@code g_rs/res_3/conv_1/kernel}); {@link #get} marks a key as used.
 * Not thread-safe.
 */
public final class WeightSet extends AbstractMap<String, Weights> {

  private final Map<String, Weights> weights;
  private final Set<String> used = new HashSet<>();

  /** A view of {@code weights} (copied, insertion order kept). */
  public WeightSet(Map<String, Weights> weights) {
    this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  /** The weight called {@code key}, or null; a found key is marked as used. */
  @Override
  public Weights get(Object key) {
    Weights w = weights.get(key);
    if (w != null) {
      used.add((String) key);
    }
    return w;
  }

  @Override
  public boolean containsKey(Object key) {
    return weights.containsKey(key);
  }

  @Override
  public Set<Entry<String, Weights>> entrySet() {
    return weights.entrySet();
  }

  /** The names under {@code prefix + "/"} that no writer looked up, sorted. */
  public Set<String> unused(String prefix) {
    Set<String> out = new TreeSet<>();
    for (String k : weights.keySet()) {
      if (k.startsWith(prefix + "/") && !used.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Fails when a weight under {@code prefix} was never used: the checkpoint holds a layer that the
   * configured architecture (and so the exporter) does not have.
   *
   * @throws ExportException listing the unused weights
   */
  public void requireAllUsed(String prefix, String architecture) {
    Set<String> left = unused(prefix);
    if (!left.isEmpty()) {
      throw new ExportException(
          "The weights of "
              + prefix
              + " hold "
              + left.size()
              + " variable(s) that "
              + architecture
              + " has no layer for, so they cannot be exported (an unsupported layer, or a"
              + " configuration that does not match the checkpoint): "
              + abbreviate(left));
    }
  }

  /**
   * Checks that the weight {@code name} exists with exactly {@code shape}; marks it as used.
   *
   * @param context what the shape follows from, for the message, e.g. {@code "ngf 8"}
   * @throws ExportException naming the weight, the shape found and the shape expected
   */
  public Weights require(String name, long[] shape, String context) {
    Weights w = get(name);
    if (w == null) {
      throw new ExportException(
          "Missing weight '"
              + name
              + "' of shape "
              + Arrays.toString(shape)
              + " ("
              + context
              + "); weights under '"
              + parent(name)
              + "/': "
              + abbreviate(under(parent(name))));
    }
    if (!Arrays.equals(w.shape(), shape)) {
      throw new ExportException(
          "Weight '"
              + name
              + "' has shape "
              + Arrays.toString(w.shape())
              + " but "
              + context
              + " needs "
              + Arrays.toString(shape));
    }
    return w;
  }

  private Set<String> under(String prefix) {
    Set<String> out = new TreeSet<>();
    for (String k : weights.keySet()) {
      if (k.startsWith(prefix + "/")) {
        out.add(k);
      }
    }
    return out;
  }

  private static String parent(String name) {
    int i = name.lastIndexOf('/');
    return i < 0 ? name : name.substring(0, i);
  }

  private static String abbreviate(Set<String> names) {
    if (names.size() <= 12) {
      return names.toString();
    }
    return names.stream().limit(12).toList() + " and " + (names.size() - 12) + " more";
  }
}

package org.real2sim.models.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * A fixed, named list of values one session run fetches, read back by name instead of by position
 * ({@code fetches.scalar(result, "loss_cyc")}, not {@code result.get(2 + j)}).
 *
 * <p>Built once per graph, applied to every run: {@link #addTo} fetches the operands in the order
 * they were named, and {@link #get} finds a name's position in the run's {@link Result}.
 */
public final class Fetches {

  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final List<Operand<?>> operands;

  /** Fetches {@code named} (name → operand) in its iteration order. */
  public Fetches(Map<String, ? extends Operand<?>> named) {
    int i = 0;
    for (String name : named.keySet()) {
      index.put(name, i++);
    }
    operands = List.copyOf(named.values());
  }

  /** The names, in fetch order. */
  public List<String> names() {
    return List.copyOf(index.keySet());
  }

  /** The fetched operands' op names, in fetch order (for {@link WriteOrder#races}). */
  public List<String> opNames() {
    List<String> ops = new ArrayList<>();
    for (Operand<?> o : operands) {
      ops.add(o.op().name());
    }
    return ops;
  }

  /** Adds every fetch to {@code runner}, in order; returns it. */
  public Session.Runner addTo(Session.Runner runner) {
    for (Operand<?> o : operands) {
      runner.fetch(o);
    }
    return runner;
  }

  /**
   * The tensor fetched as {@code name} in {@code result} (owned by {@code result}).
   *
   * @throws IllegalArgumentException naming the value and the fetched names
   */
  public Tensor get(Result result, String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "Nothing fetched as '" + name + "', expected one of " + index.keySet());
    }
    return result.get(i);
  }

  /** The float scalar fetched as {@code name}. */
  public float scalar(Result result, String name) {
    return ((TFloat32) get(result, name)).getFloat();
  }
}

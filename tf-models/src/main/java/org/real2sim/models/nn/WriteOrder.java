package org.real2sim.models.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Checks that one session run is free of races on its variables, so that running independent ops
 * concurrently (more than one inter-op thread) gives the same bits as running them one at a time.
 *
 * <p>Our variables are TF1 {@code VariableV2} refs: their {@code Identity} reads alias the
 * variable's buffer, and {@code ApplyAdam}/{@code Assign} update it in place. A run is race-free
 * when, for every variable the run writes, every op that reads its buffer (through any chain of
 * aliasing ops) is ordered against every write — an ancestor of the write or a descendant of it —
 * and two writes of one variable are ordered too. Then the executor may interleave the rest in any
 * order: each op's arithmetic is unchanged (its own intra-op threads decide that), so the results
 * do not depend on the inter-op thread count. One thread can only hide a race, not remove it (the
 * executor's fixed order decides who wins), which is why the check is structural.
 *
 * <p>It fails closed where it can: an op named like one of TensorFlow's in-place updates ({@code
 * Assign…}, {@code Apply…}, {@code Scatter…}) that it does not know counts as writing every input,
 * ops that may hand their input's buffer on (slices, splits, casts) count as readers and are
 * followed, and whatever consumes a write's output (the variable's ref) reads the buffer. What it
 * checks is the graph as built; Grappler's rewrites before execution keep control and data
 * dependencies on refs, and the bit-for-bit tests (1 against 4 inter-op threads) check what
 * actually runs. The run is taken as every ancestor of the given ops, which is exact when the run
 * feeds only placeholders (as every run checked here does); a fed intermediate tensor would cut the
 * graph there and is not modelled.
 */
public final class WriteOrder {

  /**
   * A read that no ordering separates from a write of the same variable.
   *
   * @param variable the variable's name
   * @param writer the op that updates it in place
   * @param other the op that reads (or also writes) its buffer, in no order with {@code writer}
   */
  public record Race(String variable, String writer, String other) {
    @Override
    public String toString() {
      return variable + ": " + writer + " is not ordered against " + other;
    }
  }

  /**
   * What {@link #check} found.
   *
   * @param written the variables the run writes in place (their names)
   * @param races the unordered accesses, empty when the run is race-free
   */
  public record Check(List<String> written, List<Race> races) {
    /** Copies the lists. */
    public Check {
      written = List.copyOf(written);
      races = List.copyOf(races);
    }
  }

  /** Ops whose output is their input's buffer without reading it (the alias continues). */
  private static final Set<String> ALIASING =
      Set.of(
          "Identity",
          "IdentityN",
          "RefIdentity",
          "Reshape",
          "ExpandDims",
          "Squeeze",
          "StopGradient",
          "PreventGradient",
          "Bitcast",
          "EnsureShape",
          "PlaceholderWithDefault",
          "Switch",
          "RefSwitch",
          "Merge",
          "RefMerge",
          "Enter",
          "RefEnter",
          "Exit",
          "RefExit",
          "NextIteration",
          "RefNextIteration");

  /**
   * Ops that read their input and may also hand its buffer on (a slice or split that keeps it
   * whole, a same-type cast, an identity transpose): counted as readers and followed as aliases.
   */
  private static final Set<String> MAYBE_ALIASING =
      Set.of(
          "Slice",
          "StridedSlice",
          "Split",
          "SplitV",
          "Unpack",
          "Transpose",
          "Cast",
          "Tile",
          "Pad",
          "BroadcastTo",
          "CheckNumerics",
          "Print");

  /** In-place updates: op type → the inputs it writes (the others it only reads). */
  private static final Map<String, Set<Integer>> WRITES =
      Map.ofEntries(
          Map.entry("Assign", Set.of(0)),
          Map.entry("AssignAdd", Set.of(0)),
          Map.entry("AssignSub", Set.of(0)),
          Map.entry("ApplyAdam", Set.of(0, 1, 2)),
          Map.entry("ApplyGradientDescent", Set.of(0)),
          Map.entry("ApplyMomentum", Set.of(0, 1)),
          Map.entry("ApplyRMSProp", Set.of(0, 1, 2)),
          Map.entry("ScatterUpdate", Set.of(0)),
          Map.entry("ScatterAdd", Set.of(0)),
          Map.entry("ScatterSub", Set.of(0)),
          Map.entry("ScatterNdUpdate", Set.of(0)),
          Map.entry("CountUpTo", Set.of(0)));

  /**
   * Name prefixes of TensorFlow's in-place update ops: one of these not listed in {@link #WRITES}
   * counts as writing every input (fail closed).
   */
  private static final List<String> UPDATE_PREFIXES =
      List.of("Assign", "Apply", "SparseApply", "ResourceApply", "Scatter", "CountUpTo");

  private WriteOrder() {}

  /**
   * The races of the run that computes {@code ops} (fetched outputs' ops and targets, by name) in
   * {@code graph}; empty when the run is race-free.
   *
   * @throws IllegalArgumentException naming an op that is not in the graph
   */
  public static List<Race> races(GraphDef graph, Collection<String> ops) {
    return check(graph, ops).races();
  }

  /**
   * The variables the run that computes {@code ops} writes, and its races.
   *
   * @throws IllegalArgumentException naming an op that is not in the graph
   */
  public static Check check(GraphDef graph, Collection<String> ops) {
    Map<String, Integer> index = new HashMap<>();
    List<NodeDef> nodes = graph.getNodeList();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).getName(), i);
    }
    int n = nodes.size();
    List<List<Integer>> inputs = new ArrayList<>(n);
    List<List<Integer>> consumers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      consumers.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      List<Integer> in = new ArrayList<>();
      for (String s : nodes.get(i).getInputList()) {
        Integer src = index.get(nodeName(s));
        if (src == null) {
          throw new IllegalArgumentException(
              "op " + nodes.get(i).getName() + " has an input " + s + " that is not in the graph");
        }
        in.add(src);
        consumers.get(src).add(i);
      }
      inputs.add(in);
    }
    BitSet run = new BitSet(n);
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (String op : ops) {
      Integer i = index.get(nodeName(op));
      if (i == null) {
        throw new IllegalArgumentException("op " + op + " is not in the graph");
      }
      todo.add(i);
    }
    while (!todo.isEmpty()) {
      int i = todo.poll();
      if (!run.get(i)) {
        run.set(i);
        todo.addAll(inputs.get(i));
      }
    }

    List<Race> races = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (int v = run.nextSetBit(0); v >= 0; v = run.nextSetBit(v + 1)) {
      if (!nodes.get(v).getOp().equals("VariableV2")) {
        continue;
      }
      Set<Integer> writers = new LinkedHashSet<>();
      Set<Integer> readers = new LinkedHashSet<>();
      accesses(v, nodes, inputs, consumers, run, writers, readers, new HashSet<>());
      if (!writers.isEmpty()) {
        written.add(nodes.get(v).getName());
      }
      for (int w : writers) {
        BitSet before = reach(w, inputs, run);
        BitSet after = reach(w, consumers, run);
        List<Integer> others = new ArrayList<>(readers);
        for (int o : writers) {
          if (o > w) { // each pair of writes once
            others.add(o);
          }
        }
        for (int r : others) {
          if (r != w && !before.get(r) && !after.get(r)) {
            races.add(
                new Race(nodes.get(v).getName(), nodes.get(w).getName(), nodes.get(r).getName()));
          }
        }
      }
    }
    return new Check(written, races);
  }

  /**
   * Follows the buffer of {@code source} (the variable, an alias of it, or a writer's output ref)
   * to its users.
   */
  private static void accesses(
      int source,
      List<NodeDef> nodes,
      List<List<Integer>> inputs,
      List<List<Integer>> consumers,
      BitSet run,
      Set<Integer> writers,
      Set<Integer> readers,
      Set<Integer> seen) {
    for (int c : consumers.get(source)) {
      if (!run.get(c)) {
        continue;
      }
      String type = nodes.get(c).getOp();
      List<String> in = nodes.get(c).getInputList();
      boolean data = false;
      boolean writes = false;
      for (int k = 0; k < in.size(); k++) {
        if (inputs.get(c).get(k) == source && !in.get(k).startsWith("^")) {
          data = true;
          writes |= WRITES.getOrDefault(type, Set.of()).contains(k);
        }
      }
      if (!data || !seen.add(c)) {
        continue; // a control edge orders, it does not read; an op reached twice counts once
      }
      boolean unknownUpdate =
          !WRITES.containsKey(type) && UPDATE_PREFIXES.stream().anyMatch(type::startsWith);
      if (writes || unknownUpdate) {
        writers.add(c);
        // A write's output is the variable's ref: whatever consumes it reads the buffer.
        accesses(c, nodes, inputs, consumers, run, writers, readers, seen);
      } else if (ALIASING.contains(type)) {
        accesses(c, nodes, inputs, consumers, run, writers, readers, seen);
      } else if (MAYBE_ALIASING.contains(type)) {
        readers.add(c);
        accesses(c, nodes, inputs, consumers, run, writers, readers, seen);
      } else {
        readers.add(c);
      }
    }
  }

  /** The ops of the run reachable from {@code from} along {@code edges}. */
  private static BitSet reach(int from, List<List<Integer>> edges, BitSet run) {
    BitSet seen = new BitSet();
    ArrayDeque<Integer> todo = new ArrayDeque<>(edges.get(from));
    while (!todo.isEmpty()) {
      int i = todo.poll();
      if (run.get(i) && !seen.get(i)) {
        seen.set(i);
        todo.addAll(edges.get(i));
      }
    }
    return seen;
  }

  /** {@code "^a"}, {@code "a:1"} and {@code "a"} all name op {@code a}. */
  private static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.lastIndexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}

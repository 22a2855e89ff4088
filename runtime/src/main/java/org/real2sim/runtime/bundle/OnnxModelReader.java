package org.real2sim.runtime.bundle;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.runtime.bundle.ExternalTensor.Place;

/**
 * Reads the parts of an ONNX model file that decide which other files ONNX Runtime would open:
 * every tensor with external data, wherever it stands (graph initializers, sparse initializers,
 * tensors in node attributes, subgraphs of {@code If}/{@code Loop}/{@code Scan} attributes, the
 * graphs of training info and the nodes of model-local functions), plus the IR version and the
 * opset imports.
 *
 * <p>The runtime depends on ONNX Runtime and Jackson only, so this is a small reader of the
 * protocol-buffer wire format written from the ONNX specification ({@code onnx.proto}): it walks
 * {@code ModelProto → GraphProto → NodeProto → AttributeProto → TensorProto} by field number and
 * skips every other field. It reads nothing but the given bytes, allocates nothing in proportion to
 * a length it has not checked against the bytes it holds, and refuses malformed input (a truncated
 * field, a length past the end, a varint of more than ten bytes, a deprecated group, graphs nested
 * more than {@value #MAX_DEPTH} deep) with an {@link IllegalArgumentException} that gives the byte
 * offset and what was expected. Thread-safe: every call works on its own state.
 */
public final class OnnxModelReader {

  /** The deepest nesting of graphs in node attributes that is accepted. */
  public static final int MAX_DEPTH = 32;

  /** TensorProto.DataLocation.EXTERNAL. */
  static final int DATA_LOCATION_EXTERNAL = 1;

  /**
   * What the reader found.
   *
   * @param irVersion the model's IR version (0 when absent)
   * @param opsets domain → version of the opset imports, in file order ({@code ""} is the default
   *     domain)
   * @param external every tensor with external data, in file order
   * @param nodes the number of nodes read, subgraphs and functions included
   */
  public record Model(
      long irVersion, List<Opset> opsets, List<ExternalTensor> external, long nodes) {

    /** The version of the default domain ({@code ""} or {@code ai.onnx}), or -1 when absent. */
    public long defaultOpset() {
      long v = -1;
      for (Opset o : opsets) {
        if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) {
          v = o.version();
        }
      }
      return v;
    }
  }

  /**
   * One opset import.
   *
   * @param domain the operator domain, {@code ""} for the default one
   * @param version its version
   */
  public record Opset(String domain, long version) {}

  private OnnxModelReader() {}

  /**
   * Reads a serialised {@code ModelProto}.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed ModelProto, naming the
   *     byte offset
   */
  public static Model read(byte[] model) {
    State s = new State();
    ProtoCursor c = new ProtoCursor(model, 0, model.length);
    long ir = 0;
    List<Opset> opsets = new ArrayList<>();
    while (c.more()) {
      long key = c.varint("a ModelProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> ir = c.expectVarint(wire, "ModelProto.ir_version");
        case 7 -> graph(c.sub(wire, "ModelProto.graph"), s, "graph", 0);
        case 8 -> opsets.add(opset(c.sub(wire, "ModelProto.opset_import")));
        case 20 -> trainingInfo(c.sub(wire, "ModelProto.training_info"), s);
        case 25 -> function(c.sub(wire, "ModelProto.functions"), s);
        default -> c.skip(wire, field);
      }
    }
    return new Model(ir, List.copyOf(opsets), List.copyOf(s.external), s.nodes);
  }

  /** Running results of one read. */
  private static final class State {
    final List<ExternalTensor> external = new ArrayList<>();
    long nodes;
  }

  private static Opset opset(ProtoCursor c) {
    String domain = "";
    long version = 0;
    while (c.more()) {
      long key = c.varint("an OperatorSetIdProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> domain = c.string(wire, "OperatorSetIdProto.domain");
        case 2 -> version = c.expectVarint(wire, "OperatorSetIdProto.version");
        default -> c.skip(wire, field);
      }
    }
    return new Opset(domain, version);
  }

  private static void trainingInfo(ProtoCursor c, State s) {
    while (c.more()) {
      long key = c.varint("a TrainingInfoProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> graph(c.sub(wire, "TrainingInfoProto.initialization"), s, "training graph", 1);
        case 2 -> graph(c.sub(wire, "TrainingInfoProto.algorithm"), s, "training graph", 1);
        default -> c.skip(wire, field);
      }
    }
  }

  private static void function(ProtoCursor c, State s) {
    List<ProtoCursor> nodes = new ArrayList<>();
    String name = "";
    while (c.more()) {
      long key = c.varint("a FunctionProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> name = c.string(wire, "FunctionProto.name");
        case 7 -> nodes.add(c.sub(wire, "FunctionProto.node"));
        default -> c.skip(wire, field);
      }
    }
    for (ProtoCursor n : nodes) {
      node(n, s, "function '" + name + "'", 1);
    }
  }

  /**
   * Reads a GraphProto. The graph's name may follow its nodes in the file, so messages are built
   * after the scan of the graph's own fields.
   */
  private static void graph(ProtoCursor c, State s, String kind, int depth) {
    if (depth > MAX_DEPTH) {
      throw c.error("graphs are nested more than " + MAX_DEPTH + " deep");
    }
    String name = "";
    List<ProtoCursor> nodes = new ArrayList<>();
    List<ProtoCursor> initializers = new ArrayList<>();
    List<ProtoCursor> sparse = new ArrayList<>();
    while (c.more()) {
      long key = c.varint("a GraphProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> nodes.add(c.sub(wire, "GraphProto.node"));
        case 2 -> name = c.string(wire, "GraphProto.name");
        case 5 -> initializers.add(c.sub(wire, "GraphProto.initializer"));
        case 15 -> sparse.add(c.sub(wire, "GraphProto.sparse_initializer"));
        default -> c.skip(wire, field);
      }
    }
    String where = kind + " '" + name + "'";
    Place place = depth == 0 ? Place.GRAPH_INITIALIZER : Place.ELSEWHERE;
    for (ProtoCursor t : initializers) {
      tensor(t, s, where + " initializer", place);
    }
    for (ProtoCursor t : sparse) {
      sparseTensor(t, s, where + " sparse initializer");
    }
    for (ProtoCursor n : nodes) {
      node(n, s, where, depth);
    }
  }

  private static void node(ProtoCursor c, State s, String where, int depth) {
    s.nodes++;
    String name = "";
    String op = "";
    List<ProtoCursor> attributes = new ArrayList<>();
    while (c.more()) {
      long key = c.varint("a NodeProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 3 -> name = c.string(wire, "NodeProto.name");
        case 4 -> op = c.string(wire, "NodeProto.op_type");
        case 5 -> attributes.add(c.sub(wire, "NodeProto.attribute"));
        default -> c.skip(wire, field);
      }
    }
    String here = where + " node '" + (name.isEmpty() ? op : name) + "'";
    for (ProtoCursor a : attributes) {
      attribute(a, s, here, depth);
    }
  }

  private static void attribute(ProtoCursor c, State s, String where, int depth) {
    String name = "";
    List<ProtoCursor> tensors = new ArrayList<>();
    List<ProtoCursor> graphs = new ArrayList<>();
    List<ProtoCursor> sparse = new ArrayList<>();
    while (c.more()) {
      long key = c.varint("an AttributeProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> name = c.string(wire, "AttributeProto.name");
        case 5, 10 -> tensors.add(c.sub(wire, "AttributeProto.t"));
        case 6, 11 -> graphs.add(c.sub(wire, "AttributeProto.g"));
        case 22, 23 -> sparse.add(c.sub(wire, "AttributeProto.sparse_tensor"));
        default -> c.skip(wire, field);
      }
    }
    String here = where + " attribute '" + name + "'";
    for (ProtoCursor t : tensors) {
      tensor(t, s, here + " tensor", Place.ELSEWHERE);
    }
    for (ProtoCursor t : sparse) {
      sparseTensor(t, s, here + " sparse tensor");
    }
    for (ProtoCursor g : graphs) {
      graph(g, s, here + " graph", depth + 1);
    }
  }

  private static void sparseTensor(ProtoCursor c, State s, String where) {
    while (c.more()) {
      long key = c.varint("a SparseTensorProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> tensor(c.sub(wire, "SparseTensorProto.values"), s, where, Place.ELSEWHERE);
        case 2 -> tensor(c.sub(wire, "SparseTensorProto.indices"), s, where, Place.ELSEWHERE);
        default -> c.skip(wire, field);
      }
    }
  }

  private static void tensor(ProtoCursor c, State s, String where, Place place) {
    String name = "";
    int dataType = 0;
    int location = 0;
    List<Long> dims = new ArrayList<>();
    List<String[]> entries = new ArrayList<>();
    while (c.more()) {
      long key = c.varint("a TensorProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> c.int64s(wire, "TensorProto.dims", dims);
        case 2 -> dataType = (int) c.expectVarint(wire, "TensorProto.data_type");
        case 8 -> name = c.string(wire, "TensorProto.name");
        case 13 -> entries.add(entry(c.sub(wire, "TensorProto.external_data")));
        case 14 -> location = (int) c.expectVarint(wire, "TensorProto.data_location");
        default -> c.skip(wire, field);
      }
    }
    if (location != 0 || !entries.isEmpty()) {
      long[] d = new long[dims.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = dims.get(i);
      }
      s.external.add(
          new ExternalTensor(
              name, where + " '" + name + "'", place, dataType, d, location, List.copyOf(entries)));
    }
  }

  private static String[] entry(ProtoCursor c) {
    String k = "";
    String v = "";
    while (c.more()) {
      long key = c.varint("a StringStringEntryProto field key");
      int field = field(key, c);
      int wire = (int) (key & 7);
      switch (field) {
        case 1 -> k = c.string(wire, "StringStringEntryProto.key");
        case 2 -> v = c.string(wire, "StringStringEntryProto.value");
        default -> c.skip(wire, field);
      }
    }
    return new String[] {k, v};
  }

  private static int field(long key, ProtoCursor c) {
    long f = key >>> 3;
    if (f < 1 || f > 536_870_911L) {
      throw c.error("field number " + f + " is outside [1, 2^29 - 1]");
    }
    return (int) f;
  }
}

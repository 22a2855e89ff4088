package org.real2sim.runtime.bundle;

import java.util.List;

/**
 * A tensor whose data ONNX Runtime would read from a file: it has {@code data_location = EXTERNAL}
 * or {@code external_data} entries; {@link OnnxModelReader} finds them.
 *
 * @param name the tensor's name (may be empty for attribute tensors)
 * @param where a path for messages, such as {@code graph 'main' initializer 'w'} or {@code graph
 *     'main' node 'If_3' attribute 'then_branch' graph 'then' initializer 'c'}
 * @param place whether it is a main-graph initializer
 * @param dataType the TensorProto.DataType number
 * @param dims the dimensions
 * @param dataLocation the data_location value (1 = EXTERNAL)
 * @param entries the external_data key/value pairs in file order
 */
public record ExternalTensor(
    String name,
    String where,
    Place place,
    int dataType,
    long[] dims,
    int dataLocation,
    List<String[]> entries) {

  /** Where a tensor stands in the model. */
  public enum Place {
    /** An initializer of the main graph: external data the runtime can supply itself. */
    GRAPH_INITIALIZER,
    /** Anywhere else: a sparse initializer, a node attribute, a subgraph, training info. */
    ELSEWHERE
  }

  /** The value of external_data key {@code key}, or null; a repeated key is an error. */
  public String entry(String key) {
    String found = null;
    for (String[] e : entries) {
      if (e[0].equals(key)) {
        if (found != null) {
          throw new IllegalArgumentException(
              where + " lists external_data key '" + key + "' twice");
        }
        found = e[1];
      }
    }
    return found;
  }
}

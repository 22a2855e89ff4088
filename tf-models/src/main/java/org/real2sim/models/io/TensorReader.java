package org.real2sim.models.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Float tensors read out of a TensorFlow V2 bundle without the graph that wrote it. */
final class TensorReader {

  private TensorReader() {}

  /**
   * Reads {@code wanted} from the bundle at {@code prefix}: a throwaway graph with one {@code
   * RestoreV2} for those tensors, run once.
   *
   * @param prefix the bundle's file prefix ({@code <checkpoint>/variables})
   * @param wanted float32 variables of the checkpoint's manifest
   * @return the weights by variable name, in the order of {@code wanted}
   * @throws CheckpointException if a tensor cannot be read or its shape differs from the manifest
   */
  static Map<String, Weights> read(Path prefix, List<CheckpointManifest.Variable> wanted)
      throws CheckpointException {
    String[] names = new String[wanted.size()];
    String[] slices = new String[wanted.size()];
    List<Class<? extends TType>> dtypes = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      names[i] = wanted.get(i).name();
      slices[i] = "";
      dtypes.add(TFloat32.class);
    }
    Map<String, Weights> out = new LinkedHashMap<>();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Restore r =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(StandardCharsets.UTF_8, names),
              tf.constant(StandardCharsets.UTF_8, slices),
              dtypes);
      try (Session s = TfSessions.open(g, 1)) {
        Session.Runner runner = s.runner();
        r.tensors().forEach(runner::fetch);
        try (Result res = runner.run()) {
          for (int i = 0; i < names.length; i++) {
            CheckpointManifest.Variable v = wanted.get(i);
            TFloat32 t = (TFloat32) res.get(i);
            if (!Arrays.equals(t.shape().asArray(), v.shape())) {
              throw new CheckpointException(
                  prefix,
                  "Tensor "
                      + v.name()
                      + " in "
                      + prefix
                      + " has shape "
                      + Arrays.toString(t.shape().asArray())
                      + ", the manifest says "
                      + Arrays.toString(v.shape()));
            }
            float[] values = new float[Math.toIntExact(t.shape().size())];
            t.asRawTensor().data().asFloats().read(values);
            out.put(v.name(), new Weights(v.shape(), values));
          }
        }
      }
    } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
      throw new CheckpointException(
          prefix,
          "Could not read " + names.length + " tensors from " + prefix + ": " + e.getMessage(),
          e);
    }
    return out;
  }
}

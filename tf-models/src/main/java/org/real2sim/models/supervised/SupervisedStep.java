package org.real2sim.models.supervised;

import java.util.List;
import org.real2sim.models.nn.WriteOrder;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** One optimiser step of a {@link SupervisedModel}: feeds a batch, trains, returns the loss. */
public final class SupervisedStep {

  private final SupervisedModel model;

  /** The step of {@code model}'s graph. */
  public SupervisedStep(SupervisedModel model) {
    this.model = model;
  }

  /**
   * What {@link WriteOrder} finds in the step's session run in {@code graph} (the model's graph):
   * no races means its results cannot depend on the number of inter-op threads.
   */
  public WriteOrder.Check writeOrder(Graph graph) {
    return WriteOrder.check(
        graph.toGraphDef(),
        List.of(model.loss().op().name(), model.optimiser().trainOp().op().name()));
  }

  /**
   * Runs one step.
   *
   * @param images {@code [batch, H, W, 3]} in [−1, 1]
   * @param labels {@code [batch]} or {@code [batch, H, W]}
   * @param learningRate the step's learning rate
   * @return the batch's loss before the update
   */
  public float run(Session session, TFloat32 images, TInt32 labels, float learningRate) {
    try (TFloat32 lr = TFloat32.scalarOf(learningRate);
        Result r =
            session
                .runner()
                .feed(model.input(), images)
                .feed(model.labels(), labels)
                .feed(model.optimiser().learningRate(), lr)
                .addTarget(model.optimiser().trainOp())
                .fetch(model.loss())
                .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}

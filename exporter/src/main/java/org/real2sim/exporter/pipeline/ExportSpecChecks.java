package org.real2sim.exporter.pipeline;

import java.util.List;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.Preprocessing;
import org.real2sim.runtime.bundle.Task;

/**
 * The checks of {@link ExportSpec} that relate one field to another: the expert against the task
 * and the classes, and the input policy against the in-graph resize, the opset and the generator's
 * size rule. Messages name the fields and the values.
 */
final class ExportSpecChecks {

  private ExportSpecChecks() {}

  /** The expert (null: none in the graph) predicts {@code task} with one output per class. */
  static void expertFits(ExpertArchitecture expert, Task task, List<String> classes) {
    if (expert == null) {
      return;
    }
    if (expert.task() != task) {
      throw new ExportException(
          "task is "
              + task.jsonName()
              + " but the expert "
              + expert.describe()
              + " is a "
              + expert.task().jsonName()
              + " network");
    }
    if (expert.numClasses() != classes.size()) {
      throw new ExportException(
          "The export names "
              + classes.size()
              + " classes "
              + classes
              + " but the expert "
              + expert.describe()
              + " has "
              + expert.numClasses()
              + " outputs");
    }
  }

  /**
   * The input policy is given and fits: {@code any} exactly when the graph resizes (which needs
   * opset 18), and sizes the generator can take when the graph holds one.
   */
  static void inputPolicy(
      InputPolicy inputPolicy, Preprocessing preprocessing, int opset, boolean hasGenerator) {
    if (inputPolicy == null) {
      throw new ExportException("inputPolicy is required");
    }
    if (preprocessing != null) {
      if (inputPolicy.mode() != InputPolicy.Mode.ANY) {
        throw new ExportException(
            "an in-graph resize to "
                + preprocessing.height()
                + "x"
                + preprocessing.width()
                + " takes images of any size: inputPolicy must be 'any', found "
                + inputPolicy.describe());
      }
      if (opset < 18) {
        throw new ExportException(
            "the in-graph resize needs opset 18 or later (Resize with antialias), found " + opset);
      }
      if (hasGenerator) {
        checkGeneratorPolicy(
            InputPolicy.fixed(
                preprocessing.height(), preprocessing.width(), InputPolicy.OnMismatch.REJECT));
      }
    } else if (inputPolicy.mode() == InputPolicy.Mode.ANY) {
      throw new ExportException(
          "inputPolicy 'any' needs the in-graph resize (preprocessing) to a network size");
    } else if (hasGenerator) {
      checkGeneratorPolicy(inputPolicy);
    }
  }

  private static void checkGeneratorPolicy(InputPolicy p) {
    int m = ResnetGenerator.SIDE_MULTIPLE;
    int min = ResnetGenerator.MIN_SIDE;
    String rule = "the generator needs H and W to be multiples of " + m + " and at least " + min;
    if (p.mode() == InputPolicy.Mode.FIXED) {
      if (p.height() % m != 0 || p.width() % m != 0 || p.height() < min || p.width() < min) {
        throw new ExportException(
            "inputPolicy " + p.describe() + " does not suit the graph: " + rule);
      }
    } else {
      int smallest = (p.min() + p.multiple() - 1) / p.multiple() * p.multiple();
      if (p.multiple() % m != 0 || smallest < min) {
        throw new ExportException(
            "inputPolicy " + p.describe() + " does not suit the graph: " + rule);
      }
    }
  }
}

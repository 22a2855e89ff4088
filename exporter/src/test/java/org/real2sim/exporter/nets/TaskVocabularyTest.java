package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training side's task vocabulary ({@code models.expert.Task}) and the runtime's own copy
 * ({@code runtime.bundle.Task}, kept because the runtime may depend on nothing of the training
 * side) name the same predicting tasks, so a bundle's task means what training meant.
 */
class TaskVocabularyTest {

  @Test
  void runtimeTasksAreTheTrainingTasksAnExpertPredicts() {
    List<String> training =
        Arrays.stream(org.real2sim.models.expert.Task.values())
            .filter(t -> t != org.real2sim.models.expert.Task.UNLABELED)
            .map(Enum::name)
            .sorted()
            .toList();
    List<String> runtime =
        Arrays.stream(org.real2sim.runtime.bundle.Task.values()).map(Enum::name).sorted().toList();
    assertEquals(training, runtime);
    for (org.real2sim.runtime.bundle.Task t : org.real2sim.runtime.bundle.Task.values()) {
      assertEquals(t.name().toLowerCase(java.util.Locale.ROOT), t.jsonName());
    }
  }
}

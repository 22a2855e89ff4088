package org.real2sim.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> COMMANDS =
      List.of("quickstart", "run", "train-expert", "train-cyclegan", "export", "evaluate", "info");

  @Test
  void distanceCountsTranspositionAsOneEdit() {
    assertEquals(1, Suggestions.distance("exprot", "export"));
    assertEquals(1, Suggestions.distance("expor", "export"));
    assertEquals(1, Suggestions.distance("exxport", "export"));
    assertEquals(1, Suggestions.distance("exbort", "export"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    assertEquals(0, Suggestions.distance("run", "run"));
  }

  @Test
  void suggestsTheClosestCommand() {
    assertEquals(Optional.of("export"), Suggestions.closest("exprot", COMMANDS));
    assertEquals(Optional.of("quickstart"), Suggestions.closest("quikstart", COMMANDS));
    assertEquals(Optional.of("train-cyclegan"), Suggestions.closest("train-cylcegan", COMMANDS));
    assertEquals(Optional.of("evaluate"), Suggestions.closest("EVALUTE", COMMANDS));
    assertEquals(Optional.of("train-expert"), Suggestions.closest("train-exp", COMMANDS));
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertEquals(Optional.empty(), Suggestions.closest("xyz", COMMANDS));
    assertEquals(Optional.empty(), Suggestions.closest("deploy-everything", COMMANDS));
    assertEquals(Optional.empty(), Suggestions.closest("", COMMANDS));
    assertEquals("", Suggestions.didYouMean("zzzzzz", COMMANDS));
    assertEquals(" (did you mean 'info'?)", Suggestions.didYouMean("inf", COMMANDS));
  }
}

package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.trainer.config.ExpertArch;
import org.real2sim.trainer.eval.Metric;

/** The typed vocabulary reads and writes the spellings that existing run folders hold. */
class VocabularyJsonTest {

  /** A line as {@code metrics.jsonl} and the stage configs have written them all along. */
  record OldLine(Stage stage, Metric metric, ExpertArch arch) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aLineWrittenInTheOldFormBindsAndRoundTrips() throws Exception {
    String old = "{\"stage\":\"m1-continued\",\"metric\":\"miou\",\"arch\":\"deeplabv3-resnet50\"}";
    OldLine l = JSON.readValue(old, OldLine.class);
    assertEquals(
        new OldLine(Stage.LEGACY_M1_CONTINUED, Metric.MIOU, ExpertArch.DEEPLABV3_RESNET50), l);
    assertEquals(old, JSON.writeValueAsString(l));
  }

  @Test
  void everyStageFolderAndMetricKeyKeepsItsSpelling() {
    assertEquals(
        List.of(
            "expert",
            "cyclegan",
            "cyclegan-continued",
            "taskaware",
            "alpha0-control",
            "m1-continued",
            "supervised",
            "oracle"),
        Stage.folders(List.of(Stage.values())));
    assertEquals(
        List.of("taskaware", "cyclegan", "cyclegan-continued", "alpha0-control", "m1-continued"),
        Stage.folders(Stage.generatorStages()));
    assertEquals("miou", Metric.forTask(true).key());
    assertEquals("accuracy", Metric.forTask(false).key());
    assertEquals("mIoU", Metric.labelOf("miou"));
    assertEquals("loss", Metric.labelOf("loss"));
  }

  @Test
  void architecturesKeepDepthAndTask() {
    assertEquals(101, ExpertArch.of("deeplabv3-resnet101").depth());
    assertTrue(ExpertArch.of("deeplabv3-resnet18").segmentation());
    assertFalse(ExpertArch.of("resnet34").segmentation());
    assertEquals(18, ExpertArch.of("resnet18").depth());
  }

  @Test
  void unknownNamesAreRefusedWithTheValidChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Stage.of("task-aware"));
    assertTrue(e.getMessage().contains("'task-aware'") && e.getMessage().contains("taskaware"));
    e = assertThrows(IllegalArgumentException.class, () -> Metric.of("mIoU"));
    assertTrue(e.getMessage().contains("[miou, accuracy]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ExpertArch.of("resnet19"));
    assertTrue(e.getMessage().contains("resnet18"), e.getMessage());
  }
}

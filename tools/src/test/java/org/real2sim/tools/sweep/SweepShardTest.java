package org.real2sim.tools.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepShardTest {

  @Test
  void parsesIndexOverCountAndDealsUnitsRoundRobin() {
    SweepShard s = SweepShard.parse("1/3", Map.of());
    assertEquals(new SweepShard(1, 3), s);
    assertEquals("shard-1-of-3", s.name());
    assertFalse(s.owns(0));
    assertTrue(s.owns(1));
    assertTrue(s.owns(4));
  }

  @Test
  void readsSlurmArraysFromTheirMinimumAndIndexedJobsWithTheDocumentedCount() {
    assertEquals(
        new SweepShard(2, 4),
        SweepShard.parse(
            "auto",
            Map.of(
                "SLURM_ARRAY_TASK_ID", "3",
                "SLURM_ARRAY_TASK_MIN", "1",
                "SLURM_ARRAY_TASK_COUNT", "4")));
    assertEquals(
        new SweepShard(0, 2),
        SweepShard.parse("auto", Map.of("JOB_COMPLETION_INDEX", "0", SweepShard.COUNT_ENV, "2")));
  }

  @Test
  void rejectsMalformedOrOutOfRangeShardsNamingTheValue() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SweepShard.parse("2/2", Map.of()))
            .getMessage()
            .contains("shard index must be in [0, 2), found 2"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SweepShard.parse("a/2", Map.of()))
            .getMessage()
            .contains("--shard index 'a' is not an integer"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SweepShard.parse("3", Map.of()))
            .getMessage()
            .contains("is not I/N"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SweepShard.parse("auto", Map.of("JOB_COMPLETION_INDEX", "1")))
            .getMessage()
            .contains(SweepShard.COUNT_ENV));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SweepShard.parse("auto", Map.of()))
            .getMessage()
            .contains("give --shard I/N"));
  }
}

package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineBenchmarkTest {

  @TempDir Path dir;

  @Test
  void measuresEverySizeAndThreadCountAndPrintsATable() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<PipelineBenchmark.Row> rows =
        PipelineBenchmark.run(
            List.of(new int[] {32, 16}, new int[] {16, 16}),
            List.of(1, 2),
            4,
            dir,
            1,
            new PrintStream(log));
    assertEquals(4, rows.size());
    assertEquals(32, rows.get(0).width());
    assertEquals(2, rows.get(1).threads());
    for (PipelineBenchmark.Row r : rows) {
      assertTrue(r.imagesPerSecond() > 0 && r.pairsPerSecond() > 0, r.toString());
      assertTrue(r.imagesPerCpuSecond() > 0 && r.pairsPerCpuSecond() > 0, r.toString());
    }
    String table = PipelineBenchmark.table(rows);
    assertTrue(table.startsWith("| size | threads | image: images/s | image: per CPU-s |"), table);
    assertTrue(table.contains("| 16x16 | 2 |"), table);
  }
}

package org.real2sim.trainer.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventWriterTest {

  @Test
  void writesAnEventFileWithOneRecordPerSummary(@TempDir Path dir) throws Exception {
    try (EventWriter w = new EventWriter(dir)) {
      w.scalar("loss_g_rs", 1, 0.5);
      w.scalar("loss_g_rs", 2, 0.25);
      w.image("samples", 2, new byte[4 * 5 * 3], 4, 5);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
    assertEquals(1, files.size());
    // TFRecord framing: uint64 length, uint32 crc, data, uint32 crc. Count the records.
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
    int records = 0;
    boolean sawTag = false;
    while (b.remaining() >= 12) {
      long len = b.getLong();
      b.getInt();
      byte[] data = new byte[(int) len];
      b.get(data);
      b.getInt();
      records++;
      sawTag |=
          new String(data, java.nio.charset.StandardCharsets.ISO_8859_1).contains("loss_g_rs");
    }
    assertEquals(0, b.remaining());
    assertEquals(4, records, "file version + 2 scalars + 1 image");
    assertTrue(sawTag);
  }

  @Test
  void metricsLogRoundTripsAndIgnoresATornLastLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.jsonl");
    MetricsLog log = new MetricsLog(f);
    log.append(
        new MetricsLog.Entry("cyclegan", 3, "M1", "accuracy", 0.5, new double[] {1, Double.NaN}));
    log.append(new MetricsLog.Entry("taskaware", 1, "ours", "accuracy", 0.75, new double[0]));
    Files.writeString(f, "{\"stage\": \"tor", java.nio.file.StandardOpenOption.APPEND);
    List<MetricsLog.Entry> back = MetricsLog.read(f);
    assertEquals(2, back.size());
    assertEquals("M1", back.get(0).method());
    assertEquals(0.5, back.get(0).value());
    assertTrue(Double.isNaN(back.get(0).perClass()[1]));
    assertEquals(0.75, back.get(1).value());
  }
}

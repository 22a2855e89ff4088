package org.real2sim.trainer.run;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.CodedInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

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
  void hparamsAreOneSessionStartSummaryOfTheHparamsPlugin(@TempDir Path dir) throws Exception {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("stage", "sweep/alpha-0.50");
    h.put("alpha", 0.5);
    h.put("labeled", 200);
    h.put("task_aware", true);
    try (EventWriter w = new EventWriter(dir)) {
      w.hparams(h);
      w.scalar("val_accuracy", 3, 0.75);
    }
    Path file;
    try (Stream<Path> s = Files.list(dir)) {
      file =
          s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
              .findFirst()
              .orElseThrow();
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    Summary.Value found = null;
    while (b.remaining() >= 12) {
      long len = b.getLong();
      b.getInt();
      byte[] data = new byte[(int) len];
      b.get(data);
      b.getInt();
      Event e = Event.parseFrom(data);
      for (Summary.Value v : e.getSummary().getValueList()) {
        if (v.getTag().equals(HParams.SESSION_START_TAG)) {
          found = v;
        }
      }
    }
    assertNotNull(found, "no " + HParams.SESSION_START_TAG + " summary in " + file);
    assertEquals("hparams", found.getMetadata().getPluginData().getPluginName());
    // HParamsPluginData: version (1) = 0, session_start_info (3) = {hparams (1): map, start (5)}.
    CodedInputStream in = found.getMetadata().getPluginData().getContent().newCodedInput();
    assertEquals((1 << 3), in.readTag());
    assertEquals(0, in.readInt32());
    assertEquals((3 << 3) | 2, in.readTag());
    CodedInputStream info = in.readBytes().newCodedInput();
    Map<String, Object> back = new LinkedHashMap<>();
    for (int tag = info.readTag(); tag != 0; tag = info.readTag()) {
      if (tag == ((1 << 3) | 2)) {
        CodedInputStream entry = info.readBytes().newCodedInput();
        assertEquals((1 << 3) | 2, entry.readTag());
        String key = entry.readString();
        assertEquals((2 << 3) | 2, entry.readTag());
        CodedInputStream value = entry.readBytes().newCodedInput();
        int vt = value.readTag();
        back.put(
            key,
            switch (vt >>> 3) {
              case 2 -> value.readDouble();
              case 3 -> value.readString();
              case 4 -> value.readBool();
              default -> fail("unexpected Value field " + (vt >>> 3));
            });
      } else {
        assertEquals((5 << 3) | 1, tag, "start_time_secs");
        assertTrue(info.readDouble() > 1.7e9);
      }
    }
    assertEquals(
        Map.of("stage", "sweep/alpha-0.50", "alpha", 0.5, "labeled", 200.0, "task_aware", true),
        back);
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

package org.real2sim.trainer.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.LabelMapping;

class ClassMapTest {

  @TempDir Path dir;

  @Test
  void controlCharactersQuotesAndBackslashesInANameGiveValidJson() throws Exception {
    String name = "lane\u0001\"mark\\ing\ttab\nline";
    ClassMap m =
        new ClassMap(
            List.of(
                new ClassMap.Entry(7, name, 0x102030, 0),
                new ClassMap.Entry(9, "void", 0, LabelMapping.IGNORE)));
    JsonNode root = new ObjectMapper().readTree(m.toJson());
    assertEquals(name, root.get("classes").get(0).get("name").asText());
    assertEquals(16, root.get("classes").get(0).get("color").get(0).asInt());
    assertEquals(true, root.get("classes").get(1).get("ignore").asBoolean());
    Path f = dir.resolve("classes.json");
    m.write(f);
    assertEquals(m, ClassMap.read(f));
  }
}

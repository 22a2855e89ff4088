package org.real2sim.tools.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.config.ConfigLoader;

class RunDataTest {

  @TempDir Path dir;

  @Test
  void configTxtLinesKeepTheirMarkAndDefault() {
    List<ConfigEntry> e =
        ConfigEntry.parseConfigTxt(
            List.of(
                "# header",
                "* data.height = 16   [default: 256]",
                "  data.real.options = {\"version\":\"0.9.14\"}",
                "* name = \"a b\"   [default: \"run\"]"));
    assertEquals(
        List.of(
            new ConfigEntry("data.height", "16", "256", true),
            new ConfigEntry("data.real.options", "{\"version\":\"0.9.14\"}", null, false),
            new ConfigEntry("name", "\"a b\"", "\"run\"", true)),
        e);
  }

  @Test
  void configJsonIsComparedWithTheDefaults() throws Exception {
    var tree = ConfigLoader.defaultsTree();
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("stageB")).put("epochs", 10);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("stageB")).put("lr", 2.0e-4);
    List<ConfigEntry> e = ConfigEntry.flattenConfig(new ObjectMapper().readTree(tree.toString()));
    ConfigEntry epochs = e.stream().filter(c -> c.path().equals("stageB.epochs")).findFirst().get();
    assertEquals(new ConfigEntry("stageB.epochs", "10", "175", true), epochs);
    assertEquals(1, e.stream().filter(ConfigEntry::changed).count(), "0.0002 equals 2.0E-4");
  }

  @Test
  void withoutResultsTheBestLoggedEpochStandsForEachMethod() throws Exception {
    Files.writeString(
        dir.resolve("metrics.jsonl"),
        String.join(
            "\n",
            "{\"stage\":\"cyclegan\",\"epoch\":1,\"method\":\"M1\",\"metric\":\"miou\",\"value\":0.2}",
            "{\"stage\":\"cyclegan-continued\",\"epoch\":1,\"method\":\"M1\",\"metric\":\"miou\",\"value\":0.25}",
            "{\"stage\":\"cyclegan-continued\",\"epoch\":2,\"method\":\"M1\",\"metric\":\"miou\",\"value\":0.25}",
            "{\"stage\":\"taskaware\",\"epoch\":1,\"method\":\"ours\",\"metric\":\"miou\",\"value\":0.3}",
            ""));
    RunData d = RunData.read(dir);
    assertFalse(d.evaluated());
    assertEquals(List.of("M1", "ours"), d.methods().stream().map(MethodRow::method).toList());
    MethodRow m1 = d.method("M1");
    assertEquals(0.25, m1.value());
    assertEquals(
        "metrics.jsonl: best of cyclegan-continued, epoch 1", m1.source(), "first of equals");
    assertEquals(1, d.best("cyclegan-continued").epoch());
    assertEquals("miou", d.metric());
    assertEquals(dir.getFileName().toString(), d.name());
    assertTrue(Double.isNaN(d.value("M3")));
  }

  @Test
  void anUnreadableFileBecomesAProblemNotAFailure() throws Exception {
    Files.writeString(dir.resolve("results.json"), "{ not json");
    Files.writeString(dir.resolve("config.txt"), FakeRun.CONFIG_TXT);
    RunData d = RunData.read(dir);
    assertEquals(1, d.problems().size(), d.problems().toString());
    assertTrue(
        d.problems().get(0).startsWith("results.json is not valid JSON"), d.problems().get(0));
    assertEquals("config.txt", d.configSource());
  }
}

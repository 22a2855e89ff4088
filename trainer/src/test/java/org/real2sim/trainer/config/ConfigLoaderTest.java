package org.real2sim.trainer.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsFollowThePaperAndTheReferenceCycleGan() {
    RunConfig c = ConfigLoader.defaults();
    assertEquals(10.0, c.stageB().lambdaCyc());
    assertEquals(0.5, c.stageB().lambdaId());
    assertEquals(50, c.stageB().poolSize());
    assertEquals(2e-4, c.stageB().lr());
    assertEquals(0.5, c.stageB().beta1());
    assertEquals(175, c.stageB().epochs());
    assertEquals(87, c.stageB().resolvedDecayEpochs());
    assertEquals(0.9, c.stageA().lrPower());
    assertTrue(ConfigText.nonDefaults(c).isEmpty());
  }

  @Test
  void everyPresetLoads() {
    for (String p : ConfigLoader.PRESETS) {
      RunConfig c = new ConfigLoader().preset(p).build();
      assertFalse(ConfigText.nonDefaults(c).isEmpty(), p);
    }
    RunConfig s = new ConfigLoader().preset("synthia-cityscapes").build();
    assertEquals(0.25, s.stageC().gamma());
    assertEquals(0.9, s.stageC().alpha());
    assertEquals(148, s.data().labeledCount());
  }

  @Test
  void overridesApplyAndAreMarked(@TempDir Path dir) throws Exception {
    RunConfig c =
        new ConfigLoader()
            .set("stageB.epochs=10")
            .set("stageC.alpha=0.3")
            .set("data.real.options.protocol=synthia16")
            .set("name=my-run")
            .build();
    assertEquals(10, c.stageB().epochs());
    assertEquals(0.3, c.stageC().alpha());
    assertEquals("synthia16", c.data().real().options().get("protocol"));
    assertEquals(
        List.of("name", "data.real.options.protocol", "stageB.epochs", "stageC.alpha"),
        ConfigText.nonDefaults(c));
    ConfigText.write(c, dir);
    assertEquals(c, ConfigLoader.read(dir.resolve("config.json")));
    String txt = Files.readString(dir.resolve("config.txt"));
    assertTrue(txt.contains("* stageB.epochs = 10   [default: 175]"), txt);
    assertTrue(txt.contains("  stageB.lr = 2.0E-4"), txt);
  }

  @Test
  void unknownKeySuggestsTheRightOne() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigLoader().set("stageB.epoch=3"));
    assertTrue(e.getMessage().contains("'stageB.epoch'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'epochs'"), e.getMessage());
  }

  @Test
  void outOfRangeValuesNameFieldAndValue() {
    ConfigException alpha =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader().set("stageC.alpha=1.5").build());
    assertEquals("stageC.alpha must be in [0.0, 1.0], found 1.5", alpha.getMessage());
    ConfigException epochs =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader().set("stageB.epochs=-2").build());
    assertEquals("stageB.epochs must be >= 0, found -2", epochs.getMessage());
    ConfigException arch =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader().set("stageA.arch=vgg").build());
    assertTrue(arch.getMessage().startsWith("stageA.arch must be one of"), arch.getMessage());
    ConfigException mismatch =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader().set("data.task=segmentation").build());
    assertTrue(mismatch.getMessage().contains("deeplabv3"), mismatch.getMessage());
  }

  @Test
  void badFileIsNamed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"stageB\": {\"epochs\": }");
    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().file(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    ConfigException p =
        assertThrows(ConfigException.class, () -> new ConfigLoader().preset("shape"));
    assertTrue(p.getMessage().contains("shapes-quick"), p.getMessage());
  }

  @Test
  void fractionForAnIntegerFieldIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"stageB\": {\"epochs\": 1.5}}");
    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigLoader().file(f).build());
    assertEquals("stageB.epochs must be an integer, found 1.5", e.getMessage());
  }

  @Test
  void quotedNumberOrBooleanIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"stageC\": {\"lr\": \"0.001\"}}");
    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigLoader().file(f).build());
    assertEquals("stageC.lr must be a number (unquoted), found \"0.001\"", e.getMessage());
    Files.writeString(f, "{\"stageB\": {\"epochs\": \"3\"}}");
    e = assertThrows(ConfigException.class, () -> new ConfigLoader().file(f).build());
    assertTrue(e.getMessage().startsWith("stageB.epochs must be an integer"), e.getMessage());
    Files.writeString(f, "{\"data\": {\"validate\": \"true\"}}");
    e = assertThrows(ConfigException.class, () -> new ConfigLoader().file(f).build());
    assertTrue(e.getMessage().startsWith("data.validate must be true or false"), e.getMessage());
  }

  @Test
  void overridesAreTypedByTheFieldAndErrorsNameIt() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigLoader().set("stageB.epochs=abc"));
    assertTrue(
        e.getMessage().contains("stageB.epochs takes an integer") && e.getMessage().contains("abc"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> new ConfigLoader().set("stageB.epochs=2.5"));
    assertTrue(e.getMessage().contains("stageB.epochs takes an integer"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new ConfigLoader().set("stageC.gamma=x"));
    assertTrue(e.getMessage().contains("stageC.gamma takes a number"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new ConfigLoader().set("data.validate=yes"));
    assertTrue(e.getMessage().contains("data.validate takes true or false"), e.getMessage());
    // A number field takes an integer literal; a text field keeps digits as text.
    RunConfig c = new ConfigLoader().set("stageC.gamma=2").set("name=123").build();
    assertEquals(2.0, c.stageC().gamma());
    assertEquals("123", c.name());
  }

  @Test
  void aRunsOlderConfigWithARetiredKeyStillReads(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("config.json");
    Files.writeString(
        f, "{\"name\": \"old\", \"stageC\": {\"mixUnlabeled\": false, \"alpha\": 0.3}}");
    RunConfig c = ConfigLoader.read(f);
    assertEquals(0.3, c.stageC().alpha());
    assertEquals(125, c.stageB().continueEpochs(), "a field added since takes its default");
    assertThrows(
        ConfigException.class,
        () -> new ConfigLoader().set("stageC.mixUnlabeled=true"),
        "never accepted in a new configuration");
  }
}

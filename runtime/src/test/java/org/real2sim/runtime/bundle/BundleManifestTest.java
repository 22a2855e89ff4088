package org.real2sim.runtime.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.io.Sha256;

class BundleManifestTest {

  @TempDir Path tmp;

  static BundleManifest sample() {
    return new BundleManifest(
        1,
        BundlePart.PIPELINE,
        Task.SEGMENTATION,
        List.of("road", "car"),
        List.of("#804080", "#00008E"),
        InputPolicy.multipleOf(8, 64, 2048, InputPolicy.OnMismatch.RESIZE),
        NormalizationSpec.IMAGENET,
        17,
        8,
        "model.onnx",
        "ab".repeat(32),
        Map.of(),
        new Provenance(
            Map.of("alpha", 0.9, "stage", Map.of("epochs", 50)),
            42L,
            "abc123",
            Map.of("M2", Map.of("mIoU", 0.099), "ours", Map.of("mIoU", 0.3475))));
  }

  @Test
  void jsonRoundTripKeepsEveryField() throws Exception {
    BundleManifest m = sample();
    m.write(tmp);
    BundleManifest back = BundleManifest.read(tmp);
    assertEquals(m, back);
    String json = Files.readString(tmp.resolve("bundle.json"));
    assertTrue(json.startsWith("{\n  \"formatVersion\" : 1,"), json);
    assertTrue(
        json.contains("\"task\" : \"segmentation\"")
            && json.contains("\"onMismatch\" : \"resize\""),
        json);
    assertTrue(
        !json.contains("\"height\""), "fields of the other policy mode are omitted: " + json);
    try (var files = Files.list(tmp)) {
      assertEquals(
          List.of(tmp.resolve("bundle.json")), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void unknownKeyIsRejectedByName() {
    String json = sample().toJson().replace("\"opset\"", "\"opsett\"");
    BundleException e =
        assertThrows(BundleException.class, () -> BundleManifest.fromJson(json, Path.of("b.json")));
    assertTrue(
        e.getMessage().contains("unknown key 'opsett'") && e.getMessage().contains("b.json"),
        e.getMessage());
    String nested = sample().toJson().replace("\"multiple\" : 8", "\"multipel\" : 8");
    e =
        assertThrows(
            BundleException.class, () -> BundleManifest.fromJson(nested, Path.of("b.json")));
    assertTrue(e.getMessage().contains("multipel"), e.getMessage());
    String missing = sample().toJson().replace("\"opset\" : 17,", "");
    e =
        assertThrows(
            BundleException.class, () -> BundleManifest.fromJson(missing, Path.of("b.json")));
    assertTrue(e.getMessage().contains("missing the required key 'opset'"), e.getMessage());
  }

  @Test
  void formatVersionIsCheckedBeforeAnythingElse() {
    String v2 =
        sample()
            .toJson()
            .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")
            .replace("\"opset\"", "\"newField\"");
    BundleException e =
        assertThrows(BundleException.class, () -> BundleManifest.fromJson(v2, Path.of("b.json")));
    assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    BundleException none =
        assertThrows(
            BundleException.class,
            () -> BundleManifest.fromJson("{\"task\":\"segmentation\"}", Path.of("b.json")));
    assertTrue(none.getMessage().contains("no integer formatVersion"), none.getMessage());
    BundleException broken =
        assertThrows(
            BundleException.class,
            () -> BundleManifest.fromJson("{\"formatVersion\": 1,", Path.of("b.json")));
    assertTrue(broken.getMessage().contains("not valid JSON"), broken.getMessage());
  }

  @Test
  void newerMinorVersionsMayAddOptionalKeysOlderOnesMayNot() {
    String newer =
        sample()
            .toJson()
            .replace("\"formatVersion\" : 1,", "\"formatVersion\" : 1,\n  \"formatMinor\" : 7,")
            .replace("\"opset\"", "\"colourSpace\" : \"srgb\",\n  \"opset\"")
            .replace("\"multiple\" : 8", "\"multiple\" : 8, \"stride\" : 2");
    java.util.List<String> notes = new java.util.ArrayList<>();
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(BundleManifest.class.getName());
    java.util.logging.Handler h =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            notes.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    try {
      BundleManifest m = BundleManifest.fromJson(newer, Path.of("b.json"));
      assertEquals(7, m.minor());
      assertEquals(sample().classes(), m.classes());
    } finally {
      log.removeHandler(h);
    }
    assertTrue(
        notes.stream()
            .anyMatch(
                n -> n.contains("format 1.7") && n.contains("colourSpace") && n.contains("stride")),
        notes.toString());
    String sameMinor =
        newer.replace("\"formatMinor\" : 7", "\"formatMinor\" : " + BundleManifest.FORMAT_MINOR);
    BundleException e =
        assertThrows(
            BundleException.class, () -> BundleManifest.fromJson(sameMinor, Path.of("b.json")));
    assertTrue(e.getMessage().contains("unknown key 'inputPolicy.stride'"), e.getMessage());
    String badMinor = newer.replace("\"formatMinor\" : 7", "\"formatMinor\" : -1");
    e =
        assertThrows(
            BundleException.class, () -> BundleManifest.fromJson(badMinor, Path.of("b.json")));
    assertTrue(e.getMessage().contains("formatMinor -1"), e.getMessage());
  }

  @Test
  void invalidFieldsNameFieldAndValue() {
    String badPalette = sample().toJson().replace("\"#00008E\"", "\"blue\"");
    BundleException e =
        assertThrows(
            BundleException.class, () -> BundleManifest.fromJson(badPalette, Path.of("b.json")));
    assertTrue(e.getMessage().contains("#rrggbb, found blue"), e.getMessage());
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BundleManifest(
                    1,
                    null,
                    Task.CLASSIFICATION,
                    List.of("a", "b"),
                    List.of("#000000"),
                    InputPolicy.fixed(4, 4, null),
                    NormalizationSpec.IMAGENET,
                    17,
                    8,
                    null,
                    "ab".repeat(32),
                    null,
                    null));
    assertTrue(
        e2.getMessage().contains("palette has 1 colours, expected one per class (2)"),
        e2.getMessage());
    IllegalArgumentException e3 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BundleManifest(
                    1,
                    null,
                    Task.CLASSIFICATION,
                    List.of("a"),
                    null,
                    InputPolicy.fixed(4, 4, null),
                    NormalizationSpec.IMAGENET,
                    17,
                    8,
                    "../model.onnx",
                    "ab".repeat(32),
                    null,
                    null));
    assertTrue(e3.getMessage().contains("plain file name"), e3.getMessage());
    IllegalArgumentException e4 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BundleManifest(
                    1,
                    null,
                    Task.CLASSIFICATION,
                    List.of("a", "a"),
                    null,
                    InputPolicy.fixed(4, 4, null),
                    NormalizationSpec.IMAGENET,
                    17,
                    8,
                    null,
                    "ab".repeat(32),
                    null,
                    null));
    assertTrue(e4.getMessage().contains("'a' appears twice"), e4.getMessage());
  }

  @Test
  void missingDirectoryAndMissingManifestAreNamed() throws Exception {
    BundleException e =
        assertThrows(BundleException.class, () -> BundleManifest.read(tmp.resolve("nope")));
    assertTrue(
        e.getMessage().contains("nope") && e.getMessage().contains("does not exist"),
        e.getMessage());
    BundleException e2 = assertThrows(BundleException.class, () -> BundleManifest.read(tmp));
    assertTrue(e2.getMessage().contains("has no bundle.json"), e2.getMessage());
  }

  @Test
  void checksumsOfModelAndExternalDataAreVerified() throws Exception {
    byte[] model = {1, 2, 3};
    byte[] data = {4, 5};
    Files.write(tmp.resolve("model.onnx"), model);
    Files.write(tmp.resolve("model.onnx.data"), data);
    BundleManifest m =
        sample()
            .withModelSha256(Sha256.of(model))
            .withExternalData(Map.of("model.onnx.data", Sha256.of(data)));
    m.verifyChecksums(tmp);
    Files.write(tmp.resolve("model.onnx.data"), new byte[] {4, 6});
    BundleException e = assertThrows(BundleException.class, () -> m.verifyChecksums(tmp));
    assertTrue(
        e.getMessage().contains("model.onnx.data") && e.getMessage().contains(Sha256.of(data)),
        e.getMessage());
    Files.delete(tmp.resolve("model.onnx.data"));
    e = assertThrows(BundleException.class, () -> m.verifyChecksums(tmp));
    assertTrue(e.getMessage().contains("missing model.onnx.data"), e.getMessage());
  }

  @Test
  void metadataPropsCarryTheProvenanceAsJson() {
    BundleManifest m = sample();
    Map<String, String> md = m.metadataProps();
    assertEquals("1", md.get(ModelMetadata.FORMAT_VERSION));
    assertEquals("segmentation", md.get(ModelMetadata.TASK));
    assertEquals("[\"road\",\"car\"]", md.get(ModelMetadata.CLASSES));
    assertEquals(m.provenance(), BundleManifest.parseProvenance(md.get(ModelMetadata.PROVENANCE)));
    assertTrue(md.get(ModelMetadata.PROVENANCE).contains("\"seed\":42"), md.toString());
  }

  @Test
  void coloursComeFromThePaletteOrAreGenerated() {
    BundleManifest m = sample();
    assertEquals(0x804080, m.colour(0));
    assertEquals(0x00008e, m.colour(1));
    assertEquals(0, m.colour(255));
    assertEquals("#00008e", Palette.formatColour(0x00008e));
    int a = Palette.generatedColour(0);
    int b = Palette.generatedColour(1);
    assertTrue(a != b && a == Palette.generatedColour(0));
  }
}

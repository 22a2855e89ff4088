package org.real2sim.trainer.data.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.TestImages;
import org.real2sim.trainer.data.format.Datasets;
import org.real2sim.trainer.util.ProgressBar;

class DatasetValidatorTest {

  @TempDir Path root;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private ProgressBar bar(int total) {
    return new ProgressBar(
        "validate",
        total,
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        false,
        System::nanoTime);
  }

  private void pair(String stem, int w, int h, int labelW, int labelId) {
    TestImages.rgb(root.resolve("train/images/" + stem + ".png"), w, h, (x, y) -> x * 40);
    TestImages.gray8(
        root.resolve("train/labels/" + stem + ".png"),
        labelW,
        h,
        TestImages.fill(labelW * h, labelId));
  }

  @Test
  void findsEachKindOfBadFileAndNamesIt() throws Exception {
    Files.writeString(
        root.resolve("classes.json"),
        "{\"classes\": [{\"id\": 1, \"name\": \"a\", \"color\": [1, 1, 1], \"trainId\": 0}]}");
    pair("a_good", 4, 4, 4, 1);
    pair("b_corrupt", 4, 4, 4, 1);
    Files.writeString(root.resolve("train/images/b_corrupt.png"), "not a png");
    pair("c_truncated", 16, 16, 16, 1);
    Path trunc = root.resolve("train/images/c_truncated.png");
    TestImages.truncate(trunc, (int) Files.size(trunc) / 2);
    pair("d_mismatch", 4, 4, 5, 1);
    pair("e_unknown_id", 4, 4, 4, 3);
    pair("f_too_large", 30, 30, 30, 1);
    pair("g_good", 4, 4, 4, 1);
    Dataset ds = Datasets.open(DatasetSpec.of("paired", root));

    ValidationReport r = DatasetValidator.validate(ds, List.of("train"), 800, 2, bar(7));
    assertEquals(7, r.checked());
    Map<String, String> byId =
        r.problems().stream()
            .collect(Collectors.toMap(p -> p.sample().id(), ValidationReport.Problem::message));
    assertEquals(5, byId.size(), byId.toString());
    String corrupt = byId.get("train/images/b_corrupt");
    assertTrue(corrupt.startsWith(root.resolve("train/images/b_corrupt.png").toString()), corrupt);
    assertTrue(corrupt.contains("expected PNG or JPEG"), corrupt);
    String truncated = byId.get("train/images/c_truncated");
    assertTrue(
        truncated.startsWith(trunc + ": corrupt, truncated or unsupported image"), truncated);
    assertEquals(
        root.resolve("train/labels/d_mismatch.png")
            + ": label is 5x4 but its image "
            + root.resolve("train/images/d_mismatch.png")
            + " is 4x4 (expected equal sizes)",
        byId.get("train/images/d_mismatch"));
    assertTrue(
        byId.get("train/images/e_unknown_id")
            .startsWith(
                root.resolve("train/labels/e_unknown_id.png")
                    + ": label id 3 is not in the class map"));
    assertTrue(
        byId.get("train/images/f_too_large").contains("30x30 = 900 pixels, over the limit of 800"),
        byId.get("train/images/f_too_large"));
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("7/7 100%"));

    DataException e = assertThrows(DataException.class, r::requireClean);
    assertTrue(e.getMessage().startsWith("5 of 7 samples are bad; training does not start"));
    assertTrue(e.getMessage().contains("--skip-bad"));

    Path run = root.resolve("runs/x");
    Dataset kept = r.skipBad(ds, run);
    assertEquals(
        List.of("train/images/a_good", "train/images/g_good"),
        kept.samples("train").stream().map(s -> s.id()).toList());
    List<String> lines = Files.readAllLines(run.resolve(ValidationReport.SKIPPED_FILE));
    assertEquals("# 5 of 7 samples skipped (split, sample id, reason)", lines.get(0));
    assertTrue(lines.get(1).startsWith("train\ttrain/images/b_corrupt\t"), lines.get(1));
    assertEquals(6, lines.size());
  }

  @Test
  void aCleanDataSetPassesAndWritesNothing() throws Exception {
    TestImages.rgb(root.resolve("train/a/1.png"), 4, 4, (x, y) -> 0);
    TestImages.jpeg(root.resolve("val/a/2.jpg"), 4, 4, 0);
    Dataset ds = Datasets.open(DatasetSpec.of("imagefolder", root));
    ValidationReport r = DatasetValidator.validate(ds, List.of("train", "val"), 1000, 1, bar(2));
    assertTrue(r.ok());
    r.requireClean();
    assertSame(ds, r.skipBad(ds, root.resolve("run")));
    assertFalse(Files.exists(root.resolve("run")));
  }

  @Test
  void aMissingSplitIsAnError() throws Exception {
    TestImages.rgb(root.resolve("train/a/1.png"), 4, 4, (x, y) -> 0);
    Dataset ds = Datasets.open(DatasetSpec.of("imagefolder", root));
    DataException e =
        assertThrows(
            DataException.class,
            () -> DatasetValidator.validate(ds, List.of("val"), 1000, 1, bar(0)));
    assertTrue(e.getMessage().contains("has no split 'val'"), e.getMessage());
  }
}

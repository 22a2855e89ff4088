package org.real2sim.tools.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class ReportTest {

  @TempDir static Path shared;

  @TempDir Path dir;

  /** The report of the full fake run, written once for the tests that only read it. */
  private static Report.Written full;

  private static String md;

  @BeforeAll
  static void writeTheFullReport() throws Exception {
    full = Report.write(FakeRun.full(shared.resolve("run")));
    md = Files.readString(full.markdown());
  }

  @Test
  void methodsAndGainsMatchHandComputedValues() throws Exception {
    assertTrue(
        md.contains(
            "| ours | f(G_RS(x)), task-aware, alpha 0.90 | 34.75 | +13.41 | 500 |"
                + " `taskaware/ckpt-00000002` |"),
        md);
    assertTrue(md.contains("| M2 | f(x): real images straight to the expert | 9.90 | -11.44 |"));
    // 0.3475 - 0.2134, 0.3475 - 0.099, 0.3475 - 0.27
    assertTrue(md.contains("- ours − M1: +13.41 pp"), md);
    assertTrue(md.contains("- ours − M2: +24.85 pp"), md);
    assertTrue(md.contains("- ours − M3: +7.75 pp"), md);
    assertTrue(md.contains("| traffic <sign> | 90.00 | – | 5.00 | 1.00 | 10.25 | 40.00 |"), md);
  }

  @Test
  void domainGapTableFollowsThePapersTableOne() throws Exception {
    assertTrue(md.contains("| in-domain | S → S | f on synthetic validation images | 94.11 |"), md);
    assertTrue(md.contains("| oracle | R (all labels) → R |"), md);
    // 0.627 - 0.099 = 0.528; 0.9411 - 0.099 = 0.8421; (0.3475 - 0.099) / 0.528 = 0.4706
    assertTrue(md.contains("domain gap (oracle − out-of-domain M2): +52.80 pp"), md);
    assertTrue(md.contains("(in-domain − M2): +84.21 pp"), md);
    assertTrue(md.contains("(ours − M2) / (oracle − M2): 47.1 %"), md);
  }

  @Test
  void sweepTablesListEveryPointAndTheSkips() throws Exception {
    assertTrue(md.contains("| 0.00 | 148 | 21.34 | +0.00 | 1 | `m1-continued` |"), md);
    assertTrue(md.contains("| 0.50 | 148 | 25.00 | +3.66 | 1 | `sweep/alpha-0.50` |"), md);
    assertTrue(md.contains("| 0.90 | 148 | 34.75 | +13.41 | 2 | `taskaware` |"), md);
    assertTrue(md.contains("Best: alpha 0.90, 34.75 % mIoU (+13.41 pp over M1)."), md);
    assertTrue(md.contains("| 0.5 | 14 | 28.09 | 8.00 | +20.09 |"), md);
    assertTrue(md.contains("| 5 | 148 | 34.75 | 27.00 | +7.75 | `taskaware`, `supervised` |"), md);
    assertTrue(md.contains("- skipped 0.01 % (`sweep/labeled-0.0001`): selects none"), md);
    assertTrue(md.contains("- skipped alpha 0.70 (`sweep/alpha-0.70`): failed: loss_g is NaN"), md);
  }

  @Test
  void bestSampleGridsAreCopied() throws Exception {
    Path run = shared.resolve("run");
    Report.Written w = full;
    // taskaware logged 0.30, 0.3475, 0.33: epoch 2 is the best.
    Path copied = w.dir().resolve("samples/taskaware_epoch002.png");
    assertArrayEquals(
        Files.readAllBytes(run.resolve("samples/taskaware_epoch002.png")),
        Files.readAllBytes(copied));
    assertFalse(Files.exists(w.dir().resolve("samples/taskaware_epoch003.png")));
    assertTrue(Files.exists(w.dir().resolve("samples/cyclegan_epoch002.png")));
    assertTrue(Files.exists(w.dir().resolve("samples/sweep_alpha-0.50_epoch001.png")));
    assertTrue(md.contains("](samples/taskaware_epoch002.png)"), md);
    assertTrue(md.contains("taskaware — stage c, task-aware G_RS (ours): epoch 2, mIoU 34.75 %"));
  }

  @Test
  void configurationAndBundleAreShown() throws Exception {
    assertTrue(md.contains("2 of 4 fields differ from the defaults"), md);
    assertTrue(md.contains("| data.height | 16 | 256 |"), md);
    assertTrue(md.contains("| * | data.height | 16 |"), md);
    assertTrue(md.contains("|  | stageC.alpha | 0.9 |"), md);
    assertTrue(md.contains("| modelSha256 | ab12cd34 |"), md);
    assertTrue(md.contains("| classes | 3: road, traffic <sign>, sky |"), md);
    assertTrue(md.contains("| provenance.metrics | {\"ours\":{\"mIoU\":0.3475}} |"), md);
    assertFalse(md.contains("provenance.config"), md);
    assertTrue(md.contains("## Missing pieces\n\nNone"), md);
  }

  @Test
  void htmlHoldsTheSameNumbersEscaped() throws Exception {
    String html = Files.readString(full.html());
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<style>"), "CSS is inline");
    assertFalse(html.contains("<script"), html);
    assertTrue(html.contains("<td>traffic &lt;sign&gt;</td>"), html);
    assertFalse(html.contains("traffic <sign>"), "unescaped class name");
    assertTrue(html.contains("<td class=\"num\">34.75</td>"), html);
    assertTrue(html.contains("<td class=\"num\">+13.41</td>"), html);
    assertTrue(html.contains("<img src=\"plots/alpha_curve.png\""), html);
    assertTrue(html.contains("<a href=\"plots/alpha_curve.svg\">SVG</a>"), html);
    assertTrue(html.contains("<a href=\"#domain-gap\">Domain gap</a>"), html);
    assertTrue(html.contains("<h2 id=\"domain-gap\">"), html);
  }

  @Test
  void plotsAreWrittenAsPngAndSvgThatParse() throws Exception {
    Report.Written w = full;
    List<String> names = w.plots().stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(
        List.of(
            "alpha_curve.png",
            "alpha_curve.svg",
            "labeled_curve.png",
            "labeled_curve.svg",
            "training_curves.png",
            "training_curves.svg",
            "sweep_training_curves.png",
            "sweep_training_curves.svg"),
        names);
    for (Path p : w.plots()) {
      assertTrue(Files.isRegularFile(p), p + " missing");
      if (p.toString().endsWith(".png")) {
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img, p + " is not a PNG");
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
      } else {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element svg = f.newDocumentBuilder().parse(p.toFile()).getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals(Plots.WIDTH + "px", svg.getAttribute("width"));
        assertTrue(svg.getElementsByTagName("path").getLength() > 0, p + " draws nothing");
      }
    }
  }

  @Test
  void missingPiecesAreStatedNotErrors() throws Exception {
    Path run = dir.resolve("bare");
    Files.createDirectories(run);
    Files.writeString(run.resolve("metrics.jsonl"), FakeRun.METRICS);
    Files.writeString(run.resolve("config.txt"), FakeRun.CONFIG_TXT);
    Report.Written w = Report.write(run);
    String bare = Files.readString(w.markdown());
    assertTrue(bare.contains("No results.json"), bare);
    assertTrue(bare.contains("No alpha sweep in this run"), bare);
    assertTrue(bare.contains("No labeled-amount sweep in this run"), bare);
    assertTrue(bare.contains("No oracle"), bare);
    assertTrue(bare.contains("No exported bundle"), bare);
    // Without results.json each method is the best logged validation value of its stages.
    assertTrue(
        bare.contains(
            "| ours | f(G_RS(x)), task-aware | 34.75 | +13.41 |  |"
                + " `metrics.jsonl: best of taskaware, epoch 2` |"),
        bare);
    assertTrue(bare.contains("| M2 | f(x): real images straight to the expert | 9.90 |"), bare);
    assertTrue(bare.contains("| #1 |"), "classes by id without results.json:\n" + bare);
    assertTrue(w.missing().size() >= 6, w.missing().toString());
    assertEquals(
        4,
        w.plots().size(),
        "training curves of the main stages and of the sweep point, PNG + SVG");
  }

  @Test
  void aRebuildReplacesTheEarlierReport() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("metrics.jsonl"), FakeRun.METRICS);
    Report.Written first = Report.write(run);
    Files.writeString(first.dir().resolve("plots/stale.png"), "old");
    Report.Written second = Report.write(run);
    assertFalse(Files.exists(second.dir().resolve("plots/stale.png")));
    assertTrue(Files.exists(second.html()));
    try (var s = Files.list(run)) {
      assertEquals(
          List.of(),
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".report")).toList(),
          "temporary folders are removed");
    }
  }

  @Test
  void aFolderThatIsNotARunIsRefusedByName() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    var e = assertThrows(ReportException.class, () -> Report.write(empty));
    assertEquals(
        empty
            + " is not a run directory: it holds none of config.json, config.txt, results.json and"
            + " metrics.jsonl",
        e.getMessage());
    e = assertThrows(ReportException.class, () -> Report.write(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}

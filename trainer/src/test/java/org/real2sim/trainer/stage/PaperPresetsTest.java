package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.data.NotesClasses;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.data.format.DatasetTrees;
import org.real2sim.trainer.run.RunDir;

/**
 * The paper's presets open their two data sets through {@link TrainContext}: tiny trees in the
 * layouts of {@code shared/notes/datasets.md} are written under the preset's own relative roots
 * (e.g. {@code data/SYNTHIA/RAND_CITYSCAPES}), the roots are pointed there, and each preset must
 * open and validate both domains with the loaders' default splits, share one class list (the notes'
 * list, {@link NotesClasses}), and draw its labeled real subset.
 */
class PaperPresetsTest {

  /** Train frames of the Cityscapes tree: enough for the 148 labeled images of SYNTHIA. */
  private static final int CITYSCAPES_TRAIN = 150;

  /** SYNTHIA frames: the reader holds out the last 1,400 (700 val + 700 test), 2 are left. */
  private static final int SYNTHIA_FRAMES = 1402;

  /** Sketchy photos per class: the reader validates on 10 per class. */
  private static final int PHOTOS_PER_CLASS = 18;

  /** Sketches per photo (the reader validates on 50 per class; one per class is invalid). */
  private static final int SKETCHES_PER_PHOTO = 3;

  @TempDir static Path work;

  @BeforeAll
  static void writeTrees() {
    Path cityscapes = work.resolve(presetRoot("synthia-cityscapes", false));
    assertEquals(cityscapes, work.resolve(presetRoot("carla-cityscapes", false)));
    // Cityscapes label ids 0..33 cycle over each 8x5 frame, so every id of the table occurs.
    int[] labelIds = new int[40];
    for (int i = 0; i < labelIds.length; i++) {
      labelIds[i] = i % 34;
    }
    String[] cities = {"aachen", "bochum", "bremen"};
    for (int i = 0; i < CITYSCAPES_TRAIN; i++) {
      String city = cities[i % cities.length];
      String name = String.format("%s_%06d_%06d", city, i, 19);
      DatasetTrees.cityscapesFrame(cityscapes, "train", city, name, 8, 5, (x, y) -> x, labelIds);
    }
    for (int i = 0; i < 3; i++) {
      String name = String.format("frankfurt_%06d_%06d", i, 294);
      DatasetTrees.cityscapesFrame(
          cityscapes, "val", "frankfurt", name, 8, 5, (x, y) -> y, labelIds);
    }

    // SYNTHIA ids 0..22 cycle in channel 0 of each 16-bit label; instance ids in the others.
    int[][] synthia = new int[3][32];
    for (int i = 0; i < 32; i++) {
      synthia[0][i] = i % 23;
      synthia[1][i] = 1000 + i;
      synthia[2][i] = 65535 - i;
    }
    Path synthiaRoot = work.resolve(presetRoot("synthia-cityscapes", true));
    for (int f = 0; f < SYNTHIA_FRAMES; f++) {
      DatasetTrees.synthiaFrame(synthiaRoot, String.format("%07d", f), 8, 4, synthia);
    }

    // CARLA <= 0.9.13 tags 0..22 cycle in the red channel; noise in green and blue.
    int[][] carla = new int[3][40];
    for (int i = 0; i < 40; i++) {
      carla[0][i] = i % 23;
      carla[1][i] = (i * 53) & 0xFF;
      carla[2][i] = (i * 97 + 11) & 0xFF;
    }
    Path carlaRoot = work.resolve(presetRoot("carla-cityscapes", true));
    for (int f = 0; f < 6; f++) {
      DatasetTrees.carlaFrame(
          carlaRoot, f < 4 ? "train" : "val", String.format("%06d", f), 8, 5, 0x102030, carla);
    }

    Path sketchy = work.resolve(presetRoot("sketchy", true));
    assertEquals(sketchy, work.resolve(presetRoot("sketchy", false)));
    StringBuilder invalid = new StringBuilder();
    for (int c = 0; c < NotesClasses.SKETCHY_PAPER.size(); c++) {
      String synset = String.format("n%08d", c);
      for (int p = 0; p < PHOTOS_PER_CLASS; p++) {
        DatasetTrees.sketchyPhoto(
            sketchy, NotesClasses.SKETCHY_PAPER.get(c), synset + "_" + p, SKETCHES_PER_PHOTO);
      }
      invalid.append(synset).append("_0-1\n");
    }
    DatasetTrees.sketchyInfo(sketchy, invalid.toString(), "", "", "");
  }

  /** The relative root the preset names for its synthetic or real domain. */
  private static String presetRoot(String preset, boolean synthetic) {
    RunConfig c = new ConfigLoader().preset(preset).build();
    return (synthetic ? c.data().synthetic() : c.data().real()).root();
  }

  /** What a preset's context opened. */
  private record Opened(Dataset synthetic, Dataset real, LabeledSubset labeled, String console) {}

  /** Opens both domains and the labeled subset of {@code preset}, roots pointed into the trees. */
  private static Opened open(String preset) {
    RunConfig c =
        new ConfigLoader()
            .preset(preset)
            .set("data.synthetic.root=" + TinyData.json(work.resolve(presetRoot(preset, true))))
            .set("data.real.root=" + TinyData.json(work.resolve(presetRoot(preset, false))))
            .build();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    try (TrainContext ctx =
        new TrainContext(c, RunDir.of(work.resolve("runs"), preset), out, false)) {
      return new Opened(
          ctx.synthetic(), ctx.real(), ctx.labeled(), console.toString(StandardCharsets.UTF_8));
    }
  }

  private static void assertSubsetOfTrain(Opened o, int expectedSize) {
    List<Sample> train = o.real().samples("train");
    assertEquals(expectedSize, o.labeled().size());
    assertEquals("train", o.labeled().split());
    Set<Sample> distinct = new HashSet<>(o.labeled().samples());
    assertEquals(expectedSize, distinct.size());
    assertTrue(train.containsAll(distinct), "labeled images must come from the real train split");
    assertFalse(o.console().contains("skipped"), o.console());
  }

  private static List<Integer> sizes(Dataset d, String... splits) {
    List<Integer> n = new ArrayList<>();
    for (String s : splits) {
      n.add(d.samples(s).size());
    }
    return n;
  }

  @Test
  void everyPaperPresetIsCoveredHere() {
    List<String> paper = new ArrayList<>(ConfigLoader.PRESETS);
    paper.removeIf(p -> p.endsWith("-quick") || p.endsWith("-tiny"));
    assertEquals(List.of("sketchy", "synthia-cityscapes", "carla-cityscapes"), paper);
  }

  @Test
  void sketchyOpensSketchesAndPhotosWithThePapersTenClassesAndDrawsSeventyPhotos() {
    Opened o = open("sketchy");
    assertEquals(NotesClasses.SKETCHY_PAPER, o.synthetic().classNames());
    assertEquals(NotesClasses.SKETCHY_PAPER, o.real().classNames());
    // Sketches: 18 x 3 per class, one invalid, 50 validate -> 3 train per class.
    assertEquals(List.of(30, 500), sizes(o.synthetic(), "train", "val"));
    // Photos: 18 per class, 10 validate -> 8 train per class.
    assertEquals(List.of(80, 100), sizes(o.real(), "train", "val"));
    assertTrue(
        o.synthetic().samples("train").stream()
            .allMatch(s -> s.id().contains("/sketch/") && s.image().toString().endsWith(".png")));
    assertTrue(
        o.real().samples("train").stream()
            .allMatch(s -> s.id().contains("/photo/") && s.image().toString().endsWith(".jpg")));
    assertSubsetOfTrain(o, 70);
  }

  @Test
  void synthiaCityscapesOpensBothDomainsInTheSixteenClassProtocolAndDraws148Images() {
    Opened o = open("synthia-cityscapes");
    assertEquals(NotesClasses.SYNTHIA16, o.synthetic().classNames());
    assertEquals(NotesClasses.SYNTHIA16, o.real().classNames());
    assertEquals(List.of(2, 700), sizes(o.synthetic(), "train", "val"));
    assertEquals(List.of(CITYSCAPES_TRAIN, 3), sizes(o.real(), "train", "val"));
    assertSubsetOfTrain(o, 148);
  }

  @Test
  void carlaCityscapesOpensBothDomainsInTheThirteenClassProtocolWithCoarseLabels()
      throws Exception {
    Opened o = open("carla-cityscapes");
    assertEquals(NotesClasses.CARLA13, o.synthetic().classNames());
    assertEquals(NotesClasses.CARLA13, o.real().classNames());
    assertEquals(List.of(4, 2), sizes(o.synthetic(), "train", "val"));
    assertEquals(5, o.synthetic().coarsening());
    assertEquals(0, o.real().coarsening());
    // labeledFraction 0.05 of 150 real training images: floor(7.5) = 7.
    assertSubsetOfTrain(o, 7);
    assertEquals(
        7,
        Files.readAllLines(work.resolve("runs/carla-cityscapes/labeled_subset.txt")).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .count());
  }
}

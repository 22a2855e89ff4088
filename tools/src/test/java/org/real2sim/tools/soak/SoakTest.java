package org.real2sim.tools.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.image.RgbImage;

class SoakTest {

  @Test
  void growthIsMeasuredFromTheSampleAfterTheFirstInterval() {
    List<Soak.Sample> s =
        List.of(
            new Soak.Sample(0, 100, 0, 0),
            new Soak.Sample(10, 150, 0, 1),
            new Soak.Sample(20, 151, 0, 2),
            new Soak.Sample(30, 170, 0, 3));
    assertEquals(20, Soak.growth(s));
    Soak.Report r = new Soak.Report(s, Soak.growth(s), 1);
    assertTrue(r.flat(20));
    assertFalse(r.flat(19));
    assertEquals(
        5, Soak.growth(List.of(new Soak.Sample(0, 100, 0, 0), new Soak.Sample(10, 105, 0, 1))));
  }

  @Test
  void shortSoakOnTheTinyBundleSamplesEveryInterval(@TempDir Path tmp) {
    org.real2sim.exporter.pipeline.TinyExport.write(
        tmp.resolve("tiny"), org.real2sim.exporter.pipeline.TinyExport.segmenter(4), 3);
    try (Pipeline p = Pipeline.open(tmp.resolve("tiny"), Options.defaults().intraOpThreads(1))) {
      RgbImage image = new RgbImage(8, 12, new byte[8 * 12 * 3]);
      SegmentationResult r = p.segment(image);
      assertEquals(12, r.width());
      Soak.Report report = Soak.run(p, image, 2, 250, 100, 5, s -> {});
      assertEquals(
          List.of(0L, 100L, 200L, 250L),
          report.samples().stream().map(Soak.Sample::iteration).toList());
      assertTrue(report.samples().get(0).rssBytes() > 0, "RSS is readable on Linux");
      assertTrue(report.imagesPerSecond() > 0);
      assertEquals(
          2, p.bufferSetsCreated(), "one buffer set per batch shape (1 and 2 images), reused");
    }
  }
}

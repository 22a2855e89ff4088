package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.spec.Macs;

class InferenceBenchmarkTest {

  @Test
  void tinyCaseIsMeasuredInBothRuntimesWhichAgree() {
    ResnetGenerator.Config g = new ResnetGenerator.Config(2, 1, 3, 3);
    ResNet.Config f = new ResNet.Config(18, 2, 3, 3);
    InferenceBenchmark.Case c =
        new InferenceBenchmark.Case(
            "tiny", g, new ExpertArchitecture.Classifier(f), Normalization.IMAGENET, 16, 16);
    List<String> printed = new ArrayList<>();

    List<InferenceBenchmark.Row> rows =
        InferenceBenchmark.run(
            List.of(c),
            new InferenceBenchmark.Settings(List.of(1), 1, 2, 3),
            r -> printed.add(InferenceTable.format(r)));

    assertEquals(1, rows.size());
    InferenceBenchmark.Row r = rows.get(0);
    assertEquals(1.0, r.agreement());
    assertTrue(r.ort().p50() > 0 && r.tf().p50() > 0);
    assertEquals(
        Macs.of(ResnetGenerator.spec(g), 16, 16).total() + Macs.of(ResNet.spec(f), 16, 16).total(),
        c.macs());
    assertEquals(2.0 * c.macs() / (r.ort().p50() * 1e6), r.ortGflops(), 1e-9);
    assertTrue(printed.get(0).startsWith("tiny     16x16"), printed.get(0));
  }

  @Test
  void presetsHoldTheThreeSizesAndUnknownOnesAreRefused() {
    List<InferenceBenchmark.Case> quick = InferenceBenchmark.cases("quick");
    assertEquals(
        List.of("64x64", "128x256", "256x512"),
        quick.stream().map(c -> c.size().toString()).toList());
    assertEquals(13, quick.get(1).expert().numClasses());
    assertThrows(IllegalArgumentException.class, () -> InferenceBenchmark.cases("huge"));
    assertThrows(
        IllegalArgumentException.class, () -> new InferenceBenchmark.Settings(List.of(0), 0, 1, 1));
  }
}

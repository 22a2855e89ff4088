package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.run.RunDir;

/**
 * The method learns, end to end, on a seeded toy domain gap: bars (horizontal, vertical, diagonal)
 * dark on light in S, the same bars light on dark in R, so the expert fails on raw real images and
 * a generator that inverts the image fixes it. Asserted: the expert beats chance clearly in its own
 * domain, the CycleGAN lifts f(G_RS(x)) above M2, and stage c lowers the task loss on its labeled
 * images from its first epoch to its last.
 */
class LearningTest {

  @TempDir Path tmp;

  private static void data(Path root, int perClass) throws IOException {
    String[] classes = {"horizontal", "vertical", "diagonal"};
    int size = 16;
    for (String domain : new String[] {"synthetic", "real"}) {
      SplittableRandom rng = new SplittableRandom(domain.hashCode());
      boolean real = domain.equals("real");
      for (String split : new String[] {"train", "val"}) {
        for (int c = 0; c < classes.length; c++) {
          for (int i = 0; i < perClass; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            int light = 200 + rng.nextInt(56);
            int dark = rng.nextInt(56);
            g.setColor(new Color(real ? dark : light, real ? dark : light, real ? dark : light));
            g.fillRect(0, 0, size, size);
            g.setColor(new Color(real ? light : dark, real ? light : dark, real ? light : dark));
            int o = rng.nextInt(size / 2) + size / 4;
            switch (c) {
              case 0 -> g.fillRect(2, o - 1, size - 4, 3);
              case 1 -> g.fillRect(o - 1, 2, 3, size - 4);
              default -> {
                g.drawLine(2, 2, size - 3, size - 3);
                g.drawLine(3, 2, size - 2, size - 3);
              }
            }
            g.dispose();
            Path f = root.resolve(domain).resolve(split).resolve(classes[c]).resolve(i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
          }
        }
      }
    }
  }

  @Test
  void expertLearnsCycleGanLiftsAboveM2AndStageCLowersTheTaskLoss() throws Exception {
    Path data = tmp.resolve("data");
    data(data, 16);
    RunConfig c =
        TinyData.classificationConfig(data)
            .set("name=learn")
            .set("stageA.width=8")
            .set("stageA.epochs=6")
            .set("stageA.lr=0.003")
            .set("stageB.ngf=8")
            .set("stageB.ndf=8")
            .set("stageB.epochs=4")
            .set("stageB.lr=0.001")
            .set("stageB.lambdaId=0")
            .set("stageB.iterationsPerEpoch=48")
            .set("stageB.continueEpochs=0")
            .set("stageC.epochs=4")
            .set("stageC.alpha=0.8")
            .set("stageC.baselineAlphaZero=false")
            .set("supervised.epochs=1")
            .set("eval.sampleRows=0")
            .build();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Evaluation.Row> rows;
    try (TrainContext ctx =
        new TrainContext(
            c,
            RunDir.of(tmp.resolve("runs"), c.name()),
            new PrintStream(log, true, StandardCharsets.UTF_8),
            false)) {
      rows = Stages.runAll(ctx);
    }
    String out = log.toString(StandardCharsets.UTF_8);
    double inDomain = value(rows, Method.IN_DOMAIN);
    double m2 = value(rows, Method.M2);
    double m1 = value(rows, Method.M1);
    assertTrue(inDomain >= 0.8, "expert in its own domain: " + inDomain + " (chance 0.33)\n" + out);
    assertTrue(m1 >= m2 + 0.15, "CycleGAN did not lift f(G_RS(x)) above M2: " + m1 + " vs " + m2);
    List<Double> task = new ArrayList<>();
    Matcher mt = Pattern.compile("taskaware epoch \\d+/\\d+:.* loss_task ([0-9.]+)").matcher(out);
    while (mt.find()) {
      task.add(Double.parseDouble(mt.group(1)));
    }
    assertEquals(c.stageC().epochs(), task.size(), out);
    assertTrue(
        task.get(task.size() - 1) < task.get(0),
        "stage c did not lower the task loss on its labeled images: " + task);
  }

  private static double value(List<Evaluation.Row> rows, Method m) {
    return rows.stream()
        .filter(r -> r.method() == m)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + m))
        .score()
        .value();
  }
}

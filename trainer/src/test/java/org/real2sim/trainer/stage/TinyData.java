package org.real2sim.trainer.stage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;

/**
 * Tiny two-domain data sets written into a test folder: classification (ImageFolder) where the
 * class is a bar orientation, dark on white (synthetic) or coloured on noise (real); and
 * segmentation (paired folders with a class map) with three horizontal bands.
 */
final class TinyData {

  static final int SIZE = 16;

  private TinyData() {}

  /** Writes {@code root/{synthetic,real}/{train,val}/<class>/*.png} with 3 classes. */
  static Path classification(Path root, int perClass) {
    String[] classes = {"horizontal", "vertical", "diagonal"};
    for (String domain : new String[] {"synthetic", "real"}) {
      SplittableRandom rng = new SplittableRandom(domain.hashCode());
      for (String split : new String[] {"train", "val"}) {
        for (int c = 0; c < classes.length; c++) {
          for (int i = 0; i < perClass; i++) {
            BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            boolean real = domain.equals("real");
            g.setColor(real ? new Color(rng.nextInt(0x1000000)) : Color.WHITE);
            g.fillRect(0, 0, SIZE, SIZE);
            g.setColor(real ? new Color(rng.nextInt(0x1000000)) : Color.BLACK);
            int o = rng.nextInt(SIZE / 2) + SIZE / 4;
            switch (c) {
              case 0 -> g.fillRect(2, o - 1, SIZE - 4, 3);
              case 1 -> g.fillRect(o - 1, 2, 3, SIZE - 4);
              default -> g.drawLine(2, 2, SIZE - 3, SIZE - 3);
            }
            g.dispose();
            write(img, root.resolve(domain).resolve(split).resolve(classes[c]).resolve(i + ".png"));
          }
        }
      }
    }
    return root;
  }

  /** Writes paired segmentation folders with three classes (sky, building, road bands). */
  static Path segmentation(Path root, int perSplit) {
    int w = 32;
    int h = 16;
    for (String domain : new String[] {"synthetic", "real"}) {
      SplittableRandom rng = new SplittableRandom(domain.hashCode());
      try {
        Files.createDirectories(root.resolve(domain));
        Files.writeString(
            root.resolve(domain).resolve("classes.json"),
            "{\"classes\": [{\"id\": 0, \"name\": \"sky\", \"color\": [70, 130, 180], \"trainId\": 0},"
                + " {\"id\": 1, \"name\": \"building\", \"color\": [70, 70, 70], \"trainId\": 1},"
                + " {\"id\": 2, \"name\": \"road\", \"color\": [128, 64, 128], \"trainId\": 2}]}");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String split : new String[] {"train", "val"}) {
        for (int i = 0; i < perSplit; i++) {
          BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
          BufferedImage lab = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
          int a = 3 + rng.nextInt(4);
          int b = 9 + rng.nextInt(4);
          boolean real = domain.equals("real");
          for (int y = 0; y < h; y++) {
            int cls = y < a ? 0 : y < b ? 1 : 2;
            int base = cls == 0 ? 0x4682B4 : cls == 1 ? 0x464646 : 0x804080;
            for (int x = 0; x < w; x++) {
              int rgb = real ? (base ^ (rng.nextInt(0x40) * 0x010101)) : base;
              img.setRGB(x, y, rgb);
              lab.getRaster().setSample(x, y, 0, cls);
            }
          }
          Path dir = root.resolve(domain).resolve(split);
          write(img, dir.resolve("images").resolve(i + ".png"));
          write(lab, dir.resolve("labels").resolve(i + ".png"));
        }
      }
    }
    return root;
  }

  /** A tiny classification configuration over {@link #classification} data. */
  static ConfigLoader classificationConfig(Path data) {
    return new ConfigLoader()
        .preset("shapes-tiny")
        .set("data.synthetic.root=" + json(data.resolve("synthetic")))
        .set("data.real.root=" + json(data.resolve("real")))
        .set("threads=1")
        .set("data.loaderThreads=1")
        .set("stageA.epochs=2")
        .set("stageB.epochs=2")
        .set("stageB.iterationsPerEpoch=6")
        .set("stageC.epochs=2")
        .set("supervised.epochs=2");
  }

  static String json(Path p) {
    return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\") + "\"";
  }

  static RunConfig build(ConfigLoader l) {
    return l.build();
  }

  private static void write(BufferedImage img, Path file) {
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

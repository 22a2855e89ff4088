package org.real2sim.trainer.run;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Sample grids like the paper's Figs. 4/6/10: one row per image, columns real | G_RS(real) |
 * prediction | ground truth. Segmentation masks are colour-coded with the class palette;
 * classification rows show the predicted and true class names (green when right, red when wrong).
 */
public final class SampleGrid {

  /**
   * One row of the grid.
   *
   * @param real the real image, HWC floats in [-1, 1]
   * @param translated G_RS(real), HWC floats in [-1, 1], or null to leave the column out
   * @param prediction predicted class per pixel (segmentation, H·W) or one class (classification)
   * @param truth true class per pixel or one class; 255 = ignore
   */
  public record Row(float[] real, float[] translated, int[] prediction, int[] truth) {}

  private final int height;
  private final int width;
  private final int scale;
  private final List<String> classNames;
  private final int[] palette;

  /**
   * A grid for images of {@code height × width}, drawn {@code scale} times larger.
   *
   * @param palette RGB colours per class as 0xRRGGBB
   */
  public SampleGrid(int height, int width, int scale, List<String> classNames, int[] palette) {
    this.height = height;
    this.width = width;
    this.scale = Math.max(1, scale);
    this.classNames = classNames;
    this.palette = palette;
  }

  /** A sensible drawing scale so that small images are still visible (cells ≥ 96 px high). */
  public static int autoScale(int height) {
    return Math.max(1, (int) Math.ceil(96.0 / height));
  }

  /** Renders the rows into one image. */
  public BufferedImage render(List<Row> rows) {
    boolean withTranslated = !rows.isEmpty() && rows.get(0).translated() != null;
    int cols = withTranslated ? 4 : 3;
    int cw = width * scale;
    int ch = height * scale;
    int gap = 4;
    int header = 18;
    BufferedImage out =
        new BufferedImage(
            cols * cw + (cols + 1) * gap,
            header + rows.size() * (ch + gap) + gap,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      String[] titles =
          withTranslated
              ? new String[] {"real", "G_RS(real)", "prediction", "ground truth"}
              : new String[] {"image", "prediction", "ground truth"};
      for (int c = 0; c < cols; c++) {
        g.drawString(titles[c], gap + c * (cw + gap) + 2, 13);
      }
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        int y = header + r * (ch + gap);
        int c = 0;
        g.drawImage(toImage(row.real()), gap, y, cw, ch, null);
        c++;
        if (withTranslated) {
          g.drawImage(toImage(row.translated()), gap + c * (cw + gap), y, cw, ch, null);
          c++;
        }
        if (row.truth().length == 1) {
          drawClass(g, row.prediction()[0], row.truth()[0], gap + c * (cw + gap), y, cw, ch);
          drawClass(g, row.truth()[0], row.truth()[0], gap + (c + 1) * (cw + gap), y, cw, ch);
        } else {
          g.drawImage(mask(row.prediction()), gap + c * (cw + gap), y, cw, ch, null);
          g.drawImage(mask(row.truth()), gap + (c + 1) * (cw + gap), y, cw, ch, null);
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Renders and writes a PNG (atomically). */
  public void write(List<Row> rows, Path file) throws IOException {
    BufferedImage img = render(rows);
    AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
  }

  private void drawClass(Graphics2D g, int cls, int truth, int x, int y, int w, int h) {
    boolean right = cls == truth;
    g.setColor(right ? new Color(0xE6F4EA) : new Color(0xFCE8E6));
    g.fillRect(x, y, w, h);
    g.setColor(right ? new Color(0x137333) : new Color(0xA50E0E));
    String name = cls >= 0 && cls < classNames.size() ? classNames.get(cls) : "#" + cls;
    g.drawString(name, x + 4, y + h / 2 + 4);
  }

  private BufferedImage toImage(float[] hwc) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int i = 0, p = 0; i < height * width; i++, p += 3) {
      img.setRGB(
          i % width,
          i / width,
          (byte8(hwc[p]) << 16) | (byte8(hwc[p + 1]) << 8) | byte8(hwc[p + 2]));
    }
    return img;
  }

  private BufferedImage mask(int[] classes) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < height * width; i++) {
      int c = classes[i];
      img.setRGB(i % width, i / width, c >= 0 && c < palette.length ? palette[c] : 0);
    }
    return img;
  }

  private static int byte8(float v) {
    int b = Math.round((v + 1f) * 127.5f);
    return Math.max(0, Math.min(255, b));
  }
}

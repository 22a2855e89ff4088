package org.real2sim.trainer.stage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.run.SampleGrid;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The sample grid of one epoch ({@code samples/<stage>_epochNNN.png}: real | translated |
 * prediction | ground truth, {@code eval.sampleRows} rows of the validation set), optionally also
 * as a TensorBoard image.
 */
final class EpochSamples {

  private EpochSamples() {}

  /**
   * Writes the grid of epoch {@code epoch} (1-based); nothing when {@code eval.sampleRows} is 0.
   *
   * @param translated the translated image, or null for a stage without a generator
   * @param data the validation data set (class names and palette)
   * @param toEvents also write the grid to the stage's TensorBoard run as {@code samples}
   */
  static void write(
      TrainContext ctx,
      String stage,
      Session s,
      Evaluator evaluator,
      Operand<TFloat32> input,
      Operand<TFloat32> translated,
      Operand<TInt32> predictions,
      Dataset data,
      int epoch,
      boolean toEvents)
      throws IOException {
    int rows = ctx.config().eval().sampleRows();
    if (rows == 0) {
      return;
    }
    int h = ctx.config().data().height();
    int w = ctx.config().data().width();
    List<SampleGrid.Row> r = evaluator.rows(s, input, translated, predictions, rows);
    SampleGrid grid =
        new SampleGrid(h, w, SampleGrid.autoScale(h), data.classNames(), data.palette());
    grid.write(r, ctx.run().samples().resolve(String.format("%s_epoch%03d.png", stage, epoch)));
    if (!toEvents) {
      return;
    }
    BufferedImage img = grid.render(r);
    byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
    for (int y = 0, p = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++, p += 3) {
        int c = img.getRGB(x, y);
        rgb[p] = (byte) (c >> 16);
        rgb[p + 1] = (byte) (c >> 8);
        rgb[p + 2] = (byte) c;
      }
    }
    ctx.events(stage).image("samples", epoch, rgb, img.getHeight(), img.getWidth());
  }
}

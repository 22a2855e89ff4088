package org.real2sim.exporter.nets;

import org.real2sim.exporter.ExportException;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.ResNetBackbone;
import org.real2sim.models.spec.Macs;

/**
 * Multiply-accumulate counts of the networks for one image, computed analytically from the
 * architecture and the input size, for achieved-GFLOP/s figures (FLOP = 2 × MACs).
 *
 * <p>Counted: convolutions ({@code H_out·W_out·k²·in·out}), transposed convolutions ({@code
 * H_in·W_in·k²·in·out}, the convention of the project's baseline notes) and dense layers ({@code
 * in·out}). Not counted: normalisation, activations, pooling, resizing, additions and the
 * pre/post-processing, which are memory-bound and small next to the convolutions. Output sizes
 * follow PyTorch's rule {@code ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1}.
 */
public final class NetworkMacs {

  private NetworkMacs() {}

  /** MACs of the CycleGAN ResNet generator on an {@code h × w} image, from its spec. */
  public static long generator(ResnetGenerator.Config c, int h, int w) {
    return Macs.of(ResnetGenerator.spec(c), h, w).total();
  }

  /** MACs of the ResNet classifier (backbone at stride 32 and the dense layer). */
  public static long classifier(ResNet.Config c, int h, int w) {
    ResNetBackbone b = new ResNetBackbone(c.depth(), c.width(), c.inChannels(), c.stem());
    long[] r = backbone(b, 32, h, w);
    return r[0] + (long) b.outChannels() * c.numClasses();
  }

  /** MACs of DeepLabV3 (backbone, ASPP, head, classifier; the final resize is not counted). */
  public static long deepLab(DeepLabV3.Config c, int h, int w) {
    ResNetBackbone b = new ResNetBackbone(c.depth(), c.width(), c.inChannels());
    long[] r = backbone(b, c.outputStride(), h, w);
    int fh = (int) r[1];
    int fw = (int) r[2];
    long in = b.outChannels();
    long ch = c.asppChannels();
    long macs = r[0];
    macs += conv(fh, fw, 1, in, ch);
    macs += 3 * conv(fh, fw, 3, in, ch);
    macs += in * ch;
    macs += conv(fh, fw, 1, 5 * ch, ch);
    macs += conv(fh, fw, 3, ch, ch);
    macs += conv(fh, fw, 1, ch, c.numClasses());
    return macs;
  }

  /**
   * MACs of a backbone and its output size.
   *
   * @return {@code {macs, outHeight, outWidth}}
   */
  public static long[] backbone(ResNetBackbone b, int outputStride, int h, int w) {
    boolean[] dilate =
        switch (outputStride) {
          case 32 -> new boolean[] {false, false, false, false};
          case 16 -> new boolean[] {false, false, false, true};
          case 8 -> new boolean[] {false, false, true, true};
          default ->
              throw new ExportException(
                  "outputStride must be one of [8, 16, 32], found " + outputStride);
        };
    int width = b.width();
    var stem = b.stem();
    int ch = out(h, stem.kernel(), stem.stride(), stem.padding(), 1);
    int cw = out(w, stem.kernel(), stem.stride(), stem.padding(), 1);
    long macs = conv(ch, cw, stem.kernel(), b.inChannels(), width);
    if (stem.maxPool()) {
      ch = out(ch, 3, 2, 1, 1);
      cw = out(cw, 3, 2, 1, 1);
    }
    int[] blocks = ResNetWriter.blocks(b.depth());
    int inplanes = width;
    int dilation = 1;
    int e = b.expansion();
    for (int s = 0; s < 4; s++) {
      int planes = width << s;
      int stride = s == 0 ? 1 : 2;
      int previousDilation = dilation;
      if (dilate[s]) {
        dilation *= stride;
        stride = 1;
      }
      for (int i = 0; i < blocks[s]; i++) {
        int in = i == 0 ? inplanes : planes * e;
        int st = i == 0 ? stride : 1;
        int d = i == 0 ? previousDilation : dilation;
        int oh = out(ch, 3, st, d, d);
        int ow = out(cw, 3, st, d, d);
        if (e == 4) {
          macs += conv(ch, cw, 1, in, planes);
          macs += conv(oh, ow, 3, planes, planes);
          macs += conv(oh, ow, 1, planes, planes * 4L);
        } else {
          macs += conv(oh, ow, 3, in, planes);
          macs += conv(oh, ow, 3, planes, planes);
        }
        if (st != 1 || in != planes * e) {
          macs += conv(oh, ow, 1, in, (long) planes * e);
        }
        ch = oh;
        cw = ow;
      }
      inplanes = planes * e;
    }
    return new long[] {macs, ch, cw};
  }

  /** {@code ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1}. */
  static int out(int n, int k, int s, int p, int d) {
    return Math.floorDiv(n + 2 * p - d * (k - 1) - 1, s) + 1;
  }

  private static long conv(long oh, long ow, long k, long in, long out) {
    return oh * ow * k * k * in * out;
  }
}

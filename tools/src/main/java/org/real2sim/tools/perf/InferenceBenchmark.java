package org.real2sim.tools.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.bundle.BundleWriter;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.parity.SampleImages;
import org.real2sim.exporter.parity.TfInference;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.exporter.pipeline.PipelineExporter;
import org.real2sim.exporter.pipeline.SeededWeights;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.spec.Macs;
import org.real2sim.runtime.Options;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.runtime.io.FileTrees;

/**
 * Inference speed of the deployed pipeline, f(G_RS(x)): the fused bundle in ONNX Runtime (through
 * the runtime's {@link Pipeline}, batch 1, as deployed) against the same two networks with the same
 * weights in TensorFlow Java ({@link TfInference}, tf-models' own graph), per image size and thread
 * count.
 *
 * <p>TensorFlow gets its fastest form: a static input shape [1, H, W, 3] (fused instance norm,
 * shapes known to the graph optimiser). Both runtimes compute and return the same outputs: the
 * predictions (mask or class) and the softmax scores; neither returns the translated image. Each
 * measurement opens both runtimes, runs {@code warmup} untimed calls of each, then {@code
 * iterations} timed calls of each, alternating between the two so that both see the same load, on
 * one seeded random image; it reports the median (p50) wall-clock latency, the speed-up of ONNX
 * Runtime (TF p50 / ORT p50), the mean CPU time of the process per call and its ratio (robust to
 * other processes' load, which inflates wall-clock times on a shared machine), and the achieved
 * GFLOP/s, {@code 2 × MACs / p50} with the MACs of G_RS + f counted from their specs ({@link
 * Macs}), against the machine's measured ceiling of {@value #CEILING_GFLOPS} GFLOP/s (2 threads;
 * project notes, baselines.md). Weights are the networks' seeded initial values: timing does not
 * depend on them. Both runtimes must predict the same classes; the agreement is reported per row.
 */
public final class InferenceBenchmark {

  /** The fp32 FMA ceiling measured on this kind of machine with 2 threads (baselines.md). */
  public static final double CEILING_GFLOPS = 440;

  /**
   * One network pair at one image size.
   *
   * @param name a label, e.g. {@code streets}
   * @param generator G_RS's architecture
   * @param expert f's architecture
   * @param normalization f's normalisation
   * @param height image height
   * @param width image width
   */
  public record Case(
      String name,
      ResnetGenerator.Config generator,
      ExpertArchitecture expert,
      Normalization normalization,
      int height,
      int width) {

    /** The image size, height × width. */
    public org.real2sim.runtime.image.ImageSize size() {
      return new org.real2sim.runtime.image.ImageSize(height, width);
    }

    /** Multiply-accumulates of G_RS + f for one image. */
    public long macs() {
      return Macs.of(ResnetGenerator.spec(generator), height, width).total()
          + expert.macs(height, width);
    }
  }

  /**
   * Latencies of one runtime in milliseconds.
   *
   * @param p50 the median wall-clock time of a call
   * @param mean the mean wall-clock time
   * @param cpu the mean CPU time of the process per call (all threads): what a call costs,
   *     independent of how long it waited for a core on a loaded machine
   */
  public record Timing(double p50, double mean, double cpu) {}

  /**
   * One measured row.
   *
   * @param c the case
   * @param threads intra-op threads of both runtimes
   * @param ort ONNX Runtime's latencies
   * @param tf TensorFlow Java's latencies
   * @param agreement the fraction of equal predictions (pixels or classes) of the two runtimes
   */
  public record Row(Case c, int threads, Timing ort, Timing tf, double agreement) {

    /** TF p50 / ORT p50. */
    public double speedup() {
      return tf.p50() / ort.p50();
    }

    /** TF CPU time / ORT CPU time per call. */
    public double cpuSpeedup() {
      return tf.cpu() / ort.cpu();
    }

    /** Achieved GFLOP/s of ONNX Runtime at its median latency. */
    public double ortGflops() {
      return 2.0 * c.macs() / (ort.p50() * 1e6);
    }

    /** Achieved GFLOP/s of TensorFlow at its median latency. */
    public double tfGflops() {
      return 2.0 * c.macs() / (tf.p50() * 1e6);
    }
  }

  /**
   * How to measure.
   *
   * @param threads the intra-op thread counts to measure, e.g. 1 and 2
   * @param warmup untimed calls before timing
   * @param iterations timed calls
   * @param seed seed of the weights and of the image
   */
  public record Settings(List<Integer> threads, int warmup, int iterations, long seed) {

    /** Checks the numbers. */
    public Settings {
      if (threads == null || threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
        throw new IllegalArgumentException("threads must list counts >= 1, found " + threads);
      }
      if (warmup < 0 || iterations < 1) {
        throw new IllegalArgumentException(
            "warmup must be >= 0 and iterations >= 1, found " + warmup + " and " + iterations);
      }
      threads = List.copyOf(threads);
    }
  }

  private InferenceBenchmark() {}

  /**
   * The cases of a preset: {@code quick} uses the architectures of the shapes-quick and
   * streets-quick presets (G_RS ngf 16 with 3 blocks; ResNet-18 of width 16 with 10 classes;
   * DeepLabV3-ResNet-18 of width 16, stride 8, ASPP 64, 13 classes), {@code paper} the paper's
   * (G_RS ngf 64 with 9 blocks; ResNet-18 of width 64; DeepLabV3-ResNet-101, stride 8, ASPP 256).
   * Sizes (height × width): shapes 64×64, streets 128×256 and 256×512.
   */
  public static List<Case> cases(String preset) {
    boolean paper;
    switch (preset) {
      case "quick" -> paper = false;
      case "paper" -> paper = true;
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + preset + "', expected one of [quick, paper]");
    }
    ResnetGenerator.Config g =
        paper ? ResnetGenerator.Config.resnet9Blocks() : new ResnetGenerator.Config(16, 3, 3, 3);
    ExpertArchitecture shapes =
        new ExpertArchitecture.Classifier(new ResNet.Config(18, paper ? 64 : 16, 10, 3));
    ExpertArchitecture streets =
        new ExpertArchitecture.Segmenter(
            new DeepLabV3.Config(
                paper ? 101 : 18,
                paper ? 64 : 16,
                13,
                3,
                8,
                paper ? 256 : 64,
                DeepLabV3.Config.defaultRates(8),
                0.5));
    Normalization n = paper ? Normalization.IMAGENET : Normalization.SYMMETRIC;
    return List.of(
        new Case("shapes", g, shapes, n, 64, 64),
        new Case("streets", g, streets, n, 128, 256),
        new Case("streets", g, streets, n, 256, 512));
  }

  /**
   * Measures every case at every thread count; {@code onRow} sees each row as it is measured.
   *
   * @throws ExportException when a bundle cannot be built, {@link
   *     org.real2sim.runtime.PipelineException} or {@link
   *     org.real2sim.runtime.bundle.BundleException} when ONNX Runtime fails
   */
  public static List<Row> run(List<Case> cases, Settings s, Consumer<Row> onRow) {
    List<Row> rows = new ArrayList<>();
    for (Case c : cases) {
      ExportSpec spec = spec(c, s.seed());
      Path dir = null;
      try {
        dir = Files.createTempDirectory("real2sim-bench-");
        Path bundle = dir.resolve("bundle");
        BundleWriter.write(
            bundle,
            PipelineExporter.model(spec),
            PipelineExporter.manifest(spec),
            PipelineExporter.modelOptions(spec).externalDataThreshold());
        SampleImages image = SampleImages.seededRandom(1, c.height(), c.width(), s.seed());
        RgbImage rgb = new RgbImage(c.height(), c.width(), image.rgb());
        for (int t : s.threads()) {
          Timing ort;
          Timing tfTime;
          long[] ortPred;
          long[] tfPred;
          try (Pipeline p =
                  Pipeline.open(bundle, Options.defaults().intraOpThreads(t).scores(true));
              TfInference tf =
                  TfInference.open(spec, t, new long[] {1, c.height(), c.width(), 3})) {
            Timing[] both =
                InterleavedTimer.time(
                    s, () -> predictions(p, spec.task(), rgb), () -> tf.run(image, true, false));
            ort = both[0];
            tfTime = both[1];
            ortPred = predictions(p, spec.task(), rgb);
            tfPred = tf.run(image, false, false).predictions();
          }
          Row row = new Row(c, t, ort, tfTime, agreement(ortPred, tfPred));
          rows.add(row);
          onRow.accept(row);
        }
      } catch (IOException e) {
        throw new ExportException("Cannot write a benchmark bundle: " + e.getMessage(), e);
      } finally {
        FileTrees.deleteQuietly(dir);
      }
    }
    return rows;
  }

  /** The fused model of {@code c} with seeded weights, as the benchmark's bundle holds it. */
  public static ai.onnx.proto.OnnxMl.ModelProto model(Case c, long seed) {
    return PipelineExporter.model(spec(c, seed));
  }

  private static ExportSpec spec(Case c, long seed) {
    List<String> classes = new ArrayList<>();
    for (int i = 0; i < c.expert().numClasses(); i++) {
      classes.add("class_" + i);
    }
    return ExportSpec.builder(BundlePart.PIPELINE)
        .classes(classes)
        .generator(c.generator())
        .expert(c.expert(), c.normalization())
        .weights(
            SeededWeights.of(
                c.generator(), Names.G_RS, c.expert(), Names.EXPERT, c.normalization(), seed))
        .inputPolicy(InputPolicy.fixed(c.height(), c.width(), InputPolicy.OnMismatch.REJECT))
        .translated(false)
        .build();
  }

  private static long[] predictions(Pipeline p, Task task, RgbImage rgb) {
    if (task == Task.SEGMENTATION) {
      byte[] mask = p.segment(rgb).mask();
      long[] out = new long[mask.length];
      for (int i = 0; i < mask.length; i++) {
        out[i] = mask[i] & 0xff;
      }
      return out;
    }
    return new long[] {p.classify(rgb).classId()};
  }

  private static double agreement(long[] a, long[] b) {
    if (a.length != b.length) {
      return 0;
    }
    long same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return same / (double) a.length;
  }
}

package org.real2sim.tools.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.exporter.parity.ParityChecker;
import org.real2sim.exporter.parity.ParityTolerance;
import org.real2sim.exporter.parity.SampleImages;
import org.real2sim.exporter.pipeline.CheckpointWeights;
import org.real2sim.exporter.pipeline.ExportResult;
import org.real2sim.exporter.pipeline.ExportSpec;
import org.real2sim.exporter.pipeline.PipelineExporter;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.eval.Evaluation;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.stage.Networks;
import org.real2sim.trainer.stage.Stage;
import org.real2sim.trainer.stage.StageState;

/**
 * Exports a finished training run as a bundle: reads the run's {@code config.json}, its checkpoints
 * and {@code results.json}, maps the configuration to the networks exactly as the trainer does
 * ({@link Networks}), loads the run's real validation images (resized to the run's size, as the
 * evaluation saw them) for the parity check, and hands an {@link ExportSpec} to {@link
 * PipelineExporter}.
 *
 * <p>Checkpoints: the generator from the chosen stage ({@code taskaware} by default, the method;
 * {@code cyclegan} or {@code cyclegan-continued} for M1, {@code alpha0-control} for the α = 0
 * control, {@code m1-continued} for an older run's control), the expert from {@code expert}; each
 * stage's {@code best} pointer, or {@code latest} when a stage has no best. This is the reusable
 * entry point of the {@code export} command and of scripted jobs.
 */
public final class RunExporter {

  /** The generator stages a pipeline or generator bundle can take G_RS from. */
  public static final List<String> GENERATOR_STAGES = Stage.folders(Stage.generatorStages());

  /** The stage holding the expert f. */
  public static final String EXPERT_STAGE = Stage.EXPERT.folder();

  /**
   * What was exported.
   *
   * @param result the exporter's result (bundle, manifest, parity)
   * @param generatorCheckpoint the checkpoint G_RS was read from, or null
   * @param expertCheckpoint the checkpoint f was read from, or null
   * @param samples where the parity images came from
   */
  public record Report(
      ExportResult result, Path generatorCheckpoint, Path expertCheckpoint, String samples) {}

  private RunExporter() {}

  /**
   * Exports the run in {@code runDir} to {@code out} ({@code runDir/bundle} when null); progress
   * lines go to {@code log}.
   *
   * @throws ExportException when the run is incomplete, a checkpoint is missing or damaged, or the
   *     export or its parity check fails (messages name the file or the numbers)
   */
  public static Report export(Path runDir, Path out, ExportOptions options, PrintStream log) {
    RunDir run = new RunDir(runDir);
    if (!Files.isRegularFile(run.config())) {
      throw new ExportException(
          "No training run at " + runDir + ": " + run.config() + " does not exist");
    }
    RunConfig config;
    try {
      config = ConfigLoader.read(run.config());
    } catch (RuntimeException e) {
      throw new ExportException("Cannot read " + run.config() + ": " + e.getMessage(), e);
    }
    Dataset real = ParityImages.openReal(config, log);
    List<String> classes = classes(runDir, real);
    List<String> palette = real == null ? List.of() : palette(real);
    Normalization norm = Networks.normalization(config.stageA());
    ExpertArchitecture expert = expertArchitecture(config, classes.size());
    ResnetGenerator.Config generator =
        new ResnetGenerator.Config(config.stageB().ngf(), config.stageB().nBlocks(), 3, 3);
    BundlePart part = options.part();
    Map<String, Weights> weights = new LinkedHashMap<>();
    Path gCkpt = null;
    Path eCkpt = null;
    if (part != BundlePart.EXPERT) {
      gCkpt = checkpoint(runDir, options.generatorStage());
      weights.putAll(CheckpointWeights.read(gCkpt, Names.G_RS));
      log.println("export: G_RS from " + runDir.relativize(gCkpt));
    }
    if (part != BundlePart.GENERATOR) {
      eCkpt = checkpoint(runDir, EXPERT_STAGE);
      weights.putAll(CheckpointWeights.read(eCkpt, Names.EXPERT));
      log.println("export: f from " + runDir.relativize(eCkpt) + ", " + expert.describe());
    }
    int h = config.data().height();
    int w = config.data().width();
    ExportSpec.Builder b =
        ExportSpec.builder(part)
            .task(expert.task())
            .classes(classes)
            .palette(palette)
            .generator(generator)
            .expert(expert, norm)
            .weights(weights)
            .opset(options.opset())
            .fp16(options.fp16())
            .translated(options.translated())
            .provenance(BundleProvenance.provenance(run, config, options.generatorStage()));
    boolean inGraph = options.policy() == ExportOptions.PolicyMode.FIXED;
    if (inGraph) {
      b.resizeTo(h, w);
    } else {
      b.inputPolicy(policy(options, part, h, w));
    }
    ExportSpec spec = b.build();
    String[] source = new String[1];
    SampleImages samples = ParityImages.samples(config, real, options.samples(), source);
    List<SampleImages> groups = new ArrayList<>();
    groups.add(samples);
    if (inGraph) {
      groups.addAll(ParityImages.fullSize(samples, config.seed()));
      source[0] += ", plus full-size noisy versions at " + ParityImages.FULL_SIZES + " (HxW)";
    }
    log.println("export: parity on " + source[0]);
    Path target = out == null ? run.bundle() : out;
    ExportResult result =
        PipelineExporter.export(
            spec,
            target,
            groups,
            new ParityChecker.Options(
                    ParityTolerance.forWeights(options.fp16()), options.threads(), 4)
                .withReference(TrainerPreprocessing.INSTANCE));
    return new Report(result, gCkpt, eCkpt, source[0]);
  }

  /**
   * The expert architecture the trainer builds for {@code config} with {@code numClasses} classes
   * ({@link Networks#expert(org.real2sim.trainer.config.ExpertConfig, int,
   * java.util.function.Function, java.util.function.Function)}, so that both agree by construction;
   * no graph is built).
   */
  public static ExpertArchitecture expertArchitecture(RunConfig config, int numClasses) {
    return Networks.expert(
        config.stageA(),
        numClasses,
        ExpertArchitecture.Classifier::new,
        ExpertArchitecture.Segmenter::new);
  }

  /**
   * The checkpoint of a finished stage: its {@code best} pointer, else {@code latest}.
   *
   * @throws ExportException naming the stage folder when it has no {@code done.json} (a stage that
   *     never finished is not exported) or no checkpoint
   */
  public static Path checkpoint(Path runDir, String stage) {
    Path root = new RunDir(runDir).stage(stage);
    if (!Files.isRegularFile(root.resolve(StageState.DONE))) {
      throw new ExportException(
          "Run "
              + runDir
              + ": stage '"
              + stage
              + "' has not finished ("
              + root.resolve(StageState.DONE)
              + " is missing), so its checkpoints are not the trained networks; finish it with"
              + " `real2sim run --resume` (or the stage's train command) before exporting");
    }
    try {
      if (Files.isRegularFile(root.resolve(CheckpointFolder.BEST))) {
        return CheckpointFolder.resolve(root, CheckpointFolder.BEST);
      }
      return Checkpoints.resolve(root);
    } catch (IOException e) {
      throw new ExportException(
          "Run "
              + runDir
              + " has no usable '"
              + stage
              + "' checkpoint ("
              + e.getMessage()
              + "); train that stage first",
          e);
    }
  }

  /** The input policy of {@code options} for a run trained at {@code h × w}. */
  static InputPolicy policy(ExportOptions options, BundlePart part, int h, int w) {
    if (options.policy() == ExportOptions.PolicyMode.FIXED) {
      return InputPolicy.fixed(h, w, InputPolicy.OnMismatch.RESIZE);
    }
    boolean generator = part != BundlePart.EXPERT;
    int multiple = generator ? ResnetGenerator.SIDE_MULTIPLE : 1;
    int min = generator ? ResnetGenerator.MIN_SIDE : 1;
    return InputPolicy.multipleOf(multiple, min, options.maxSide(), InputPolicy.OnMismatch.RESIZE);
  }

  /**
   * The class names: the real data set's (when readable), else {@code results.json}'s.
   *
   * @throws ExportException when neither is available
   */
  static List<String> classes(Path runDir, Dataset real) {
    if (real != null) {
      return real.classNames();
    }
    Path results = runDir.resolve(Evaluation.RESULTS);
    if (Files.isRegularFile(results)) {
      try {
        JsonNode root = new ObjectMapper().readTree(results.toFile());
        List<String> out = new ArrayList<>();
        root.path("classes").forEach(c -> out.add(c.asText()));
        if (!out.isEmpty()) {
          return out;
        }
      } catch (IOException e) {
        throw new ExportException("Cannot read " + results + ": " + e.getMessage(), e);
      }
    }
    throw new ExportException(
        "Cannot tell the class names: the real data set is not readable and "
            + results
            + " lists none");
  }

  private static List<String> palette(Dataset d) {
    List<String> out = new ArrayList<>();
    for (int rgb : d.palette()) {
      out.add(String.format(Locale.ROOT, "#%06x", rgb & 0xffffff));
    }
    return out;
  }
}

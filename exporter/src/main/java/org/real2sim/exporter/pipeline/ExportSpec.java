package org.real2sim.exporter.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.real2sim.exporter.ExportException;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.Weights;
import org.real2sim.runtime.bundle.BundlePart;
import org.real2sim.runtime.bundle.InputPolicy;
import org.real2sim.runtime.bundle.Preprocessing;
import org.real2sim.runtime.bundle.Provenance;
import org.real2sim.runtime.bundle.Task;

/**
 * Everything an export needs, explicitly: which part, the task and classes, both architectures and
 * the expert's normalisation, the weights by variable name, the input policy, the ONNX opset, the
 * weight precision, and the provenance to stamp into the bundle. Built with {@link #builder}; the
 * compact constructor checks that the pieces fit together and names the field that does not.
 *
 * @param part {@code pipeline} (G_RS then f), {@code expert} (f alone, baseline M2) or {@code
 *     generator} (G_RS alone)
 * @param task what the expert predicts (also recorded for a generator bundle)
 * @param classes class names in class-id order; as many as the expert has outputs
 * @param palette one {@code #rrggbb} colour per class, or empty
 * @param generator G_RS's architecture; required unless {@code part} is {@code expert}
 * @param expert f's architecture; required unless {@code part} is {@code generator}
 * @param normalization f's input normalisation; required with an expert
 * @param weights the weights of both networks by variable name ({@code g_rs/in/kernel}, {@code
 *     expert/fc/bias}, …); other networks' weights may be present and are ignored
 * @param generatorName the generator's variable root, {@value Names#G_RS} by default
 * @param expertName the expert's variable root, {@value Names#EXPERT} by default ({@value
 *     Names#F_R} exports M3)
 * @param inputPolicy the image sizes the runtime feeds the graph; the graph itself keeps N, H and W
 *     dynamic ({@code any} when {@code preprocessing} is set)
 * @param preprocessing when not null, the graph resizes every image to this network input size
 *     itself (with the training filter), so it takes images of any size; needs opset 18
 * @param opset ONNX default-domain opset, 17 to 22
 * @param fp16 store weights as float16 (computation stays float32); parity uses its own tolerance
 * @param translated add the {@code translated} output (pipeline only; a generator bundle always has
 *     it)
 * @param provenance config, seed, code version and metrics of the run
 */
public record ExportSpec(
    BundlePart part,
    Task task,
    List<String> classes,
    List<String> palette,
    ResnetGenerator.Config generator,
    ExpertArchitecture expert,
    Normalization normalization,
    Map<String, Weights> weights,
    String generatorName,
    String expertName,
    InputPolicy inputPolicy,
    Preprocessing preprocessing,
    int opset,
    boolean fp16,
    boolean translated,
    Provenance provenance) {

  /** Checks that the fields fit together; messages name the field, the value and the rule. */
  public ExportSpec {
    Objects.requireNonNull(part, "part");
    if (task == null) {
      throw new ExportException("task is required (segmentation or classification)");
    }
    if (classes == null || classes.isEmpty()) {
      throw new ExportException("classes must name at least one class, found " + classes);
    }
    classes = List.copyOf(classes);
    palette = palette == null ? List.of() : List.copyOf(palette);
    if (!palette.isEmpty() && palette.size() != classes.size()) {
      throw new ExportException(
          "palette has "
              + palette.size()
              + " colours but there are "
              + classes.size()
              + " classes");
    }
    boolean needsGenerator = part != BundlePart.EXPERT;
    boolean needsExpert = part != BundlePart.GENERATOR;
    if (needsGenerator && generator == null) {
      throw new ExportException(
          "A " + part.jsonName() + " export needs the generator's architecture");
    }
    if (needsExpert && expert == null) {
      throw new ExportException("A " + part.jsonName() + " export needs the expert's architecture");
    }
    if (needsExpert && normalization == null) {
      throw new ExportException(
          "A " + part.jsonName() + " export needs the expert's normalisation");
    }
    if (!needsGenerator) {
      generator = null;
    }
    if (!needsExpert) {
      expert = null;
    }
    ExportSpecChecks.expertFits(expert, task, classes);
    if (generator != null && (generator.inChannels() != 3 || generator.outChannels() != 3)) {
      throw new ExportException(
          "The generator must map RGB to RGB, found "
              + generator.inChannels()
              + " input and "
              + generator.outChannels()
              + " output channels");
    }
    if (task == Task.SEGMENTATION && classes.size() > 255) {
      throw new ExportException("A uint8 mask holds at most 255 classes, found " + classes.size());
    }
    if (weights == null || weights.isEmpty()) {
      throw new ExportException("weights are required, found none");
    }
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    generatorName = generatorName == null ? Names.G_RS : generatorName;
    expertName = expertName == null ? Names.EXPERT : expertName;
    ExportSpecChecks.inputPolicy(inputPolicy, preprocessing, opset, generator != null);
    if (opset < 17 || opset > 22) {
      throw new ExportException(
          "opset "
              + opset
              + " is not supported: the exporter writes opset 17 to 22 (Resize, Pad and"
              + " Shape slicing need at least 17's forms)");
    }
    translated = part == BundlePart.GENERATOR || (part == BundlePart.PIPELINE && translated);
    provenance = provenance == null ? Provenance.EMPTY : provenance;
  }

  /**
   * A builder for {@code part} with the defaults: opset 18, float32, translated output on, no
   * in-graph resize.
   */
  public static Builder builder(BundlePart part) {
    return new Builder(part);
  }

  /** Whether the graph contains the generator. */
  public boolean hasGenerator() {
    return generator != null;
  }

  /** Whether the graph contains the expert. */
  public boolean hasExpert() {
    return expert != null;
  }

  /** Builds an {@link ExportSpec}; every setter returns the builder. */
  public static final class Builder {
    private final BundlePart part;
    private Task task;
    private List<String> classes;
    private List<String> palette = List.of();
    private ResnetGenerator.Config generator;
    private ExpertArchitecture expert;
    private Normalization normalization;
    private Map<String, Weights> weights;
    private String generatorName = Names.G_RS;
    private String expertName = Names.EXPERT;
    private InputPolicy inputPolicy;
    private Preprocessing preprocessing;
    private int opset = 18;
    private boolean fp16;
    private boolean translated = true;
    private Provenance provenance = Provenance.EMPTY;

    private Builder(BundlePart part) {
      this.part = part;
    }

    /** The task; taken from the expert when not set. */
    public Builder task(Task v) {
      task = v;
      return this;
    }

    /** Class names in id order. */
    public Builder classes(List<String> v) {
      classes = v;
      return this;
    }

    /** One {@code #rrggbb} colour per class (optional). */
    public Builder palette(List<String> v) {
      palette = v;
      return this;
    }

    /** G_RS's architecture. */
    public Builder generator(ResnetGenerator.Config v) {
      generator = v;
      return this;
    }

    /** f's architecture and normalisation. */
    public Builder expert(ExpertArchitecture v, Normalization n) {
      expert = v;
      normalization = n;
      return this;
    }

    /** The weights by variable name. */
    public Builder weights(Map<String, Weights> v) {
      weights = v;
      return this;
    }

    /** The generator's variable root (default {@value Names#G_RS}). */
    public Builder generatorName(String v) {
      generatorName = v;
      return this;
    }

    /** The expert's variable root (default {@value Names#EXPERT}). */
    public Builder expertName(String v) {
      expertName = v;
      return this;
    }

    /**
     * The input policy recorded in {@code bundle.json}; an explicit policy means the graph does not
     * resize (it clears {@link #resizeTo}).
     */
    public Builder inputPolicy(InputPolicy v) {
      inputPolicy = v;
      preprocessing = null;
      return this;
    }

    /**
     * The graph resizes every image to {@code height × width} (the training size) itself and takes
     * images of any size: sets the input policy to {@code any}.
     */
    public Builder resizeTo(int height, int width) {
      preprocessing = new Preprocessing(height, width, Preprocessing.Resize.ANTIALIASED_LINEAR);
      inputPolicy = InputPolicy.any();
      return this;
    }

    /** The ONNX opset (default 18). */
    public Builder opset(int v) {
      opset = v;
      return this;
    }

    /** float16 weights (default false). */
    public Builder fp16(boolean v) {
      fp16 = v;
      return this;
    }

    /** The {@code translated} output of a pipeline (default true). */
    public Builder translated(boolean v) {
      translated = v;
      return this;
    }

    /** The provenance (default empty). */
    public Builder provenance(Provenance v) {
      provenance = v;
      return this;
    }

    /** The checked spec. */
    public ExportSpec build() {
      Task t = task != null ? task : expert != null ? expert.task() : null;
      return new ExportSpec(
          part,
          t,
          classes,
          palette,
          generator,
          expert,
          normalization,
          weights,
          generatorName,
          expertName,
          inputPolicy,
          preprocessing,
          opset,
          fp16,
          translated,
          provenance);
    }
  }
}

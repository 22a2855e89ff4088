package org.real2sim.runtime;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.runtime.bundle.BundleManifest;
import org.real2sim.runtime.bundle.Task;

/**
 * What a bundle can answer, and its answers: refuses a call the bundle cannot serve (segment or
 * classify on a bundle of the other task or without an expert, translate without a translated
 * output) before anything runs, and turns a run's {@link Inference.Raw} outputs into the public
 * results of its task.
 */
final class TaskResults {

  private final BundleManifest manifest;
  private final String source;

  /** Results of {@code manifest}'s bundle; {@code source} names it in messages. */
  TaskResults(BundleManifest manifest, String source) {
    this.manifest = manifest;
    this.source = source;
  }

  /**
   * Refuses {@code call} unless the bundle predicts {@code task}.
   *
   * @throws IllegalStateException naming the call, the bundle and what it holds
   */
  void requireTask(Task task, String call) {
    if (!manifest.part().predicts()) {
      throw new IllegalStateException(
          call
              + " needs a pipeline or expert bundle; "
              + source
              + " holds the generator only: use translate");
    }
    if (manifest.task() != task) {
      throw new IllegalStateException(
          call
              + " needs a "
              + task.jsonName()
              + " bundle; "
              + source
              + " is for "
              + manifest.task().jsonName());
    }
  }

  /**
   * Refuses {@code translate} unless the pipeline returns translated images.
   *
   * @throws IllegalStateException naming the bundle and its part
   */
  void requireTranslated(boolean withTranslated) {
    if (!withTranslated) {
      throw new IllegalStateException(
          "translate needs a generator bundle or Options.translated(true); "
              + source
              + " is a "
              + manifest.part().jsonName()
              + " bundle opened without it");
    }
  }

  /** The segmentation results of a run. */
  List<SegmentationResult> segmentations(Inference.Raw[] raw) {
    List<SegmentationResult> out = new ArrayList<>(raw.length);
    for (Inference.Raw r : raw) {
      out.add(
          new SegmentationResult(
              r.height,
              r.width,
              r.mask,
              manifest.numClasses(),
              r.scores,
              r.netHeight,
              r.netWidth,
              r.translated,
              r.timing));
    }
    return out;
  }

  /** The classification results of a run; a class id outside the manifest's classes fails. */
  List<ClassificationResult> classifications(Inference.Raw[] raw) {
    List<ClassificationResult> out = new ArrayList<>(raw.length);
    for (Inference.Raw r : raw) {
      int id = (int) r.classId;
      if (id < 0 || id >= manifest.numClasses()) {
        throw new PipelineException(
            "Model of "
                + source
                + " returned class id "
                + r.classId
                + ", outside [0, "
                + manifest.numClasses()
                + ")");
      }
      out.add(
          new ClassificationResult(id, manifest.className(id), r.scores, r.translated, r.timing));
    }
    return out;
  }

  /** The translation results of a run. */
  List<TranslationResult> translations(Inference.Raw[] raw) {
    List<TranslationResult> out = new ArrayList<>(raw.length);
    for (Inference.Raw r : raw) {
      out.add(new TranslationResult(r.translated, r.timing));
    }
    return out;
  }
}

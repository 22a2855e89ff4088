package org.real2sim.trainer.stage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.config.ConfigText;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.LabeledSubset;
import org.real2sim.trainer.eval.Evaluator;
import org.real2sim.trainer.run.CodeVersion;
import org.real2sim.trainer.run.EventWriter;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.run.RunDir;
import org.real2sim.trainer.run.RunProvenance;
import org.real2sim.trainer.util.ProgressBar;

/**
 * What every stage of one run shares: the configuration, the run directory, the two data sets
 * (opened and validated once), the labeled real subset, the metrics log, the TensorBoard writer and
 * the console. Creating the first context of a run writes the effective configuration into the run
 * directory ({@code config.json}, {@code config.txt} with non-defaults marked); later commands on
 * the run never rewrite it (the CLI refuses a configuration that differs from it in anything that
 * would make finished stages stale, see {@code cli.ConfigCheck}).
 *
 * <p>Owns the event writer; close the context when the run ends.
 */
public final class TrainContext implements AutoCloseable {

  private final RunConfig config;
  private final RunDir run;
  private final PrintStream out;
  private final boolean resume;
  private final MetricsLog metrics;
  private final CodeVersion codeVersion;

  /** One TensorBoard run folder per stage; shared by the lanes, so guarded by itself. */
  private final Map<String, EventWriter> events;

  private final TrainContext parent;
  private final int cores;
  private int lanes = 1;
  private Dataset synthetic;
  private Dataset real;
  private LabeledSubset labeled;

  /**
   * A context for a run.
   *
   * @param resume continue stages from their latest checkpoint instead of refusing to overwrite
   */
  public TrainContext(RunConfig config, RunDir run, PrintStream out, boolean resume) {
    this.config = config;
    this.run = run.create();
    this.out = out;
    this.resume = resume;
    this.metrics = new MetricsLog(run.metrics());
    this.parent = null;
    this.cores = Runtime.getRuntime().availableProcessors();
    this.events = new LinkedHashMap<>();
    try {
      if (!Files.exists(run.config())) {
        ConfigText.write(config, run.root());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration into " + run.root(), e);
    }
    this.codeVersion = CodeVersion.current();
    RunProvenance.recordStart(this.run, codeVersion);
  }

  /** The code version (git commit and dirty flag) this command runs, recorded at its start. */
  public CodeVersion codeVersion() {
    return codeVersion;
  }

  /**
   * Records in {@code provenance.json} that {@code stage} starts (or resumes) training with this
   * command's code version, and writes the stage's hyperparameters ({@code hparams}, plus stage,
   * seed and code version) to its TensorBoard run folder for the HParams dashboard.
   */
  public void stageStarted(String stage, Map<String, ?> hparams) {
    synchronized (events) { // lanes start stages concurrently; provenance.json is read-modify-write
      RunProvenance.recordStage(run, stage, codeVersion);
    }
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("stage", stage);
    h.putAll(hparams);
    h.put("seed", config.seed());
    h.put("code_version", codeVersion.toString());
    events(stage).hparams(h);
  }

  /** The configuration. */
  public RunConfig config() {
    return config;
  }

  /** The run directory. */
  public RunDir run() {
    return run;
  }

  /** The console. */
  public PrintStream out() {
    return out;
  }

  /** Whether stages continue from their latest checkpoint. */
  public boolean resume() {
    return resume;
  }

  /** {@code metrics.jsonl}. */
  public MetricsLog metrics() {
    return metrics;
  }

  /** A lane's view of {@code parent}: everything shared but the console and the cores. */
  private TrainContext(TrainContext parent, PrintStream out, int cores) {
    this.config = parent.config;
    this.run = parent.run;
    this.out = out;
    this.resume = parent.resume;
    this.metrics = parent.metrics;
    this.parent = parent;
    this.cores = cores;
    this.events = parent.events;
    this.codeVersion = parent.codeVersion;
    this.synthetic = parent.synthetic();
    this.real = parent.real();
    this.labeled = parent.labeled();
  }

  /**
   * A view of this context for one of several stages running at the same time: the same run, data,
   * labeled subset, metrics log and event writer (opened here, before the lanes start), its own
   * console {@code out} and {@code cores} of the machine's cores. With {@code threads} 0 its stages
   * use {@code cores} threads.
   */
  public TrainContext lane(PrintStream out, int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("a lane needs at least 1 core, found " + cores);
    }
    return new TrainContext(this, out, cores);
  }

  /** How many independent stages {@link Stages#runAll} runs at a time (1 = in order). */
  public int lanes() {
    return lanes;
  }

  /**
   * Sets {@link #lanes()}.
   *
   * @param n 1 or more
   */
  public TrainContext lanes(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("lanes must be >= 1, found " + n);
    }
    this.lanes = n;
    return this;
  }

  /**
   * TensorFlow intra-op threads: {@code threads} of the configuration, or when that is 0 (all
   * cores) this context's {@link #cores()}.
   */
  public int threads() {
    return config.threads() > 0 ? config.threads() : (parent == null ? 0 : cores);
  }

  /** The cores this context's stages may use: every core, or a lane's share. */
  public int cores() {
    return cores;
  }

  /**
   * The TensorBoard writer of one stage (or sweep point): its own run folder {@code
   * events/<stage>/} (e.g. {@code events/taskaware}, {@code events/sweep/alpha-0.50}), so that
   * TensorBoard shows each as a run whose curves can be overlaid. Opened on first use; tags carry
   * no stage prefix.
   */
  public EventWriter events(String stage) {
    synchronized (events) {
      return events.computeIfAbsent(stage, s -> new EventWriter(run.events().resolve(s)));
    }
  }

  /** A progress bar on this context's console. */
  public ProgressBar progress(String task, long total) {
    return ProgressBar.on(task, total, out);
  }

  /**
   * An evaluator over {@code samples} of {@code data} as the configuration says: images resized to
   * data.width × data.height, eval.batchSize, eval.maxImages, eval.resolution, data.maxPixels.
   */
  public Evaluator evaluator(Dataset data, List<org.real2sim.trainer.data.Sample> samples) {
    return new Evaluator(
        data,
        samples,
        config.data().height(),
        config.data().width(),
        config.eval().batchSize(),
        config.data().loaderThreads(),
        config.eval().maxImages(),
        config.data().maxPixels(),
        config.eval().labelResolution());
  }

  /** The synthetic domain S, opened and validated on first use. */
  public Dataset synthetic() {
    if (synthetic == null) {
      synthetic = DomainOpener.open(this, "synthetic", config.data().synthetic());
      checkSameClasses();
    }
    return synthetic;
  }

  /** The real domain R, opened and validated on first use. */
  public Dataset real() {
    if (real == null) {
      real = DomainOpener.open(this, "real", config.data().real());
      checkSameClasses();
    }
    return real;
  }

  /** The expert is trained on S and applied to R: both must use the same classes in one order. */
  private void checkSameClasses() {
    if (synthetic != null && real != null && !synthetic.classNames().equals(real.classNames())) {
      throw new TrainingException(
          "data.synthetic ("
              + config.data().synthetic().root()
              + ") has classes "
              + synthetic.classNames()
              + " but data.real ("
              + config.data().real().root()
              + ") has "
              + real.classNames()
              + "; both domains must use one label protocol");
    }
  }

  /** The task of the run. */
  public Task task() {
    return config.data().segmentation() ? Task.SEGMENTATION : Task.CLASSIFICATION;
  }

  /**
   * The labeled real subset: read from {@code data.labeledSubset} or the run's own {@code
   * labeled_subset.txt} when present, else drawn from the seed and written there.
   */
  public LabeledSubset labeled() {
    if (labeled != null) {
      return labeled;
    }
    Dataset r = real();
    String split = config.data().real().trainSplit();
    Path own = run.labeledSubset();
    try {
      if (!config.data().labeledSubset().isEmpty()) {
        labeled = LabeledSubset.read(Path.of(config.data().labeledSubset()), r, split);
        if (!Files.exists(own)) {
          labeled.write(own);
        }
      } else if (Files.exists(own)) {
        labeled = LabeledSubset.read(own, r, split);
      } else {
        labeled =
            config.data().labeledCount() > 0
                ? LabeledSubset.byCount(r, split, config.data().labeledCount(), config.seed())
                : LabeledSubset.byFraction(
                    r, split, config.data().labeledFraction(), config.seed());
        labeled.write(own);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + own, e);
    }
    return labeled;
  }

  @Override
  public void close() {
    if (parent != null) {
      return; // the parent owns the event writers
    }
    synchronized (events) {
      for (EventWriter w : events.values()) {
        w.close();
      }
      events.clear();
    }
  }
}

package org.real2sim.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.real2sim.tools.sweep.SweepPlan;
import org.real2sim.tools.sweep.SweepPoint;
import org.real2sim.tools.sweep.SweepResults;
import org.real2sim.tools.sweep.SweepSkip;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.stage.Method;
import org.real2sim.trainer.stage.Stage;

/**
 * Turns a {@link RunData} into the report document, writing the plots into {@code plots/} and
 * copying the best sample grids into {@code samples/} of the output folder on the way. Everything
 * the run lacks is stated in its section and collected in {@link #missing()}.
 */
final class ReportBuilder {

  /** The plot folder inside the report folder. */
  static final String PLOTS = "plots";

  /** The sample-grid folder inside the report folder. */
  static final String SAMPLES = "samples";

  /** The stages of a run (not sweep points), in the order the report shows them. */
  static final List<String> MAIN_STAGES = Stage.folders(List.of(Stage.values()));

  private final RunData data;
  private final Path out;
  private final List<String> missing = new ArrayList<>();
  private final List<Path> plots = new ArrayList<>();
  private final String metricName;

  /**
   * A builder for {@code data} writing its files into {@code out}.
   *
   * @param out the folder that becomes the report folder
   */
  ReportBuilder(RunData data, Path out) {
    this.data = data;
    this.out = out;
    this.metricName = Metric.labelOf(data.metric());
  }

  /** What the run lacks, one sentence each (filled by {@link #build}). */
  List<String> missing() {
    return List.copyOf(missing);
  }

  /** The plot files written (filled by {@link #build}), PNG and SVG. */
  List<Path> plots() {
    return List.copyOf(plots);
  }

  /** Builds the document, writing plots and copying sample grids. */
  Doc build() throws IOException {
    Doc doc = new Doc("real2sim report: " + data.name());
    doc.paragraph(
        "Run directory `"
            + data.root()
            + "`; task "
            + (data.task().isEmpty() ? "unknown" : data.task())
            + ", metric "
            + metricName
            + ". Written "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " from the run directory alone; `real2sim report "
            + data.root()
            + "` rebuilds it.");
    methods(doc);
    perClass(doc);
    domainGap(doc);
    alphaSweep(doc);
    labeledSweep(doc);
    trainingCurves(doc);
    samples(doc);
    bundle(doc);
    configuration(doc);
    doc.section("Missing pieces");
    List<String> all = new ArrayList<>(missing);
    all.addAll(data.problems());
    if (all.isEmpty()) {
      doc.paragraph("None: every part of the report could be filled.");
    } else {
      doc.bullets(all);
    }
    return doc;
  }

  // ---------------------------------------------------------------- methods

  private void methods(Doc doc) {
    doc.section("Methods");
    if (data.methods().isEmpty()) {
      note(
          doc,
          "No method has been evaluated or trained yet (no results.json and no validation values in"
              + " metrics.jsonl).");
      return;
    }
    if (data.evaluated()) {
      doc.paragraph(
          "From `results.json` (`real2sim evaluate`): every method scored on the real validation"
              + " set, in-domain on the synthetic one. M1 and ours use the generator of their best"
              + " epoch, as the paper reports the best value during training.");
    } else {
      note(
          doc,
          "No results.json: the table shows the best validation value of each stage during"
              + " training (metrics.jsonl); M2 needs `real2sim evaluate`.");
    }
    double m1 = data.value(Method.M1.id());
    List<List<String>> rows = new ArrayList<>();
    for (MethodRow r : data.methods()) {
      String where = data.evaluated() ? r.checkpoint() : r.source();
      rows.add(
          List.of(
              r.method(),
              r.description(),
              pct(r.value()),
              r.method().equals(Method.M1.id()) || r.method().equals(Method.IN_DOMAIN.id())
                  ? ""
                  : pp(r.value() - m1),
              r.images() < 0 ? "" : String.valueOf(r.images()),
              where.isEmpty() ? "" : "`" + where + "`"));
    }
    doc.add(
        new Doc.Table(
            List.of(
                "method",
                "what",
                metricName + " (%)",
                "vs M1 (pp)",
                "images",
                data.evaluated() ? "checkpoint" : "source"),
            rows,
            Set.of(2, 3, 4)));
    double ours = data.value(Method.OURS.id());
    List<String> gains = new ArrayList<>();
    for (String ref : List.of(Method.M1.id(), Method.M2.id(), Method.M3.id())) {
      double v = data.value(ref);
      if (!Double.isNaN(ours) && !Double.isNaN(v)) {
        gains.add("ours − " + ref + ": " + pp(ours - v) + " pp");
      }
    }
    if (!gains.isEmpty()) {
      doc.bullets(gains);
    }
  }

  private boolean isMiou() {
    return data.metric().equals(Metric.MIOU.key());
  }

  private void perClass(Doc doc) {
    String title = isMiou() ? "Per-class IoU" : "Per-class accuracy (recall)";
    doc.section(title);
    List<MethodRow> rows = data.methods().stream().filter(r -> r.perClass().length > 0).toList();
    if (rows.isEmpty()) {
      note(doc, "No per-class values (no evaluated method).");
      return;
    }
    int k = rows.stream().mapToInt(r -> r.perClass().length).max().orElse(0);
    if (data.classes().isEmpty()) {
      missing.add("No class names (results.json is missing): classes are shown by id.");
    }
    List<String> header = new ArrayList<>(List.of("class"));
    rows.forEach(r -> header.add(r.method() + " (%)"));
    List<List<String>> table = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      List<String> line = new ArrayList<>();
      line.add(c < data.classes().size() ? data.classes().get(c) : "#" + c);
      for (MethodRow r : rows) {
        line.add(c < r.perClass().length ? pct(r.perClass()[c]) : "");
      }
      table.add(line);
    }
    doc.paragraph(
        "Values in percent; a dash marks a class without validation "
            + (isMiou() ? "pixels or predictions (IoU undefined)." : "images."));
    doc.add(new Doc.Table(header, table, range(1, header.size())));
  }

  private void domainGap(Doc doc) {
    doc.section("Domain gap");
    doc.paragraph(
        "As the paper's Table 1: the expert trained from scratch on the synthetic domain S, scored"
            + " in its own domain, out of domain on real images R (M2), and against the oracle"
            + " trained on all labeled real images.");
    List<List<String>> rows = new ArrayList<>();
    addGapRow(rows, Method.IN_DOMAIN.id(), "S → S", "f on synthetic validation images");
    addGapRow(rows, Method.M2.id(), "S → R", "out of domain: real images straight to f");
    addGapRow(rows, Method.M1.id(), "S → R", "through G_RS after CycleGAN only");
    addGapRow(rows, Method.OURS.id(), "S → R", "through the task-aware G_RS");
    addGapRow(rows, Method.M3.id(), "R (few labels) → R", "f_R on the labeled real images");
    addGapRow(rows, Method.ORACLE.id(), "R (all labels) → R", "f_R on all labeled real images");
    if (rows.isEmpty()) {
      note(doc, "No values for the domain-gap table (no evaluated method).");
      return;
    }
    doc.add(
        new Doc.Table(
            List.of("method", "train → test", "what", metricName + " (%)"), rows, Set.of(3)));
    double ood = data.value(Method.M2.id());
    double oracle = data.value(Method.ORACLE.id());
    double in = data.value(Method.IN_DOMAIN.id());
    double ours = data.value(Method.OURS.id());
    List<String> lines = new ArrayList<>();
    if (!Double.isNaN(in) && !Double.isNaN(ood)) {
      lines.add("drop from in-domain to out-of-domain (in-domain − M2): " + pp(in - ood) + " pp");
    }
    if (!Double.isNaN(oracle) && !Double.isNaN(ood)) {
      lines.add("domain gap (oracle − out-of-domain M2): " + pp(oracle - ood) + " pp");
      if (!Double.isNaN(ours) && oracle > ood) {
        lines.add(
            String.format(
                Locale.ROOT,
                "share of the gap closed by ours, (ours − M2) / (oracle − M2): %.1f %%",
                100 * (ours - ood) / (oracle - ood)));
      }
    } else if (Double.isNaN(oracle)) {
      note(
          doc,
          "No oracle: the gap to the oracle cannot be given. Train it with"
              + " `real2sim train-supervised --oracle` (or `--set supervised.oracle=true` on"
              + " `real2sim run`), then run `real2sim evaluate`.");
    }
    if (!lines.isEmpty()) {
      doc.bullets(lines);
    }
  }

  private void addGapRow(List<List<String>> rows, String method, String domains, String what) {
    double v = data.value(method);
    if (!Double.isNaN(v)) {
      rows.add(List.of(method, domains, what, pct(v)));
    }
  }

  // ---------------------------------------------------------------- sweeps

  private List<Plots.Reference> references(boolean withM2) {
    List<Plots.Reference> refs = new ArrayList<>();
    refs.add(new Plots.Reference("M1: CycleGAN only", data.value(Method.M1.id())));
    if (withM2) {
      refs.add(new Plots.Reference("M2: real images to f", data.value(Method.M2.id())));
      refs.add(new Plots.Reference("M3: f_R, same labels", data.value(Method.M3.id())));
    }
    return refs;
  }

  private void alphaSweep(Doc doc) throws IOException {
    doc.section("Alpha sweep");
    SweepResults sweep = data.sweep();
    List<SweepPoint> pts =
        sweep == null ? List.of() : sweep.points(SweepPoint.ALPHA, SweepPoint.OURS);
    if (pts.isEmpty()) {
      note(
          doc,
          "No alpha sweep in this run (no alpha points in sweep/sweep.json): run `real2sim sweep"
              + " --kind alpha` with the run's options.");
      skippedList(doc, skips(sweep, SweepPoint.ALPHA));
      return;
    }
    doc.paragraph(
        "Stage c repeated from the end of stage b with the loss (1 − α)·LSGAN + α·γ·CE, on the"
            + " same "
            + pts.get(0).count()
            + " labeled real images; each point is the best validation value during its"
            + " training (paper Figs. 3, 5, 8). α = 0 is the CycleGAN loss alone (M1's"
            + " continuation), α = 1 the task loss alone.");
    XYChart chart = Plots.alphaCurve(pts, references(true), metricName);
    figure(doc, chart, "alpha_curve", metricName + " of f(G_RS(x)) against alpha");
    double m1 = data.value(Method.M1.id());
    List<List<String>> rows = new ArrayList<>();
    SweepPoint best = pts.get(0);
    for (SweepPoint p : pts) {
      if (p.value() > best.value()) {
        best = p;
      }
      rows.add(
          List.of(
              SweepPlan.alphaLabel(p.alpha()),
              String.valueOf(p.count()),
              pct(p.value()),
              pp(p.value() - m1),
              String.valueOf(p.bestEpoch()),
              "`" + p.stage() + "`"));
    }
    doc.add(
        new Doc.Table(
            List.of("alpha", "N_L", metricName + " (%)", "vs M1 (pp)", "best epoch", "stage"),
            rows,
            Set.of(0, 1, 2, 3, 4)));
    doc.paragraph(
        "Best: alpha "
            + SweepPlan.alphaLabel(best.alpha())
            + ", "
            + pct(best.value())
            + " % "
            + metricName
            + (Double.isNaN(m1) ? "" : " (" + pp(best.value() - m1) + " pp over M1)")
            + ".");
    skippedList(doc, skips(sweep, SweepPoint.ALPHA));
  }

  private void labeledSweep(Doc doc) throws IOException {
    doc.section("Labeled-amount sweep");
    SweepResults sweep = data.sweep();
    List<SweepPoint> ours =
        sweep == null ? List.of() : sweep.points(SweepPoint.LABELED, SweepPoint.OURS);
    List<SweepPoint> m3 =
        sweep == null ? List.of() : sweep.points(SweepPoint.LABELED, SweepPoint.M3);
    List<SweepSkip> skipped = skips(sweep, SweepPoint.LABELED);
    if (ours.isEmpty() && m3.isEmpty()) {
      note(
          doc,
          "No labeled-amount sweep in this run (no labeled points in sweep/sweep.json): run"
              + " `real2sim sweep --kind labeled` with the run's options.");
      skippedList(doc, skipped);
      return;
    }
    doc.paragraph(
        "Stage c (ours, at the run's alpha) and M3 (f_R from scratch) trained on the same labeled"
            + " real images at each amount; the subsets are nested (one seeded permutation), and"
            + " M1, which uses no labels, is the start point of stage c (paper Figs. 7, 9).");
    XYChart chart = Plots.labeledCurve(ours, m3, references(false), metricName);
    figure(doc, chart, "labeled_curve", metricName + " against the labeled amount, ours and M3");
    Map<String, SweepPoint[]> byAmount = new LinkedHashMap<>();
    for (SweepPoint p : ours) {
      byAmount.computeIfAbsent(amount(p.fraction()), a -> new SweepPoint[2])[0] = p;
    }
    for (SweepPoint p : m3) {
      byAmount.computeIfAbsent(amount(p.fraction()), a -> new SweepPoint[2])[1] = p;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, SweepPoint[]> e : byAmount.entrySet()) {
      SweepPoint o = e.getValue()[0];
      SweepPoint s = e.getValue()[1];
      int count = o != null ? o.count() : s.count();
      rows.add(
          List.of(
              e.getKey(),
              String.valueOf(count),
              o == null ? "" : pct(o.value()),
              s == null ? "" : pct(s.value()),
              o == null || s == null ? "" : pp(o.value() - s.value()),
              (o == null ? "" : "`" + o.stage() + "`")
                  + (o != null && s != null ? ", " : "")
                  + (s == null ? "" : "`" + s.stage() + "`")));
    }
    doc.add(
        new Doc.Table(
            List.of("labeled (%)", "N_L", "ours (%)", "M3 (%)", "ours − M3 (pp)", "stages"),
            rows,
            Set.of(0, 1, 2, 3, 4)));
    skippedList(doc, skipped);
  }

  private void skippedList(Doc doc, List<SweepSkip> skipped) {
    if (skipped.isEmpty()) {
      return;
    }
    List<String> items = new ArrayList<>();
    for (SweepSkip s : skipped) {
      String at =
          s.kind().equals(SweepPoint.ALPHA)
              ? "alpha " + SweepPlan.alphaLabel(s.value())
              : amount(s.value()) + " %";
      items.add("skipped " + at + " (`" + s.stage() + "`): " + s.reason());
    }
    doc.bullets(items);
  }

  private static List<SweepSkip> skips(SweepResults sweep, String kind) {
    return sweep == null
        ? List.of()
        : sweep.skipped().stream().filter(s -> s.kind().equals(kind)).toList();
  }

  private static String amount(double fraction) {
    return new java.math.BigDecimal(String.valueOf(fraction))
        .movePointRight(2)
        .stripTrailingZeros()
        .toPlainString();
  }

  // ---------------------------------------------------------------- curves and samples

  private void trainingCurves(Doc doc) throws IOException {
    doc.section("Training curves");
    Map<String, List<MetricsLog.Entry>> main = new LinkedHashMap<>();
    Map<String, List<MetricsLog.Entry>> sweep = new LinkedHashMap<>();
    for (MetricsLog.Entry e : data.metrics()) {
      if (e.epoch() <= 0 || Double.isNaN(e.value())) {
        continue;
      }
      (e.stage().startsWith(SweepPlan.FOLDER + "/") ? sweep : main)
          .computeIfAbsent(e.stage(), s -> new ArrayList<>())
          .add(e);
    }
    if (main.isEmpty() && sweep.isEmpty()) {
      note(doc, "No validation values per epoch (metrics.jsonl is missing or empty).");
      return;
    }
    doc.paragraph(
        "The validation value after every epoch (expert: synthetic validation images; every other"
            + " stage: real validation images), from metrics.jsonl.");
    if (!main.isEmpty()) {
      figure(
          doc,
          Plots.trainingCurves("Validation per epoch", lines(main), metricName),
          "training_curves",
          "validation " + metricName + " per epoch of each stage");
    }
    if (!sweep.isEmpty()) {
      figure(
          doc,
          Plots.trainingCurves("Validation per epoch, sweep points", lines(sweep), metricName),
          "sweep_training_curves",
          "validation " + metricName + " per epoch of each sweep point");
    }
  }

  private static List<Plots.Line> lines(Map<String, List<MetricsLog.Entry>> byStage) {
    List<Plots.Line> out = new ArrayList<>();
    for (Map.Entry<String, List<MetricsLog.Entry>> e : byStage.entrySet()) {
      Map<Integer, Double> byEpoch = new java.util.TreeMap<>();
      for (MetricsLog.Entry m : e.getValue()) {
        byEpoch.put(m.epoch(), 100 * m.value()); // a resumed epoch logged twice: the last wins
      }
      out.add(
          new Plots.Line(
              e.getKey().startsWith(SweepPlan.FOLDER + "/")
                  ? e.getKey().substring(SweepPlan.FOLDER.length() + 1)
                  : e.getKey(),
              byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
              byEpoch.values().stream().mapToDouble(Double::doubleValue).toArray(),
              false));
    }
    return out;
  }

  private void samples(Doc doc) throws IOException {
    doc.section("Sample grids");
    doc.paragraph(
        "The grid written at the best epoch of each stage, as the paper's Figs. 4, 6, 10. Columns:"
            + " real image, its G_RS translation (GAN stages only), the prediction, the ground"
            + " truth; the expert's grid shows synthetic images.");
    List<String> stages = new ArrayList<>();
    for (String s : MAIN_STAGES) {
      if (data.stages().contains(s)) {
        stages.add(s);
      }
    }
    List<String> alphaStages = new ArrayList<>();
    if (data.sweep() != null) {
      for (SweepPoint p : data.sweep().points(SweepPoint.ALPHA, SweepPoint.OURS)) {
        if (!stages.contains(p.stage())) {
          alphaStages.add(p.stage());
        }
      }
    }
    int copied = 0;
    for (String s : stages) {
      copied += grid(doc, s, Stage.of(s).role()) ? 1 : 0;
    }
    if (!alphaStages.isEmpty()) {
      doc.subsection("Alpha sweep points");
      for (String s : alphaStages) {
        copied += grid(doc, s, "alpha sweep point") ? 1 : 0;
      }
    }
    if (copied == 0) {
      note(
          doc,
          "No sample grids in samples/ for the best epochs (eval.sampleRows = 0, or no stage has"
              + " finished an epoch).");
    }
  }

  /** Copies the best-epoch grid of {@code stage} and adds it; false when there is none. */
  private boolean grid(Doc doc, String stage, String role) throws IOException {
    MetricsLog.Entry best = data.best(stage);
    if (best == null) {
      return false;
    }
    String file = String.format(Locale.ROOT, "%s_epoch%03d.png", stage, best.epoch());
    Path src = data.root().resolve("samples").resolve(file);
    if (!Files.exists(src)) {
      return false;
    }
    String name = file.replace('/', '_');
    Path dst = out.resolve(SAMPLES).resolve(name);
    Files.createDirectories(dst.getParent());
    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
    doc.add(
        new Doc.Figure(
            SAMPLES + "/" + name,
            null,
            String.format(
                Locale.ROOT,
                "%s — %s: epoch %d, %s %s %%",
                stage,
                role,
                best.epoch(),
                metricName,
                pct(best.value()))));
    return true;
  }

  // ---------------------------------------------------------------- bundle and configuration

  private void bundle(Doc doc) {
    doc.section("Bundle");
    JsonNode b = data.bundle();
    if (b == null) {
      note(
          doc,
          "No exported bundle (no " + RunData.BUNDLE + "): the run has not been exported yet.");
      return;
    }
    doc.paragraph(
        "The deployable pipeline in `bundle/` (read from "
            + RunData.BUNDLE
            + "; the runtime checks"
            + " its format version and checksums when it opens it).");
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "classes" ->
            rows.add(List.of("classes", e.getValue().size() + ": " + join(e.getValue())));
        case "palette" -> {}
        case "provenance" -> {
          for (Iterator<Map.Entry<String, JsonNode>> p = e.getValue().fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> f = p.next();
            if (!f.getKey().equals("config")) {
              rows.add(List.of("provenance." + f.getKey(), json(f.getValue())));
            }
          }
        }
        default -> rows.add(List.of(e.getKey(), json(e.getValue())));
      }
    }
    doc.add(new Doc.Table(List.of("field", "value"), rows, Set.of()));
  }

  private void configuration(Doc doc) {
    doc.section("Configuration");
    if (data.config().isEmpty()) {
      note(doc, "No configuration (config.txt and config.json are missing).");
      return;
    }
    List<ConfigEntry> changed = data.config().stream().filter(ConfigEntry::changed).toList();
    doc.paragraph(
        "The effective configuration from `"
            + data.configSource()
            + "`: "
            + changed.size()
            + " of "
            + data.config().size()
            + " fields differ from the defaults (marked *).");
    if (!changed.isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (ConfigEntry c : changed) {
        rows.add(
            List.of(c.path(), c.value(), c.defaultValue() == null ? "none" : c.defaultValue()));
      }
      doc.add(new Doc.Table(List.of("field", "value", "default"), rows, Set.of()));
    }
    List<List<String>> all = new ArrayList<>();
    for (ConfigEntry c : data.config()) {
      all.add(List.of(c.changed() ? "*" : "", c.path(), c.value()));
    }
    doc.add(
        new Doc.Details(
            "All " + data.config().size() + " fields",
            new Doc.Table(List.of("", "field", "value"), all, Set.of())));
  }

  // ---------------------------------------------------------------- helpers

  private void figure(Doc doc, XYChart chart, String base, String caption) throws IOException {
    plots.addAll(Plots.save(chart, out.resolve(PLOTS), base));
    doc.add(new Doc.Figure(PLOTS + "/" + base + ".png", PLOTS + "/" + base + ".svg", caption));
  }

  private void note(Doc doc, String sentence) {
    doc.paragraph(sentence);
    missing.add(sentence);
  }

  /** {@code v} in percent with two decimals; a dash for NaN. */
  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * v);
  }

  /** A difference of two values in [0, 1] as signed percentage points; empty for NaN. */
  static String pp(double diff) {
    return Double.isNaN(diff) ? "" : String.format(Locale.ROOT, "%+.2f", 100 * diff);
  }

  private static Set<Integer> range(int from, int to) {
    Set<Integer> s = new java.util.HashSet<>();
    for (int i = from; i < to; i++) {
      s.add(i);
    }
    return s;
  }

  private static String join(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(n -> parts.add(n.asText()));
    return String.join(", ", parts);
  }

  private static String json(JsonNode n) {
    return n.isTextual() ? n.asText() : n.toString();
  }
}

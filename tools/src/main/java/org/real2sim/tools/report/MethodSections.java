package org.real2sim.tools.report;

import static org.real2sim.tools.report.ReportContext.pct;
import static org.real2sim.tools.report.ReportContext.pp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.real2sim.trainer.eval.Metric;
import org.real2sim.trainer.stage.Method;

/**
 * The sections about the evaluated methods: the methods table with the gains of ours, the per-class
 * values, and the domain-gap table after the paper's Table 1.
 */
final class MethodSections {

  private final ReportContext ctx;
  private final RunData data;
  private final String metricName;

  MethodSections(ReportContext ctx) {
    this.ctx = ctx;
    this.data = ctx.data;
    this.metricName = ctx.metricName;
  }

  private void note(Doc doc, String sentence) {
    ctx.note(doc, sentence);
  }

  void methods(Doc doc) {
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

  void perClass(Doc doc) {
    String title = isMiou() ? "Per-class IoU" : "Per-class accuracy (recall)";
    doc.section(title);
    List<MethodRow> rows = data.methods().stream().filter(r -> r.perClass().length > 0).toList();
    if (rows.isEmpty()) {
      note(doc, "No per-class values (no evaluated method).");
      return;
    }
    int k = rows.stream().mapToInt(r -> r.perClass().length).max().orElse(0);
    if (data.classes().isEmpty()) {
      ctx.missing("No class names (results.json is missing): classes are shown by id.");
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

  void domainGap(Doc doc) {
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

  private static Set<Integer> range(int from, int to) {
    Set<Integer> s = new java.util.HashSet<>();
    for (int i = from; i < to; i++) {
      s.add(i);
    }
    return s;
  }
}

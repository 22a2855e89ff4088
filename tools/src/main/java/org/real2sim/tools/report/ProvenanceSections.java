package org.real2sim.tools.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sections about where the run stands and how it was set up: the exported bundle's fields and
 * the effective configuration with the fields that differ from the defaults.
 */
final class ProvenanceSections {

  private final ReportContext ctx;
  private final RunData data;

  ProvenanceSections(ReportContext ctx) {
    this.ctx = ctx;
    this.data = ctx.data;
  }

  private void note(Doc doc, String sentence) {
    ctx.note(doc, sentence);
  }

  void bundle(Doc doc) {
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

  void configuration(Doc doc) {
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

  private static String join(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(n -> parts.add(n.asText()));
    return String.join(", ", parts);
  }

  private static String json(JsonNode n) {
    return n.isTextual() ? n.asText() : n.toString();
  }
}

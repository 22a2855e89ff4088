package org.real2sim.tools.report;

import java.util.List;

/** Renders a {@link Doc} as GitHub-flavoured Markdown. */
final class Markdown {

  private Markdown() {}

  /** The Markdown text of {@code doc}. */
  static String render(Doc doc) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(doc.title()).append("\n\n");
    for (Doc.Block block : doc.blocks()) {
      block(block, b);
    }
    return b.toString();
  }

  private static void block(Doc.Block block, StringBuilder b) {
    if (block instanceof Doc.Heading h) {
      b.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
    } else if (block instanceof Doc.Paragraph p) {
      b.append(p.text()).append("\n\n");
    } else if (block instanceof Doc.Bullets l) {
      for (String item : l.items()) {
        b.append("- ").append(item).append('\n');
      }
      b.append('\n');
    } else if (block instanceof Doc.Table t) {
      table(t, b);
    } else if (block instanceof Doc.Figure f) {
      b.append("![").append(f.caption().replace("]", ")")).append("](").append(f.image());
      b.append(")\n\n*").append(f.caption()).append('*');
      if (f.vector() != null) {
        b.append(" ([SVG](").append(f.vector()).append("))");
      }
      b.append("\n\n");
    } else if (block instanceof Doc.Details d) {
      b.append("<details><summary>").append(d.summary()).append("</summary>\n\n");
      block(d.body(), b);
      b.append("</details>\n\n");
    }
  }

  private static void table(Doc.Table t, StringBuilder b) {
    row(t.header(), b);
    b.append('|');
    for (int i = 0; i < t.header().size(); i++) {
      b.append(t.numeric().contains(i) ? " ---: |" : " --- |");
    }
    b.append('\n');
    for (List<String> r : t.rows()) {
      row(r, b);
    }
    b.append('\n');
  }

  private static void row(List<String> cells, StringBuilder b) {
    b.append('|');
    for (String c : cells) {
      b.append(' ').append(cell(c)).append(" |");
    }
    b.append('\n');
  }

  /** A table cell: pipes escaped, line breaks flattened, empty shown as a dash-free blank. */
  static String cell(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replace('\n', ' ');
  }
}

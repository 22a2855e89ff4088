package org.real2sim.tools.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link Doc} as one self-contained HTML page (inline CSS, no scripts); images are
 * referenced by relative paths.
 */
final class Html {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private static final String CSS =
"""
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  max-width:1040px;margin:2em auto;padding:0 1.2em;color:#1f2328;line-height:1.5}
h1{font-size:1.8em;border-bottom:2px solid #d0d7de;padding-bottom:.3em}
h2{font-size:1.35em;margin-top:2.2em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
h3{font-size:1.1em;margin-top:1.6em}
nav{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.6em 1em;font-size:.92em}
nav a{margin-right:1em;white-space:nowrap}
a{color:#0969da;text-decoration:none} a:hover{text-decoration:underline}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #d0d7de;padding:.3em .65em;vertical-align:top}
th{background:#f6f8fa;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:nth-child(even) td{background:#fbfbfc}
figure{margin:1.2em 0} figure img{max-width:100%;border:1px solid #e5e7eb}
figcaption{color:#57606a;font-size:.9em;margin-top:.3em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;
  background:#f3f4f6;padding:.05em .3em;border-radius:4px}
details{margin:1em 0} summary{cursor:pointer;color:#0969da}
""";

  private Html() {}

  /** The HTML page of {@code doc}. */
  static String render(Doc doc) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    b.append("<title>").append(escape(doc.title())).append("</title>\n");
    b.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<h1>").append(escape(doc.title())).append("</h1>\n");
    List<String> sections = new ArrayList<>();
    for (Doc.Block block : doc.blocks()) {
      if (block instanceof Doc.Heading h && h.level() == 2) {
        sections.add(h.text());
      }
    }
    if (!sections.isEmpty()) {
      b.append("<nav>");
      for (String s : sections) {
        b.append("<a href=\"#").append(anchor(s)).append("\">").append(escape(s)).append("</a>");
      }
      b.append("</nav>\n");
    }
    for (Doc.Block block : doc.blocks()) {
      block(block, b);
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void block(Doc.Block block, StringBuilder b) {
    if (block instanceof Doc.Heading h) {
      String tag = "h" + h.level();
      b.append('<').append(tag);
      if (h.level() == 2) {
        b.append(" id=\"").append(anchor(h.text())).append('"');
      }
      b.append('>').append(escape(h.text())).append("</").append(tag).append(">\n");
    } else if (block instanceof Doc.Paragraph p) {
      b.append("<p>").append(inline(p.text())).append("</p>\n");
    } else if (block instanceof Doc.Bullets l) {
      b.append("<ul>\n");
      for (String item : l.items()) {
        b.append("<li>").append(inline(item)).append("</li>\n");
      }
      b.append("</ul>\n");
    } else if (block instanceof Doc.Table t) {
      table(t, b);
    } else if (block instanceof Doc.Figure f) {
      b.append("<figure><img src=\"").append(escape(f.image())).append("\" alt=\"");
      b.append(escape(f.caption())).append("\"><figcaption>").append(inline(f.caption()));
      if (f.vector() != null) {
        b.append(" (<a href=\"").append(escape(f.vector())).append("\">SVG</a>)");
      }
      b.append("</figcaption></figure>\n");
    } else if (block instanceof Doc.Details d) {
      b.append("<details><summary>").append(inline(d.summary())).append("</summary>\n");
      block(d.body(), b);
      b.append("</details>\n");
    }
  }

  private static void table(Doc.Table t, StringBuilder b) {
    b.append("<table>\n<thead><tr>");
    for (int i = 0; i < t.header().size(); i++) {
      b.append(t.numeric().contains(i) ? "<th style=\"text-align:right\">" : "<th>");
      b.append(inline(t.header().get(i))).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      b.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        b.append(t.numeric().contains(i) ? "<td class=\"num\">" : "<td>");
        b.append(inline(row.get(i))).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  /** Escapes text and turns {@code `code`} spans into code elements. */
  static String inline(String text) {
    Matcher m = CODE.matcher(escape(text));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("<code>" + m.group(1) + "</code>"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Escapes the five HTML-significant characters. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The element id of a section heading: lower-case words joined by hyphens. */
  static String anchor(String heading) {
    String s = heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return s.replaceAll("^-+|-+$", "");
  }
}

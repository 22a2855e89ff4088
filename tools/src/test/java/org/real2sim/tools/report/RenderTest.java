package org.real2sim.tools.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Markdown and HTML rendering of the same document. */
class RenderTest {

  private static Doc doc() {
    return new Doc("R & D <1>")
        .section("First part")
        .paragraph("run `real2sim report` on <dir>")
        .add(
            new Doc.Table(
                List.of("name", "value"),
                List.of(List.of("a|b", "1.50"), List.of("c", "")),
                Set.of(1)))
        .add(new Doc.Figure("plots/x.png", "plots/x.svg", "a \"plot\""))
        .add(new Doc.Details("all", new Doc.Table(List.of("k"), List.of(List.of("v")), Set.of())));
  }

  @Test
  void markdownTablesEscapePipesAndAlignNumbers() {
    String md = Markdown.render(doc());
    assertTrue(md.startsWith("# R & D <1>\n\n## First part\n\n"), md);
    assertTrue(md.contains("| name | value |\n| --- | ---: |\n| a\\|b | 1.50 |\n| c |  |\n"), md);
    assertTrue(md.contains("![a \"plot\"](plots/x.png)\n\n*a \"plot\"* ([SVG](plots/x.svg))"), md);
    assertTrue(md.contains("<details><summary>all</summary>\n\n| k |"), md);
  }

  @Test
  void htmlEscapesTextAndKeepsCodeSpans() {
    String html = Html.render(doc());
    assertTrue(html.contains("<title>R &amp; D &lt;1&gt;</title>"), html);
    assertTrue(html.contains("<p>run <code>real2sim report</code> on &lt;dir&gt;</p>"), html);
    assertTrue(html.contains("<td>a|b</td><td class=\"num\">1.50</td>"), html);
    assertTrue(html.contains("alt=\"a &quot;plot&quot;\""), html);
    assertTrue(html.contains("<nav><a href=\"#first-part\">First part</a></nav>"), html);
  }

  @Test
  void aRowOfTheWrongWidthIsRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Doc.Table(List.of("a", "b"), List.of(List.of("1")), Set.of()));
    assertEquals("table row 0 has 1 cells, the header has 2 columns [a, b]", e.getMessage());
  }

  @Test
  void anchorsAreLowerCaseWordsJoinedByHyphens() {
    assertEquals("labeled-amount-sweep", Html.anchor("Labeled-amount sweep"));
    assertEquals("per-class-iou", Html.anchor("Per-class IoU"));
  }
}

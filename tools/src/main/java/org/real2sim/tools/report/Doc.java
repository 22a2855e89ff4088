package org.real2sim.tools.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A report document as a list of blocks, rendered by {@link Markdown} and {@link Html}.
 *
 * <p>Text is plain: renderers escape it. The one inline markup is a {@code `code`} span in
 * backquotes, shown as code by both renderers.
 */
final class Doc {

  /** One block of the document. */
  sealed interface Block permits Heading, Paragraph, Table, Figure, Bullets, Details {}

  /**
   * A heading.
   *
   * @param level 1 (title) to 3
   * @param text the heading text
   */
  record Heading(int level, String text) implements Block {}

  /**
   * A paragraph.
   *
   * @param text the text, with optional {@code `code`} spans
   */
  record Paragraph(String text) implements Block {}

  /**
   * A table.
   *
   * @param header the column names
   * @param rows the rows, each as long as the header
   * @param numeric the indices of right-aligned (numeric) columns
   */
  record Table(List<String> header, List<List<String>> rows, Set<Integer> numeric)
      implements Block {

    /** Checks that every row has one cell per column. */
    Table {
      header = List.copyOf(header);
      rows = List.copyOf(rows);
      numeric = Set.copyOf(numeric);
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i).size() != header.size()) {
          throw new IllegalArgumentException(
              "table row "
                  + i
                  + " has "
                  + rows.get(i).size()
                  + " cells, the header has "
                  + header.size()
                  + " columns "
                  + header);
        }
      }
    }
  }

  /**
   * An image with a caption.
   *
   * @param image the image path relative to the report folder (PNG)
   * @param vector the vector version relative to the report folder (SVG), or null
   * @param caption the caption
   */
  record Figure(String image, String vector, String caption) implements Block {}

  /**
   * A bulleted list.
   *
   * @param items the items, with optional {@code `code`} spans
   */
  record Bullets(List<String> items) implements Block {}

  /**
   * A block shown collapsed in HTML, under a one-line summary.
   *
   * @param summary the line shown while collapsed
   * @param body the collapsed block
   */
  record Details(String summary, Block body) implements Block {}

  private final String title;
  private final List<Block> blocks = new ArrayList<>();

  /** An empty document with a title. */
  Doc(String title) {
    this.title = title;
  }

  /** The title. */
  String title() {
    return title;
  }

  /** The blocks in order. */
  List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /** Appends a block and returns this. */
  Doc add(Block b) {
    blocks.add(b);
    return this;
  }

  /** Appends a level-2 section heading. */
  Doc section(String text) {
    return add(new Heading(2, text));
  }

  /** Appends a level-3 heading. */
  Doc subsection(String text) {
    return add(new Heading(3, text));
  }

  /** Appends a paragraph. */
  Doc paragraph(String text) {
    return add(new Paragraph(text));
  }

  /** Appends a bulleted list. */
  Doc bullets(List<String> items) {
    return add(new Bullets(List.copyOf(items)));
  }
}

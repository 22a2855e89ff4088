package org.real2sim.tools.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.real2sim.runtime.io.FileTrees;
import org.real2sim.trainer.run.RunDir;

/**
 * Writes a run's report, {@code <run>/report/report.html} and {@code report.md} with the plots (PNG
 * and SVG) and sample grids next to them, from the run directory alone.
 *
 * <p>The report covers the configuration (non-defaults marked), the methods table (in-domain, M2,
 * M1, M3, ours, oracle), per-class values, the domain-gap table (paper Table 1), the α curve (Figs.
 * 3, 5, 8) and the labeled-amount curve with M3 (Figs. 7, 9) when the run has been swept,
 * validation curves per stage, the best sample grids (Figs. 4, 6, 10) and the exported bundle.
 * Whatever the run lacks is stated in the report. The folder is built next to the old one and
 * swapped in at the end, so a failed rebuild leaves the previous report intact.
 */
public final class Report {

  /** The HTML file name inside the report folder. */
  public static final String HTML = "report.html";

  /** The Markdown file name inside the report folder. */
  public static final String MARKDOWN = "report.md";

  /**
   * What {@link #write} produced.
   *
   * @param dir the report folder
   * @param html the HTML page
   * @param markdown the Markdown page
   * @param plots the plot files (PNG and SVG) inside {@code dir}
   * @param missing what the run lacks, one sentence each
   */
  public record Written(
      Path dir, Path html, Path markdown, List<Path> plots, List<String> missing) {}

  private Report() {}

  /**
   * Writes the report of the run directory {@code runDir} into {@code runDir/report/}, replacing an
   * earlier one.
   *
   * @throws ReportException if {@code runDir} is not a run directory or the report cannot be
   *     written (the message names the folder or file)
   */
  public static Written write(Path runDir) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    RunData data = RunData.read(runDir);
    Path target = new RunDir(runDir).report();
    Path tmp = null;
    try {
      // Not createTempDirectory: its owner-only permissions would stay on the published folder.
      tmp = Files.createDirectory(runDir.resolve(".report-" + System.nanoTime()));
      ReportBuilder builder = new ReportBuilder(data, tmp);
      Doc doc = builder.build();
      Files.writeString(tmp.resolve(MARKDOWN), Markdown.render(doc), StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve(HTML), Html.render(doc), StandardCharsets.UTF_8);
      replace(tmp, target);
      tmp = null;
      List<Path> plots =
          builder.plots().stream()
              .map(p -> target.resolve(ReportBuilder.PLOTS).resolve(p.getFileName()))
              .toList();
      return new Written(
          target, target.resolve(HTML), target.resolve(MARKDOWN), plots, builder.missing());
    } catch (IOException e) {
      throw new ReportException(
          "Cannot write the report of " + runDir + " into " + target + ": " + e, e);
    } finally {
      if (tmp != null) {
        FileTrees.deleteQuietly(tmp);
      }
    }
  }

  private static void replace(Path fresh, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling("." + target.getFileName() + "-old-" + System.nanoTime());
      Files.move(target, old);
    }
    try {
      Files.move(fresh, target);
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target);
      }
      throw e;
    }
    if (old != null) {
      FileTrees.deleteQuietly(old);
    }
  }
}

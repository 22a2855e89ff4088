package org.real2sim.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.runtime.TinyBundles;
import org.real2sim.runtime.image.RgbImage;

/**
 * Nothing lost: predictions are appended and flushed per image, kill -9 in the middle of a run over
 * 500 images leaves a valid {@code predictions.csv} of what finished, {@code --resume} completes it
 * without repeating an image, and output problems are named before the first image.
 */
class NothingLostTest {

  @TempDir Path tmp;

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        RunCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code --bundle bundle --input in --output out} and then {@code more}. */
  private static Run run(Path bundle, Path in, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bundle",
                bundle.toString(),
                "--input",
                in.toString(),
                "--output",
                out.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static void images(Path dir, int n, int side) throws Exception {
    Files.createDirectories(dir);
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[3 * side * side];
      rng.nextBytes(px);
      ImageIO.write(
          new RgbImage(side, side, px).toBufferedImage(),
          "png",
          dir.resolve(String.format("img%04d.png", i)).toFile());
    }
  }

  /** Checks that every line is complete and every row names a distinct input image. */
  private static Set<String> validRows(Path csv, Path jsonl, String header) throws Exception {
    byte[] bytes = Files.readAllBytes(csv);
    assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\n', "the CSV ends in a newline");
    List<String> lines = Files.readAllLines(csv);
    assertEquals(header, lines.get(0));
    Set<String> files = new HashSet<>();
    for (String row : lines.subList(1, lines.size())) {
      String[] f = row.split(",");
      assertEquals(6, f.length, "a complete row: " + row);
      assertTrue(f[0].matches("img\\d{4}\\.png"), row);
      assertTrue(files.add(f[0]), "no image twice: " + f[0]);
      double sum = 0;
      for (int k = 3; k < 6; k++) {
        sum += Double.parseDouble(f[k]);
      }
      assertEquals(1.0, sum, 1e-4, row);
    }
    ObjectMapper m = new ObjectMapper();
    Set<String> json = new HashSet<>();
    for (String line : Files.readAllLines(jsonl)) {
      json.add(m.readTree(line).get("file").asText());
    }
    assertTrue(json.containsAll(files), "every CSV row has its JSON line");
    return files;
  }

  @Test
  void killNineInTheMiddleLeavesAValidCsvAndResumeCompletesIt() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Path in = tmp.resolve("in");
    images(in, 500, 48);
    Path out = tmp.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RunCommand.class.getName(),
                "--bundle",
                bundle.toString(),
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--threads",
                "1")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    Path csv = out.resolve(RunCommand.CSV_NAME);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int rows = 0;
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.exists(csv)) {
        rows = Files.readAllLines(csv).size() - 1;
        if (rows >= 40) {
          break;
        }
      }
      Thread.sleep(5);
    }
    assertTrue(
        child.isAlive(),
        "the child was still running: " + Files.readString(tmp.resolve("child.log")));
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
    child.waitFor(30, TimeUnit.SECONDS);
    String header = "file,height,width,road,car,sky";
    Set<String> done = validRows(csv, out.resolve(RunCommand.JSONL_NAME), header);
    assertTrue(done.size() >= 40 && done.size() < 500, "killed mid-way after " + done.size());
    for (String f : done) {
      String stem = f.substring(0, f.length() - 4);
      assertTrue(Files.exists(out.resolve(stem + "_classes.png")), "a listed image's files exist");
    }
    System.out.printf("kill -9 after %d of 500 images: predictions.csv valid%n", done.size());

    Run r = run(bundle, in, out, "--resume");
    assertEquals(0, r.rc(), r.err());
    assertTrue(
        r.out().contains("wrote results for " + (500 - done.size()) + " of 500")
            && r.out().contains(done.size() + " already done"),
        r.out());
    Set<String> all = validRows(csv, out.resolve(RunCommand.JSONL_NAME), header);
    assertEquals(500, all.size());
  }

  @Test
  void anEarlierRunIsNotOverwrittenWithoutResumeAndATornLastLineIsDropped() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Path in = tmp.resolve("in");
    images(in, 3, 8);
    Path out = tmp.resolve("out");
    assertEquals(
        0,
        run("--bundle", bundle.toString(), "--input", in.toString(), "--output", out.toString())
            .rc());
    Run again = run(bundle, in, out);
    assertEquals(1, again.rc());
    assertTrue(again.err().contains("pass --resume"), again.err());
    // Simulate a crash mid-write: the last row loses its end.
    Path csv = out.resolve(RunCommand.CSV_NAME);
    List<String> lines = Files.readAllLines(csv);
    String torn = String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 10);
    Files.writeString(csv, torn);
    Run resumed = run(bundle, in, out, "--resume");
    assertEquals(0, resumed.rc(), resumed.err());
    assertTrue(resumed.out().contains("wrote results for 1 of 3"), resumed.out());
    assertEquals(4, Files.readAllLines(csv).size());
    validRows(csv, out.resolve(RunCommand.JSONL_NAME), "file,height,width,road,car,sky");
  }

  @Test
  void outputProblemsAreNamedBeforeTheFirstImageWithoutAStackTrace() throws Exception {
    Path bundle = tmp.resolve("bundle");
    TinyBundles.write(bundle, TinyBundles.segmentation());
    Path in = tmp.resolve("in");
    images(in, 2, 8);
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    Run r = run(bundle, in, file);
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("is a file, expected a directory"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());

    r = run(bundle, in, file.resolve("sub"));
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("cannot create --output"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());

    Path readOnly = Files.createDirectories(tmp.resolve("ro"));
    File ro = readOnly.toFile();
    if (ro.setWritable(false) && !Files.isWritable(readOnly)) {
      r = run(bundle, in, readOnly);
      assertEquals(1, r.rc());
      assertTrue(r.err().contains("cannot write into --output"), r.err());
      ro.setWritable(true);
    }

    Path blocked = Files.createDirectories(tmp.resolve("blocked"));
    Files.createDirectories(blocked.resolve(RunCommand.CSV_NAME));
    r = run(bundle, in, blocked);
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("is in the way"), r.err());
  }

  @Test
  void oversizedBenchmarkSizesAndPixelLimitsAreUsageErrors() {
    Run r = run("--bundle", "b", "--benchmark", "3", "--size", "30000x30000");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("30000x30000") && r.err().contains("limit of"), r.err());
    r = run("--bundle", "b", "--benchmark", "3", "--size", "300x300", "--max-pixels", "0");
    assertEquals(2, r.rc());
    assertTrue(r.err().contains("--max-pixels must be >= 1"), r.err());
  }
}

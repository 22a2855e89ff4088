package org.real2sim.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Times the Spark job in {@code local[1]} and {@code local[2]} against {@code real2sim-run} on the
 * same images, each as its own process started by its launcher, and prints the table.
 *
 * <p>Run it with the Spark launcher ({@code REAL2SIM_MAIN=org.real2sim.spark. ThroughputBench
 * ./real2sim-spark --bundle B --images DIR [--count 2000] [--side 32] [--reps 2]}): writes {@code
 * count} seeded random RGB PNGs of {@code side × side} into {@code DIR} when it holds fewer, then
 * runs, {@code reps} times in rotating order, {@code real2sim-run --bundle B --input DIR --output
 * ...} and {@code real2sim-spark --master local[N] --bundle B --input DIR --out ...}. Wall time is
 * the process's, start to exit (JVM start and, for Spark, the session's start included); the Spark
 * job's own time (first read to last write, from its {@code summary.json}) is reported beside it.
 * Images/s are the best of the repetitions.
 */
public final class ThroughputBench {

  private ThroughputBench() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, found '" + args[i] + "'");
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    for (String k : a.keySet()) {
      if (!List.of("bundle", "images", "count", "side", "reps", "home").contains(k)) {
        throw new IllegalArgumentException(
            "unknown option --" + k + ", expected --bundle --images --count --side --reps --home");
      }
    }
    if (!a.containsKey("bundle") || !a.containsKey("images")) {
      throw new IllegalArgumentException("--bundle and --images are required");
    }
    Path home = Path.of(a.getOrDefault("home", System.getProperty("real2sim.home", ".")));
    Path bundle = Path.of(a.get("bundle")).toAbsolutePath();
    Path images = Path.of(a.get("images")).toAbsolutePath();
    int count = Integer.parseInt(a.getOrDefault("count", "2000"));
    int side = Integer.parseInt(a.getOrDefault("side", "32"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "2"));
    generate(images, count, side);
    // The first tenth of the images, as a second input: the difference between the two runs is
    // the marginal cost per image, free of each tool's fixed start-up (JVM, session, Spark plan).
    int small = Math.max(1, count / 10);
    Path few = images.resolveSibling(images.getFileName() + "-first" + small);
    copyFirst(images, few, small);
    Path work = Files.createTempDirectory("real2sim-bench");

    List<String> names = List.of("real2sim-run", "spark local[1]", "spark local[2]");
    double[][] wall = new double[3][2];
    double[][] job = new double[3][2];
    for (double[] w : wall) {
      java.util.Arrays.fill(w, Double.MAX_VALUE);
    }
    for (double[] w : job) {
      java.util.Arrays.fill(w, Double.MAX_VALUE);
    }
    for (int r = 0; r < reps; r++) {
      for (int j = 0; j < 6; j++) {
        int which = (j + r) % 3;
        int size = j < 3 ? 0 : 1; // 0: all images, 1: the first tenth
        Path in = size == 0 ? images : few;
        Path out = work.resolve("rep" + r + "-" + which + "-" + size);
        List<String> cmd = new ArrayList<>();
        if (which == 0) {
          cmd.addAll(
              List.of(
                  home.resolve("real2sim-run").toString(),
                  "--bundle",
                  bundle.toString(),
                  "--input",
                  in.toString(),
                  "--output",
                  out.toString()));
        } else {
          cmd.addAll(
              List.of(
                  home.resolve("real2sim-spark").toString(),
                  "--master",
                  "local[" + which + "]",
                  "--bundle",
                  bundle.toString(),
                  "--input",
                  in.toString(),
                  "--out",
                  out.toString()));
        }
        double w = run(cmd, work.resolve(out.getFileName() + ".log"));
        wall[which][size] = Math.min(wall[which][size], w);
        if (which > 0) {
          double t =
              new ObjectMapper()
                  .readTree(out.resolve(BatchJob.SUMMARY).toFile())
                  .get("seconds")
                  .asDouble();
          job[which][size] = Math.min(job[which][size], t);
        }
        System.err.printf(
            Locale.ROOT,
            "  %s, %d images: %.2f s wall%n",
            names.get(which),
            size == 0 ? count : small,
            w);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d (and %d) images of %dx%d, bundle %s, best of %d%n",
        count,
        small,
        side,
        side,
        bundle,
        reps);
    System.out.printf(
        Locale.ROOT,
        "%-16s %9s %9s %12s %9s %18s%n",
        "",
        "wall s",
        "images/s",
        "wall s " + small,
        "job s",
        "marginal images/s");
    double[] marginal = new double[3];
    for (int w = 0; w < 3; w++) {
      marginal[w] = (count - small) / (wall[w][0] - wall[w][1]);
      System.out.printf(
          Locale.ROOT,
          "%-16s %9.2f %9.1f %12.2f %9s %18.1f%n",
          names.get(w),
          wall[w][0],
          count / wall[w][0],
          wall[w][1],
          w == 0 ? "-" : String.format(Locale.ROOT, "%.2f", job[w][0]),
          marginal[w]);
    }
    System.out.printf(
        Locale.ROOT,
        "local[2] vs real2sim-run: end to end %+.1f %% images/s, marginal %+.1f %% images/s%n",
        100 * (wall[0][0] / wall[2][0] - 1),
        100 * (marginal[2] / marginal[0] - 1));
    System.out.printf(
        Locale.ROOT,
        "local[1] -> local[2]: %.2fx end to end, %.2fx marginal%n",
        wall[1][0] / wall[2][0],
        marginal[2] / marginal[1]);
  }

  private static void copyFirst(Path from, Path to, int n) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".png")).sorted().limit(n).toList()) {
        Path t = to.resolve(f.getFileName());
        if (!Files.exists(t)) {
          Files.copy(f, t);
        }
      }
    }
  }

  private static double run(List<String> cmd, Path log) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("REAL2SIM_NO_BUILD", "1");
    pb.environment().remove("REAL2SIM_MAIN");
    long t0 = System.nanoTime();
    Process p = pb.start();
    int rc = p.waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + rc + "; its output: " + log);
    }
    return s;
  }

  /** Seeded random RGB PNGs {@code 00000.png ...}, written when {@code dir} holds fewer. */
  static void generate(Path dir, int count, int side) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      if (s.filter(p -> p.toString().endsWith(".png")).count() >= count) {
        return;
      }
    }
    SplittableRandom rng = new SplittableRandom(13);
    for (int i = 0; i < count; i++) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          img.setRGB(x, y, rng.nextInt(1 << 24));
        }
      }
      ImageIO.write(img, "png", new File(dir.toFile(), String.format("%05d.png", i)));
    }
  }
}

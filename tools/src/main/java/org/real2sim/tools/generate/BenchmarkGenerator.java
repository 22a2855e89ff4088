package org.real2sim.tools.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.real2sim.runtime.io.FileTrees;
import org.real2sim.trainer.util.ProgressBar;
import org.real2sim.trainer.util.Seeds;

/**
 * Writes a procedural domain-gap benchmark in the generic formats, so that everything downstream
 * reads it as it would a user's data.
 *
 * <pre>
 * out/benchmark.json                       what was generated (benchmark, seed, sizes, counts, classes)
 * out/synthetic/{train,val}/CLASS/*.png     shapes: ImageFolder (sketches)
 * out/real/{train,val}/CLASS/*.jpg          shapes: ImageFolder (photos, JPEG like Sketchy's)
 * out/synthetic/{train,val}/images/*.png    streets: paired folders, labels/*.png with label ids,
 * out/real/{train,val}/images/*.png           and classes.json in each domain root
 * </pre>
 *
 * <p>Image {@code i} of split {@code s} of domain {@code d} is drawn from its own stream {@code
 * Seeds.of(seed, d, s, i)}: synthetic and real images are independent (unpaired), any thread count
 * gives byte-identical files, and a larger count extends a smaller one.
 */
public final class BenchmarkGenerator {

  /** The description file at the output root. */
  public static final String DESCRIPTION_FILE = "benchmark.json";

  /** The domain folders: the synthetic domain S and the real domain R. */
  public static final List<String> DOMAINS = List.of("synthetic", "real");

  private static final List<String> SPLITS = List.of("train", "val");

  private BenchmarkGenerator() {}

  /**
   * Generates the benchmark.
   *
   * @param progress counts images; its total should be {@code 2·(train + val)}
   * @throws IOException if the output folder is not empty (without {@code overwrite}) or a file
   *     cannot be written
   */
  public static void generate(GeneratorConfig cfg, boolean overwrite, ProgressBar progress)
      throws IOException {
    prepare(cfg.out(), overwrite);
    ExecutorService pool = Executors.newFixedThreadPool(cfg.threads());
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int d = 0; d < 2; d++) {
        for (int s = 0; s < 2; s++) {
          int n = s == 0 ? cfg.trainCount() : cfg.valCount();
          for (int i = 0; i < n; i++) {
            int domain = d;
            int split = s;
            int index = i;
            jobs.add(
                pool.submit(
                    () -> {
                      writeOne(cfg, domain, split, index);
                      progress.step();
                      return null;
                    }));
          }
        }
      }
      for (Future<?> f : jobs) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          throw new IOException("generating " + cfg.benchmark() + " failed: " + c, c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
      progress.close();
    }
    if (cfg.benchmark().equals("streets")) {
      for (String d : DOMAINS) {
        StreetsBenchmark.classMap().write(cfg.out().resolve(d).resolve("classes.json"));
      }
    }
    writeDescription(cfg);
  }

  /** The number of images {@link #generate} writes. */
  public static int imageCount(GeneratorConfig cfg) {
    return 2 * (cfg.trainCount() + cfg.valCount());
  }

  /** The random stream of one image. */
  static SplittableRandom stream(long seed, int domain, int split, int index) {
    return new SplittableRandom(Seeds.of(seed, domain, split, index));
  }

  /** The file of one shapes image, relative to the output root. */
  static String shapesFile(int domain, int split, int index) {
    String cls = ShapesBenchmark.CLASSES.get(index % ShapesBenchmark.CLASSES.size());
    return String.format(
        Locale.ROOT,
        "%s/%s/%s/%s_%05d.%s",
        DOMAINS.get(domain),
        SPLITS.get(split),
        cls,
        cls,
        index,
        domain == 0 ? "png" : "jpg");
  }

  private static void writeOne(GeneratorConfig cfg, int domain, int split, int index) {
    SplittableRandom rng = stream(cfg.seed(), domain, split, index);
    Path out = cfg.out();
    try {
      if (cfg.benchmark().equals("shapes")) {
        int cls = index % ShapesBenchmark.CLASSES.size();
        Canvas c =
            domain == 0
                ? ShapesBenchmark.sketch(cls, cfg.width(), rng)
                : ShapesBenchmark.photo(cls, cfg.width(), rng);
        c.write(out.resolve(shapesFile(domain, split, index)), 0.92f);
      } else {
        StreetsBenchmark.Rendered r =
            StreetsBenchmark.render(cfg.width(), cfg.height(), domain == 1, rng);
        Path base = out.resolve(DOMAINS.get(domain)).resolve(SPLITS.get(split));
        String stem = String.format(Locale.ROOT, "%05d", index);
        r.image().write(base.resolve("images").resolve(stem + ".png"), 1f);
        Canvas.writeLabels(
            r.labelIds(), cfg.width(), cfg.height(), base.resolve("labels").resolve(stem + ".png"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void prepare(Path out, boolean overwrite) throws IOException {
    if (Files.isDirectory(out)) {
      List<Path> present;
      try (Stream<Path> s = Files.list(out)) {
        present = s.toList();
      }
      if (!present.isEmpty()) {
        List<Path> ours = new ArrayList<>();
        for (Path p : present) {
          String name = p.getFileName().toString();
          if (DOMAINS.contains(name) || name.equals(DESCRIPTION_FILE)) {
            ours.add(p);
          }
        }
        if (!overwrite || ours.size() != present.size()) {
          throw new IOException(
              "output folder "
                  + out
                  + " is not empty"
                  + (overwrite
                      ? " and holds files the generator did not write (expected only synthetic/,"
                          + " real/, benchmark.json)"
                      : "; choose another folder or pass --overwrite to replace a benchmark"));
        }
        for (Path p : ours) {
          FileTrees.deleteRecursively(p);
        }
      }
    }
    Files.createDirectories(out);
  }

  private static void writeDescription(GeneratorConfig cfg) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    boolean shapes = cfg.benchmark().equals("shapes");
    root.put("benchmark", cfg.benchmark());
    root.put("task", shapes ? "classification" : "segmentation");
    root.put("seed", cfg.seed());
    root.put("width", cfg.width());
    root.put("height", cfg.height());
    ArrayNode classes = root.putArray("classes");
    if (shapes) {
      ShapesBenchmark.CLASSES.forEach(classes::add);
    } else {
      StreetsBenchmark.CLASSES.forEach(c -> classes.add(c.name()));
    }
    ObjectNode domains = root.putObject("domains");
    for (int d = 0; d < 2; d++) {
      ObjectNode o = domains.putObject(DOMAINS.get(d));
      o.put("role", d == 0 ? "S (synthetic, labeled)" : "R (real)");
      o.put("dataset", (shapes ? "imagefolder:" : "paired:") + DOMAINS.get(d));
      o.put("train", cfg.trainCount());
      o.put("val", cfg.valCount());
      o.put("appearance", appearance(shapes, d));
    }
    root.put(
        "note",
        "dataset paths are relative to this file's folder; images of the two domains are drawn"
            + " independently (unpaired) from the same geometry distributions");
    json.writeValue(cfg.out().resolve(DESCRIPTION_FILE).toFile(), root);
  }

  private static String appearance(boolean shapes, int domain) {
    if (shapes) {
      return domain == 0
          ? "hand-drawn strokes on white paper (sketches)"
          : "filled, textured, lit objects with shadows on cluttered backgrounds, camera noise,"
              + " JPEG";
    }
    return domain == 0
        ? "flat-shaded clean renders, saturated palette, exact labels"
        : "textured materials, muted palette, lighting and shadows, ego bonnet (ignore), colour"
            + " grading, vignetting, blur, sensor noise";
  }
}

package org.real2sim.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.expert.ExpertNetwork;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.Sample;
import org.real2sim.trainer.run.AtomicFiles;
import org.real2sim.trainer.run.MetricsLog;
import org.real2sim.trainer.stage.Method;
import org.real2sim.trainer.stage.Networks;
import org.real2sim.trainer.stage.StageState;
import org.real2sim.trainer.stage.Stages;
import org.real2sim.trainer.stage.TrainContext;

/**
 * Scores trained checkpoints on a validation set: an expert-architecture network on raw images
 * (in-domain, M2, M3, oracle) or the expert on G_RS's translations (M1, ours), and prints and
 * stores the methods table ({@code results.json}).
 */
public final class Evaluation {

  /** The file holding the final methods table in the run directory. */
  public static final String RESULTS = "results.json";

  /**
   * One row of the methods table.
   *
   * @param method the method
   * @param description what was evaluated
   * @param score the score
   * @param checkpoint the checkpoint evaluated
   */
  public record Row(Method method, String description, Evaluator.Score score, Path checkpoint) {}

  private Evaluation() {}

  /** Scores the network {@code network} of {@code checkpoint} on raw images. */
  public static Evaluator.Score scoreNetwork(
      TrainContext ctx,
      Path checkpoint,
      String network,
      Dataset data,
      List<Sample> samples,
      String label) {
    return CheckpointScoring.score(
        ctx,
        data,
        samples,
        label,
        (tf, vars, x) ->
            Networks.expert(ctx.config().stageA(), data.numClasses(), network, vars)
                .callOnGenerated(tf, x, false),
        List.of(Map.entry(network, checkpoint)));
  }

  /** Scores f(G_RS(x)) with G_RS from {@code ganCheckpoint} and f from {@code expertCheckpoint}. */
  public static Evaluator.Score scoreTranslated(
      TrainContext ctx,
      Path ganCheckpoint,
      Path expertCheckpoint,
      Dataset data,
      List<Sample> samples,
      String label) {
    return CheckpointScoring.score(
        ctx,
        data,
        samples,
        label,
        (tf, vars, x) -> {
          ExpertNetwork net =
              Networks.expert(ctx.config().stageA(), data.numClasses(), Names.EXPERT, vars);
          var gc = ctx.config().stageB();
          ResnetGenerator gRs =
              new ResnetGenerator(
                  new ResnetGenerator.Config(gc.ngf(), gc.nBlocks(), 3, 3), Names.G_RS, vars);
          return net.callOnGenerated(tf, gRs.call(tf, x), false);
        },
        List.of(Map.entry(Names.EXPERT, expertCheckpoint), Map.entry(Names.G_RS, ganCheckpoint)));
  }

  /** Prints the methods table. */
  public static void print(List<Row> rows, List<String> classNames, PrintStream out) {
    print(rows, classNames, out, "");
  }

  /** Prints the methods table under a line saying how it was scored ({@link #scoredAt}). */
  public static void print(List<Row> rows, List<String> classNames, PrintStream out, String how) {
    if (rows.isEmpty()) {
      return;
    }
    String metric = rows.get(0).score().metric();
    out.println();
    if (!how.isEmpty()) {
      out.println(how);
    }
    out.printf(Locale.ROOT, "%-14s %-58s %9s%n", "method", "what", metric);
    out.println("-".repeat(83));
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-14s %-58s %8.2f%%%n",
          r.method(),
          r.description(),
          100 * r.score().value());
    }
    out.println();
    String per = metric.equals(Metric.MIOU.key()) ? "per-class IoU (%)" : "per-class accuracy (%)";
    out.println(per);
    StringBuilder head = new StringBuilder(String.format("%-14s", "method"));
    for (String c : classNames) {
      head.append(String.format(" %7s", abbreviate(c)));
    }
    out.println(head);
    for (Row r : rows) {
      StringBuilder line = new StringBuilder(String.format("%-14s", r.method()));
      for (double v : r.score().perClass()) {
        line.append(Double.isNaN(v) ? "       -" : String.format(Locale.ROOT, " %7.1f", 100 * v));
      }
      out.println(line);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 7 ? s : s.substring(0, 7);
  }

  /**
   * How a run's segmentation scores are computed: "at network resolution WxH" (labels resized to
   * the network's size) or "at label resolution" (predictions upsampled to each label's own size);
   * empty for classification.
   */
  public static String scoredAt(org.real2sim.trainer.config.RunConfig c) {
    if (!c.data().segmentation()) {
      return "";
    }
    return c.eval().labelResolution()
        ? "mIoU at label resolution (predictions upsampled to each label's own size)"
        : "mIoU at network resolution "
            + c.data().width()
            + "x"
            + c.data().height()
            + " (labels resized, nearest)";
  }

  /** Appends the rows to metrics.jsonl and writes {@code results.json}. */
  public static void record(TrainContext ctx, List<Row> rows, List<String> classNames) {
    record(ctx, rows, classNames, RESULTS);
  }

  /**
   * Writes the rows to {@code file} in the run directory; for the run's own {@link #RESULTS} also
   * appends them to metrics.jsonl. The file names the validation set it was computed on.
   */
  public static void record(
      TrainContext ctx, List<Row> rows, List<String> classNames, String file) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("run", ctx.config().name());
    root.put("task", ctx.config().data().task());
    var ref = ctx.config().data().real();
    ObjectNode on = root.putObject("validation");
    on.put("format", ref.format());
    on.put("root", ref.root());
    on.put("split", ref.valSplit());
    ref.options().forEach(on.putObject("options")::put);
    root.put("scoredAt", scoredAt(ctx.config()));
    ArrayNode classes = root.putArray("classes");
    classNames.forEach(classes::add);
    ArrayNode methods = root.putArray("methods");
    for (Row r : rows) {
      if (file.equals(RESULTS)) {
        ctx.metrics()
            .append(
                new MetricsLog.Entry(
                    "evaluate",
                    0,
                    r.method().id(),
                    r.score().metric(),
                    r.score().value(),
                    r.score().perClass()));
      }
      ObjectNode m = methods.addObject();
      m.put("method", r.method().id());
      m.put("description", r.description());
      m.put("metric", r.score().metric());
      m.put("value", r.score().value());
      m.put("images", r.score().images());
      m.put(
          "checkpoint",
          ctx.run().root().toAbsolutePath().relativize(r.checkpoint().toAbsolutePath()).toString());
      ArrayNode pc = m.putArray("perClass");
      for (double v : r.score().perClass()) {
        if (Double.isNaN(v)) {
          pc.addNull();
        } else {
          pc.add(v);
        }
      }
    }
    try {
      AtomicFiles.writeString(
          ctx.run().root().resolve(file),
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Reads {@code results.json} of a run: method → value. */
  public static Map<String, Double> readResults(Path runDir) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    Path f = runDir.resolve(RESULTS);
    if (!Files.exists(f)) {
      return out;
    }
    var root = new ObjectMapper().readTree(Files.readString(f));
    for (var m : root.path("methods")) {
      out.put(m.path("method").asText(), m.path("value").asDouble());
    }
    return out;
  }

  /** The checkpoints a finished run evaluates, by method; missing stages are left out. */
  public static List<String> methodsPresent(Path runDir) {
    List<String> out = new ArrayList<>();
    for (String s :
        List.of(
            Stages.EXPERT,
            Stages.CYCLEGAN,
            Stages.CYCLEGAN_CONTINUED,
            Stages.ALPHA0_CONTROL,
            Stages.LEGACY_M1_CONTINUED,
            Stages.SUPERVISED,
            Stages.TASKAWARE,
            Stages.ORACLE)) {
      if (Files.exists(runDir.resolve(s).resolve(StageState.DONE))) {
        out.add(s);
      }
    }
    return out;
  }
}

package org.real2sim.tools.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.real2sim.exporter.nets.ExpertArchitecture;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.TfSessions;
import org.real2sim.models.nn.VarStore;
import org.real2sim.trainer.config.ConfigLoader;
import org.real2sim.trainer.config.ConfigText;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.run.CheckpointFolder;
import org.real2sim.trainer.stage.Networks;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A finished training run made without training, for the export tests: an ImageFolder data set of
 * three classes with seeded 20×20 PNG images (train and val), the shapes-tiny configuration (16×16,
 * G_RS ngf 4 with one block, ResNet-18 of width 4) pointing at it, checkpoints of G_RS ({@code
 * taskaware/}) and f ({@code expert/}) holding the networks' seeded initial weights, and a {@code
 * results.json} with a methods table.
 */
final class TinyRun {

  static final List<String> CLASSES = List.of("disc", "ring", "square");

  private TinyRun() {}

  /** Creates the run under {@code dir}; returns the run directory. */
  static Path create(Path dir) throws IOException {
    Path data = dir.resolve("data");
    SplittableRandom rng = new SplittableRandom(3);
    for (String domain : List.of("real", "synthetic")) {
      for (String split : List.of("train", "val")) {
        for (String c : CLASSES) {
          Path folder = Files.createDirectories(data.resolve(domain).resolve(split).resolve(c));
          for (int i = 0; i < 2; i++) {
            BufferedImage im = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
              for (int x = 0; x < 20; x++) {
                im.setRGB(x, y, rng.nextInt(1 << 24));
              }
            }
            ImageIO.write(im, "png", folder.resolve(c + "_" + i + ".png").toFile());
          }
        }
      }
    }
    RunConfig config =
        new ConfigLoader()
            .preset("shapes-tiny")
            .set("name=fixture")
            .set("data.real.root=" + data.resolve("real"))
            .set("data.synthetic.root=" + data.resolve("synthetic"))
            .build();
    Path run = dir.resolve("runs").resolve("fixture");
    ConfigText.write(config, run);
    saveCheckpoints(config, run);
    Files.writeString(
        run.resolve("results.json"),
        """
        {"run": "fixture", "task": "classification", "classes": ["disc", "ring", "square"],
         "methods": [
          {"method": "M2", "metric": "accuracy", "value": 0.25},
          {"method": "M1", "metric": "accuracy", "value": 0.375},
          {"method": "M3", "metric": "accuracy", "value": 0.5},
          {"method": "ours", "metric": "accuracy", "value": 0.625}]}
        """);
    return run;
  }

  private static void saveCheckpoints(RunConfig config, Path run) throws IOException {
    ExpertArchitecture expert = RunExporter.expertArchitecture(config, CLASSES.size());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VarStore vars = new VarStore(g, 5);
      Operand<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      ResnetGenerator.Config gc =
          new ResnetGenerator.Config(config.stageB().ngf(), config.stageB().nBlocks(), 3, 3);
      Operand<TFloat32> y = new ResnetGenerator(gc, Names.G_RS, vars).call(tf, x);
      expert
          .build(Names.EXPERT, vars, Networks.normalization(config.stageA()))
          .callOnGenerated(tf, y, false);
      try (Session s = TfSessions.open(g, 1)) {
        vars.initialize(s);
        Saver saver = new Saver(vars, vars.all());
        for (String stage : List.of("expert", "taskaware")) {
          CheckpointFolder c = new CheckpointFolder(run.resolve(stage), saver);
          c.markBest(c.save(s, 1));
          new org.real2sim.trainer.stage.StageState(stage, 1, 1, "accuracy", 0.5, 1, 0.5, 1)
              .write(run.resolve(stage).resolve(org.real2sim.trainer.stage.StageState.DONE));
        }
      }
    }
  }
}

package org.real2sim.tools.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A hand-written run directory for report tests: every number in it is chosen here, so the tests
 * can check the report's tables against hand-computed values.
 *
 * <p>Methods (segmentation, three classes): in-domain 0.9411, M2 0.0990, M1 0.2134, M3 0.2700, ours
 * 0.3475, oracle 0.6270. Stage c (taskaware) logged 0.30, 0.3475, 0.33 in epochs 1–3, so its best
 * grid is epoch 2.
 */
final class FakeRun {

  private FakeRun() {}

  static final String RESULTS =
      """
      {
        "run" : "fake",
        "task" : "segmentation",
        "classes" : [ "road", "traffic <sign>", "sky" ],
        "methods" : [ {
          "method" : "in-domain", "description" : "f on synthetic validation images",
          "metric" : "miou", "value" : 0.9411, "images" : 700,
          "checkpoint" : "expert/ckpt-00000030", "perClass" : [ 0.98, 0.9, 0.9433 ]
        }, {
          "method" : "M2", "description" : "f(x): real images straight to the expert",
          "metric" : "miou", "value" : 0.099, "images" : 500,
          "checkpoint" : "expert/ckpt-00000030", "perClass" : [ 0.2, null, 0.097 ]
        }, {
          "method" : "M1", "description" : "f(G_RS(x)), CycleGAN only (best epoch)",
          "metric" : "miou", "value" : 0.2134, "images" : 500,
          "checkpoint" : "cyclegan/ckpt-00000175", "perClass" : [ 0.4, 0.05, 0.1902 ]
        }, {
          "method" : "M3", "description" : "f_R trained on the 148 labeled real images",
          "metric" : "miou", "value" : 0.27, "images" : 500,
          "checkpoint" : "supervised/ckpt-00000100", "perClass" : [ 0.5, 0.01, 0.3 ]
        }, {
          "method" : "ours", "description" : "f(G_RS(x)), task-aware, alpha 0.90",
          "metric" : "miou", "value" : 0.3475, "images" : 500,
          "checkpoint" : "taskaware/ckpt-00000002", "perClass" : [ 0.6, 0.1025, 0.34 ]
        }, {
          "method" : "oracle", "description" : "f_R trained on all labeled real images",
          "metric" : "miou", "value" : 0.627, "images" : 500,
          "checkpoint" : "oracle/ckpt-00000100", "perClass" : [ 0.9, 0.4, 0.581 ]
        } ]
      }
      """;

  static final String METRICS =
"""
{"stage":"expert","epoch":1,"method":"in-domain","metric":"miou","value":0.9,"perClass":[]}
{"stage":"cyclegan","epoch":1,"method":"M1","metric":"miou","value":0.18,"perClass":[]}
{"stage":"cyclegan","epoch":2,"method":"M1","metric":"miou","value":0.2134,"perClass":[]}
{"stage":"taskaware","epoch":1,"method":"ours","metric":"miou","value":0.30,"perClass":[0.5,0.1,0.3]}
{"stage":"taskaware","epoch":2,"method":"ours","metric":"miou","value":0.3475,"perClass":[0.6,0.1025,0.34]}
{"stage":"taskaware","epoch":3,"method":"ours","metric":"miou","value":0.33,"perClass":[0.6,0.1,0.29]}
{"stage":"supervised","epoch":1,"method":"M3","metric":"miou","value":0.27,"perClass":[]}
{"stage":"sweep/alpha-0.50","epoch":1,"method":"ours","metric":"miou","value":0.25,"perClass":[]}
{"stage":"evaluate","epoch":0,"method":"M2","metric":"miou","value":0.099,"perClass":[0.2,null,0.097]}
""";

  static final String SWEEP =
"""
{
  "points" : [
    {"kind":"alpha","alpha":0.0,"fraction":0.05,"count":148,"method":"ours","metric":"miou",
     "value":0.2134,"bestEpoch":1,"stage":"m1-continued"},
    {"kind":"alpha","alpha":0.5,"fraction":0.05,"count":148,"method":"ours","metric":"miou",
     "value":0.25,"bestEpoch":1,"stage":"sweep/alpha-0.50"},
    {"kind":"alpha","alpha":0.9,"fraction":0.05,"count":148,"method":"ours","metric":"miou",
     "value":0.3475,"bestEpoch":2,"stage":"taskaware"},
    {"kind":"labeled","alpha":0.9,"fraction":0.005,"count":14,"method":"ours","metric":"miou",
     "value":0.2809,"bestEpoch":4,"stage":"sweep/labeled-0.005/taskaware"},
    {"kind":"labeled","alpha":null,"fraction":0.005,"count":14,"method":"M3","metric":"miou",
     "value":0.08,"bestEpoch":9,"stage":"sweep/labeled-0.005/supervised"},
    {"kind":"labeled","alpha":0.9,"fraction":0.05,"count":148,"method":"ours","metric":"miou",
     "value":0.3475,"bestEpoch":2,"stage":"taskaware"},
    {"kind":"labeled","alpha":null,"fraction":0.05,"count":148,"method":"M3","metric":"miou",
     "value":0.27,"bestEpoch":1,"stage":"supervised"}
  ],
  "skipped" : [
          {"kind":"labeled","value":0.0001,"stage":"sweep/labeled-0.0001","reason":"selects none"},
          {"kind":"alpha","value":0.7,"stage":"sweep/alpha-0.70","reason":"failed: loss_g is NaN"}
        ]
}
""";

  static final String CONFIG_TXT =
      """
      # effective configuration; '*' marks a non-default value
      * name = "fake"   [default: "run"]
        seed = 1
      * data.height = 16   [default: 256]
        stageC.alpha = 0.9
      """;

  static final String BUNDLE =
"""
{"formatVersion":1,"part":"pipeline","task":"segmentation",
 "classes":["road","traffic <sign>","sky"],"palette":["#804080","#dcdc00","#4682b4"],
 "opset":17,"model":"model.onnx","modelSha256":"ab12cd34",
 "provenance":{"seed":1,"codeVersion":"0.1.0","config":{"x":1},"metrics":{"ours":{"mIoU":0.3475}}}}
""";

  /** Writes the full fake run (results, metrics, sweep, config, bundle, sample grids). */
  static Path full(Path root) throws IOException {
    Files.createDirectories(root.resolve("samples"));
    Files.writeString(root.resolve("results.json"), RESULTS);
    Files.writeString(root.resolve("metrics.jsonl"), METRICS);
    Files.writeString(root.resolve("config.txt"), CONFIG_TXT);
    Files.createDirectories(root.resolve("sweep"));
    Files.writeString(root.resolve("sweep/sweep.json"), SWEEP);
    Files.createDirectories(root.resolve("bundle"));
    Files.writeString(root.resolve("bundle/bundle.json"), BUNDLE);
    png(root.resolve("samples/taskaware_epoch001.png"), Color.RED);
    png(root.resolve("samples/taskaware_epoch002.png"), Color.GREEN);
    png(root.resolve("samples/taskaware_epoch003.png"), Color.BLUE);
    png(root.resolve("samples/cyclegan_epoch002.png"), Color.GRAY);
    Files.createDirectories(root.resolve("samples/sweep"));
    png(root.resolve("samples/sweep/alpha-0.50_epoch001.png"), Color.ORANGE);
    return root;
  }

  /** Writes a 4×3 PNG filled with one colour. */
  static void png(Path file, Color c) throws IOException {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        img.setRGB(x, y, c.getRGB());
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }
}

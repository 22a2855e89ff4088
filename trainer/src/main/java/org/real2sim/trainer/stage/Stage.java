package org.real2sim.trainer.stage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * The stages of a run, each named by its folder under the run directory: the one list of stage
 * folders that the trainer, the evaluation, the report and the exporter read. In JSON a stage is
 * its folder name ({@code "expert"}, {@code "m1-continued"}, ...), the spelling run folders have
 * always used. Declared in the order the report shows them.
 */
public enum Stage {
  /** Stage a: the expert f on the synthetic domain. */
  EXPERT("expert", "stage a, f on synthetic images (in-domain)", false),
  /** Stage b: CycleGAN, also the M1 baseline. */
  CYCLEGAN("cyclegan", "stage b, CycleGAN (M1)", true),
  /** M1 as the paper defines it: stage b continued on all unlabeled data. */
  CYCLEGAN_CONTINUED("cyclegan-continued", "M1, stage b continued on all unlabeled data", true),
  /** Stage c: task-aware fine-tuning of G_RS (the method). */
  TASKAWARE("taskaware", "stage c, task-aware G_RS (ours)", true),
  /** The α = 0 control: stage c's loop over the labeled subset without the task loss. */
  ALPHA0_CONTROL("alpha0-control", "alpha = 0 control, stage c's loop without the task loss", true),
  /** Where runs made before the α = 0 control had its own name kept it. */
  LEGACY_M1_CONTINUED("m1-continued", "alpha = 0 control (older runs' name)", true),
  /** M3: f_R trained on the labeled real images. */
  SUPERVISED("supervised", "M3, f_R on the labeled real images", false),
  /** The oracle: f_R trained on all labeled real images. */
  ORACLE("oracle", "oracle, f_R on all labeled real images", false);

  private final String folder;
  private final String role;
  private final boolean generator;

  Stage(String folder, String role, boolean generator) {
    this.folder = folder;
    this.role = role;
    this.generator = generator;
  }

  /** The stage's folder name under the run directory, also its JSON spelling. */
  @JsonValue
  public String folder() {
    return folder;
  }

  /** What the stage is, for reports: {@code "stage b, CycleGAN (M1)"}. */
  public String role() {
    return role;
  }

  /** Whether the stage trains a generator G_RS (a pipeline bundle can take G_RS from it). */
  public boolean trainsGenerator() {
    return generator;
  }

  /** The stages whose G_RS a bundle can take, the method's first. */
  public static List<Stage> generatorStages() {
    return List.of(TASKAWARE, CYCLEGAN, CYCLEGAN_CONTINUED, ALPHA0_CONTROL, LEGACY_M1_CONTINUED);
  }

  /**
   * The stage with folder name {@code folder}.
   *
   * @throws IllegalArgumentException naming the value and the valid folders
   */
  @JsonCreator
  public static Stage of(String folder) {
    for (Stage s : values()) {
      if (s.folder.equals(folder)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown stage '" + folder + "', expected one of " + folders(Arrays.asList(values())));
  }

  /** The folder names of {@code stages}, in order. */
  public static List<String> folders(List<Stage> stages) {
    return stages.stream().map(Stage::folder).toList();
  }

  /** The folder name. */
  @Override
  public String toString() {
    return folder;
  }
}

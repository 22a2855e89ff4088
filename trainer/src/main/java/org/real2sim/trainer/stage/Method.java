package org.real2sim.trainer.stage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the methods table, in table order: what each method is, the name it has in {@code
 * results.json}, {@code metrics.jsonl}, reports and sweeps, and the stage folders its score comes
 * from. Every module that reads or writes a method name uses these constants.
 *
 * <p>M1 follows the paper (Sec. 4.2 d: "we trained the task agnostic GAN for another 125 epochs"):
 * stage b, continued with the plain loss on all the unlabeled data; its score is the best over
 * stage b and the continuation. The α = 0 control (stage c's own loop over the labeled subset,
 * without the task term) is a different baseline with a row of its own.
 */
public enum Method {
  /** f on the synthetic validation images (the expert in its own domain). */
  IN_DOMAIN("in-domain", "f on synthetic validation images", List.of(Stages.EXPERT)),
  /** M2: f(x), real images fed straight to the expert. */
  M2("M2", "f(x): real images straight to the expert", List.of(Stages.EXPERT)),
  /** M1: f(G_RS(x)) after the task-agnostic CycleGAN, stage b and its continuation. */
  M1(
      "M1",
      "f(G_RS(x)), CycleGAN only (stage b + continuation)",
      List.of(Stages.CYCLEGAN, Stages.CYCLEGAN_CONTINUED)),
  /**
   * The α = 0 control: stage c's loop over the labeled subset without the task term. Runs made
   * before this row existed kept it in {@code m1-continued/}.
   */
  ALPHA0_CONTROL(
      "alpha0-control",
      "f(G_RS(x)), alpha 0 control (stage c loop, no task loss)",
      List.of(Stages.ALPHA0_CONTROL, Stages.LEGACY_M1_CONTINUED)),
  /** M3: f_R trained from scratch on the labeled real images. */
  M3("M3", "f_R trained on the labeled real images", List.of(Stages.SUPERVISED)),
  /** Ours: f(G_RS(x)) after stage c. */
  OURS("ours", "f(G_RS(x)), task-aware", List.of(Stages.TASKAWARE)),
  /** The oracle: f_R trained on all labeled real images (the domain-gap table). */
  ORACLE("oracle", "f_R trained on all labeled real images", List.of(Stages.ORACLE));

  private final String id;
  private final String description;
  private final List<String> folders;

  Method(String id, String description, List<String> folders) {
    this.id = id;
    this.description = description;
    this.folders = folders;
  }

  /** The name in tables, files and on the command line ({@code M1}, {@code ours}, ...). */
  @JsonValue
  public String id() {
    return id;
  }

  /** What the row evaluates. */
  public String description() {
    return description;
  }

  /** The stage folders whose checkpoints stand for this method (the best of them counts). */
  public List<String> folders() {
    return folders;
  }

  /** Whether the row scores the expert on G_RS's translations (else a network on raw images). */
  public boolean translated() {
    return this == M1 || this == ALPHA0_CONTROL || this == OURS;
  }

  /** The names of all methods, in table order. */
  public static List<String> ids() {
    List<String> out = new ArrayList<>();
    for (Method m : values()) {
      out.add(m.id);
    }
    return out;
  }

  /**
   * The method called {@code id}.
   *
   * @throws IllegalArgumentException naming the valid choices if there is none
   */
  @JsonCreator
  public static Method of(String id) {
    for (Method m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("Unknown method '" + id + "', expected one of " + ids());
  }

  @Override
  public String toString() {
    return id;
  }
}

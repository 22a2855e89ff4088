package org.real2sim.trainer.data;

import java.util.List;

/**
 * The class lists of {@code shared/notes/datasets.md}, in id order, written out here independently
 * of the main code's tables so that tests can check those tables against them.
 */
public final class NotesClasses {

  /** The 19 Cityscapes training classes, train ids 0..18. */
  public static final List<String> CITYSCAPES19 =
      List.of(
          "road",
          "sidewalk",
          "building",
          "wall",
          "fence",
          "pole",
          "traffic light",
          "traffic sign",
          "vegetation",
          "terrain",
          "sky",
          "person",
          "rider",
          "car",
          "truck",
          "bus",
          "train",
          "motorcycle",
          "bicycle");

  /** The 16-class SYNTHIA protocol: the 19 without terrain, truck and train. */
  public static final List<String> SYNTHIA16 =
      List.of(
          "road",
          "sidewalk",
          "building",
          "wall",
          "fence",
          "pole",
          "traffic light",
          "traffic sign",
          "vegetation",
          "sky",
          "person",
          "rider",
          "car",
          "bus",
          "motorcycle",
          "bicycle");

  /** The 13-class CARLA protocol: pedestrian and vehicle types merged. */
  public static final List<String> CARLA13 =
      List.of(
          "road",
          "sidewalk",
          "building",
          "wall",
          "fence",
          "pole",
          "traffic light",
          "traffic sign",
          "vegetation",
          "terrain",
          "sky",
          "pedestrian",
          "vehicles");

  /** The paper's ten Sketchy classes. */
  public static final List<String> SKETCHY_PAPER =
      List.of(
          "alarm_clock",
          "apple",
          "cat",
          "chair",
          "cup",
          "elephant",
          "hedgehog",
          "horse",
          "shoe",
          "teapot");

  private NotesClasses() {}
}

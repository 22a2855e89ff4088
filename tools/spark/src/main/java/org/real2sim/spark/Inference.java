package org.real2sim.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.real2sim.runtime.ClassificationResult;
import org.real2sim.runtime.Pipeline;
import org.real2sim.runtime.PipelineException;
import org.real2sim.runtime.SegmentationResult;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.runtime.image.ImageException;
import org.real2sim.runtime.image.Images;
import org.real2sim.runtime.image.RgbImage;
import org.real2sim.trainer.eval.ConfusionMatrix;

/**
 * The per-partition work of a batch job: every input row ({@code path}, {@code content} or null,
 * {@code label} or null) becomes one output row, a prediction or a reject.
 *
 * <p>The executor's pipeline comes from {@link ExecutorPipelines} (opened once per JVM). A row
 * whose image cannot be read or decoded, is over the pixel limit, is refused by the bundle's input
 * policy, or whose label is missing or invalid, gets its {@code reject} column set to the reason
 * and its other result columns null: the job never fails on a bad row. Output columns,
 * classification: {@code path, class_id, class_name, score, scores, label, reject}; segmentation:
 * {@code path, height, width, mask_png, histogram, label_path, confusion, reject}, where {@code
 * mask_png} is an 8-bit PNG of class ids, {@code histogram} the pixel count of each class, and
 * {@code confusion} (evaluation only) the image's confusion matrix, row-major [truth][prediction].
 */
final class Inference implements MapPartitionsFunction<Row, Row>, Serializable {

  /** The reason column, null for a prediction. */
  static final String REJECT = "reject";

  private final BundleRef bundle;
  private final Task task;
  private final List<String> classes;
  private final boolean evaluate;
  private final String labelDir;

  Inference(BundleRef bundle, Task task, List<String> classes, boolean evaluate, String labelDir) {
    this.bundle = bundle;
    this.task = task;
    this.classes = List.copyOf(classes);
    this.evaluate = evaluate;
    this.labelDir = labelDir;
  }

  /** The output schema of a task. */
  static StructType schema(Task task) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("path", DataTypes.StringType, false));
    if (task == Task.CLASSIFICATION) {
      f.add(DataTypes.createStructField("class_id", DataTypes.IntegerType, true));
      f.add(DataTypes.createStructField("class_name", DataTypes.StringType, true));
      f.add(DataTypes.createStructField("score", DataTypes.FloatType, true));
      f.add(
          DataTypes.createStructField(
              "scores", DataTypes.createArrayType(DataTypes.FloatType, false), true));
      f.add(DataTypes.createStructField("label", DataTypes.IntegerType, true));
    } else {
      f.add(DataTypes.createStructField("height", DataTypes.IntegerType, true));
      f.add(DataTypes.createStructField("width", DataTypes.IntegerType, true));
      f.add(DataTypes.createStructField("mask_png", DataTypes.BinaryType, true));
      f.add(
          DataTypes.createStructField(
              "histogram", DataTypes.createArrayType(DataTypes.LongType, false), true));
      f.add(DataTypes.createStructField("label_path", DataTypes.StringType, true));
      f.add(
          DataTypes.createStructField(
              "confusion", DataTypes.createArrayType(DataTypes.LongType, false), true));
    }
    f.add(DataTypes.createStructField(REJECT, DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Pipeline p = ExecutorPipelines.get(bundle);
    Files files = new Files();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        return one(p, files, rows.next());
      }
    };
  }

  private Row one(Pipeline p, Files conf, Row in) {
    String path = in.getString(0);
    byte[] content = in.isNullAt(1) ? null : (byte[]) in.get(1);
    String label = in.size() > 2 && !in.isNullAt(2) ? in.getString(2) : null;
    String labelPath = null;
    try {
      byte[] bytes = content != null ? content : read(path, conf);
      RgbImage image = ImageBytes.decode(path, bytes, bundle.maxPixels());
      if (task == Task.CLASSIFICATION) {
        Integer truth = evaluate ? classLabel(path, label) : null;
        ClassificationResult r = p.classify(image);
        Float score = r.hasScores() ? r.confidence() : null;
        float[] s = r.hasScores() ? r.scores() : null;
        return RowFactory.create(
            path, r.classId(), r.className(), score, s == null ? null : boxed(s), truth, null);
      }
      int[] truth = null;
      int[] size = new int[2];
      if (evaluate) {
        labelPath = labelPath(path);
        truth = ImageBytes.labels(labelPath, read(labelPath, conf), bundle.maxPixels(), size);
      }
      SegmentationResult r = p.segment(image);
      Long[] confusion = null;
      if (evaluate) {
        if (size[0] != r.height() || size[1] != r.width()) {
          throw new IllegalArgumentException(
              "label "
                  + labelPath
                  + " is "
                  + size[1]
                  + "x"
                  + size[0]
                  + " (WxH) but the image and its mask are "
                  + r.width()
                  + "x"
                  + r.height());
        }
        byte[] mask = r.mask();
        int[] pred = new int[mask.length];
        for (int i = 0; i < mask.length; i++) {
          pred[i] = mask[i] & 0xff;
        }
        ConfusionMatrix cm = new ConfusionMatrix(classes.size());
        try {
          cm.add(pred, truth);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("label " + labelPath + ": " + e.getMessage(), e);
        }
        confusion = flatten(cm.toArray());
      }
      return RowFactory.create(
          path, r.height(), r.width(), png(r), boxed(r.pixelCounts()), labelPath, confusion, null);
    } catch (ImageException | PipelineException | IllegalArgumentException | IOException e) {
      return reject(path, labelPath, message(e));
    }
  }

  private Row reject(String path, String labelPath, String reason) {
    if (task == Task.CLASSIFICATION) {
      return RowFactory.create(path, null, null, null, null, null, reason);
    }
    return RowFactory.create(path, null, null, null, null, labelPath, null, reason);
  }

  /** The class id of a classification image: from the labels table, or its folder's name. */
  private int classLabel(String path, String label) {
    String name = label;
    String where = "labels table";
    if (name == null) {
      String[] parts = path.split("/");
      if (parts.length < 2) {
        throw new IllegalArgumentException(
            "no label: " + path + " is not in a class folder and no labels table names it");
      }
      name = parts[parts.length - 2];
      where = "folder";
    }
    int id = classes.indexOf(name);
    if (id >= 0) {
      return id;
    }
    if (label != null) {
      try {
        id = Integer.parseInt(name.strip());
        if (id >= 0 && id < classes.size()) {
          return id;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "label '"
            + name
            + "' (from the "
            + where
            + ") is not a class of the bundle, expected one of "
            + classes
            + (label != null ? " or an id in [0, " + classes.size() + ")" : ""));
  }

  /** The label PNG of a segmentation image. */
  private String labelPath(String path) {
    int slash = path.lastIndexOf('/');
    String file = path.substring(slash + 1);
    int dot = file.lastIndexOf('.');
    String stem = dot > 0 ? file.substring(0, dot) : file;
    if (labelDir != null) {
      return labelDir.replaceAll("/+$", "") + "/" + stem + ".png";
    }
    String dir = path.substring(0, Math.max(slash, 0));
    if (!dir.endsWith("/images")) {
      throw new IllegalArgumentException(
          "no label for "
              + path
              + ": it is not in an images/ folder of the paired layout (images/<stem> with"
              + " labels/<stem>.png); pass --labels with the folder of label PNGs");
    }
    return dir.substring(0, dir.length() - "images".length()) + "labels/" + stem + ".png";
  }

  /** A partition's Hadoop configuration, loaded on first use only (it parses XML files). */
  private static final class Files {
    private Configuration conf;

    Configuration get() {
      if (conf == null) {
        conf = new Configuration();
      }
      return conf;
    }
  }

  /** The bytes of {@code path} through Hadoop's file systems (local, HDFS, object stores). */
  private static byte[] read(String path, Files files) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try (InputStream in = p.getFileSystem(files.get()).open(p)) {
      return in.readAllBytes();
    } catch (java.io.FileNotFoundException e) {
      throw new IOException(path + ": file does not exist", e);
    }
  }

  private static byte[] png(SegmentationResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(Images.classIdImage(r.mask(), r.height(), r.width()), "png", out);
    return out.toByteArray();
  }

  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static Long[] boxed(long[] v) {
    Long[] out = new Long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  static Long[] flatten(long[][] m) {
    Long[] out = new Long[m.length * m.length];
    for (int t = 0; t < m.length; t++) {
      for (int q = 0; q < m.length; q++) {
        out[t * m.length + q] = m[t][q];
      }
    }
    return out;
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}

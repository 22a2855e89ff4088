package org.real2sim.spark;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.real2sim.runtime.bundle.Task;
import org.real2sim.trainer.eval.ConfusionMatrix;

/**
 * What one pass over the job's rows counts.
 *
 * @param images rows with a prediction
 * @param rejects rejected rows
 * @param confusion the confusion matrix of the predictions (all zero unless evaluating)
 */
record Tally(long images, long rejects, ConfusionMatrix confusion) {

  /**
   * Counts the rows of {@code all} (the output of {@link Inference}, rejects included) and folds
   * one confusion matrix per partition ({@code mapPartitions}), merged on the driver: one job.
   */
  static Tally of(Dataset<Row> all, Task task, int k, boolean evaluate) {
    StructType partial =
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField("images", DataTypes.LongType, false),
                DataTypes.createStructField("rejects", DataTypes.LongType, false),
                DataTypes.createStructField(
                    "counts", DataTypes.createArrayType(DataTypes.LongType, false), false)));
    boolean seg = task == Task.SEGMENTATION;
    Dataset<Row> cols =
        !evaluate
            ? all.select(col(Inference.REJECT))
            : seg
                ? all.select(col(Inference.REJECT), col("confusion"))
                : all.select(col(Inference.REJECT), col("label"), col("class_id"));
    MapPartitionsFunction<Row, Row> fold =
        rows -> {
          ConfusionMatrix cm = new ConfusionMatrix(k);
          long ok = 0;
          long bad = 0;
          while (rows.hasNext()) {
            Row r = rows.next();
            if (!r.isNullAt(0)) {
              bad++;
              continue;
            }
            ok++;
            if (!evaluate) {
              continue;
            }
            if (seg) {
              cm.merge(matrix(r.getList(1), k));
            } else {
              cm.add(new int[] {r.getInt(2)}, new int[] {r.getInt(1)});
            }
          }
          return List.of(RowFactory.create(ok, bad, (Object) Inference.flatten(cm.toArray())))
              .iterator();
        };
    ConfusionMatrix total = new ConfusionMatrix(k);
    long images = 0;
    long rejects = 0;
    for (Row part : cols.mapPartitions(fold, Encoders.row(partial)).collectAsList()) {
      images += part.getLong(0);
      rejects += part.getLong(1);
      total.merge(matrix(part.getList(2), k));
    }
    return new Tally(images, rejects, total);
  }

  /** The {@code k × k} matrix of a confusion matrix flattened row by row. */
  private static ConfusionMatrix matrix(List<Long> flat, int k) {
    long[][] m = new long[k][k];
    for (int i = 0; i < flat.size(); i++) {
      m[i / k][i % k] = flat.get(i);
    }
    return ConfusionMatrix.of(m);
  }
}

package org.real2sim.trainer.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Writes TensorBoard event files ({@code events.out.tfevents.*}) with TensorFlow's own summary ops,
 * so that {@code tensorboard --logdir runs/} shows losses, metrics and sample images.
 *
 * <p>Owns a small graph and session of its own (independent of any training graph); close it to
 * flush and release them. Not thread-safe.
 */
public final class EventWriter implements AutoCloseable {

  private static final java.util.concurrent.atomic.AtomicLong WRITERS =
      new java.util.concurrent.atomic.AtomicLong();

  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> scalar;
  private final Placeholder<TUint8> image;
  private final Placeholder<TString> rawSummary;
  private final Op writeRaw;
  private final Op writeScalar;
  private final Op writeImage;
  private final Op flush;
  private final Op close;
  private boolean closed;

  /** Opens an event file in {@code dir} (created if needed). */
  public EventWriter(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot create event folder " + dir, e);
    }
    graph = new Graph();
    Ops tf = Ops.create(graph);
    SummaryWriter writer =
        tf.summary.summaryWriter(
            SummaryWriter.sharedName("real2sim_events_" + WRITERS.incrementAndGet()));
    Op create =
        tf.summary.createSummaryFileWriter(
            writer,
            tf.constant(dir.toAbsolutePath().toString()),
            tf.constant(10),
            tf.constant(5000),
            tf.constant(".real2sim"));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    scalar = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    image = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    writeScalar = tf.summary.writeScalarSummary(writer, step, tag, scalar);
    rawSummary = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    writeRaw = tf.summary.writeRawProtoSummary(writer, step, rawSummary);
    writeImage =
        tf.summary.writeImageSummary(
            writer,
            step,
            tag,
            image,
            tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}),
            org.tensorflow.op.summary.WriteImageSummary.maxImages(8L));
    flush = tf.summary.flushSummaryWriter(writer);
    close = tf.summary.closeSummaryWriter(writer);
    // The run's session configuration, not a default session: with cuda:N a default session
    // would open every visible GPU with TensorFlow's default options (all memory, no growth).
    session = org.real2sim.models.nn.TfSessions.open(graph, 1);
    run(create);
  }

  /** Records a scalar, e.g. {@code loss_g_rs} or {@code val/accuracy}, at a global step. */
  public synchronized void scalar(String name, long globalStep, double value) {
    try (TInt64 s = TInt64.scalarOf(globalStep);
        TString t = TString.scalarOf(name);
        TFloat32 v = TFloat32.scalarOf((float) value)) {
      session
          .runner()
          .feed(step, s)
          .feed(tag, t)
          .feed(scalar, v)
          .addTarget(writeScalar)
          .run()
          .close();
    }
  }

  /** Records an RGB image given as uint8 bytes in HWC order. */
  public synchronized void image(String name, long globalStep, byte[] rgb, int height, int width) {
    if (rgb.length != height * width * 3) {
      throw new IllegalArgumentException(
          "image "
              + name
              + ": expected "
              + height * width * 3
              + " bytes for "
              + height
              + "x"
              + width
              + " RGB, found "
              + rgb.length);
    }
    try (TInt64 s = TInt64.scalarOf(globalStep);
        TString t = TString.scalarOf(name);
        TUint8 img =
            TUint8.tensorOf(Shape.of(1, height, width, 3), DataBuffers.of(rgb, true, false))) {
      session
          .runner()
          .feed(step, s)
          .feed(tag, t)
          .feed(image, img)
          .addTarget(writeImage)
          .run()
          .close();
    }
  }

  /**
   * Records the hyperparameters of this run folder for TensorBoard's HParams dashboard: one {@code
   * _hparams_/session_start_info} summary whose plugin data is an {@code HParamsPluginData} message
   * (TensorBoard's {@code plugins/hparams/plugin_data.proto}, encoded here by hand because neither
   * TensorFlow Java nor its protos carry it), as TensorBoard's own {@code hparams()} writes it.
   * TensorBoard infers the experiment (the hparams columns and the scalar metrics) from these.
   *
   * @param hparams name to a {@link Number}, {@link Boolean} or string value (others via toString);
   *     insertion order is kept
   */
  public void hparams(Map<String, ?> hparams) {
    byte[] summary = HParams.sessionStartSummary(hparams, System.currentTimeMillis() / 1000.0);
    try (TInt64 s = TInt64.scalarOf(0L);
        TString raw = TString.tensorOfBytes(NdArrays.scalarOfObject(summary))) {
      session.runner().feed(step, s).feed(rawSummary, raw).addTarget(writeRaw).run().close();
    }
  }

  /** Flushes pending events to disk. */
  public synchronized void flush() {
    run(flush);
  }

  /** Runs {@code target}; unlike {@code Session.run(Op)}, closes the (empty) result. */
  private void run(Op target) {
    session.runner().addTarget(target).run().close();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      run(flush);
      run(close);
    } finally {
      session.close();
      graph.close();
    }
  }
}

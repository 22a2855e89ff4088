package org.real2sim.models.nn;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Creates sessions configured for this project: explicit thread counts, grappler remapping off. */
public final class TfSessions {

  private TfSessions() {}

  /**
   * The session configuration: {@code intraOpThreads} threads inside one op (0 = all cores), one
   * inter-op thread, and grappler's remapper off (it only prints a harmless error line for GAN graphs).
   */
  public static ConfigProto config(int intraOpThreads) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, found " + intraOpThreads);
    }
    int threads = intraOpThreads == 0 ? Runtime.getRuntime().availableProcessors() : intraOpThreads;
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(1)
        .setGraphOptions(
            GraphOptions.newBuilder()
                .setRewriteOptions(
                    RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.OFF).build())
                .build())
        .build();
  }

  /** A session on {@code graph} with {@link #config(int)}; variables are initialised by the caller. */
  public static Session open(Graph graph, int intraOpThreads) {
    return new Session(graph, false, config(intraOpThreads));
  }
}

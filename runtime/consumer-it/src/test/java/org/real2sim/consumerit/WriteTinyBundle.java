package org.real2sim.consumerit;

import java.nio.file.Path;
import org.real2sim.exporter.pipeline.TinyExport;

/**
 * Writes the exporter's tiny segmentation bundle (3 classes, seed 1) into the folder given as the
 * only argument, for the consumer project that the invoker plugin builds next.
 */
public final class WriteTinyBundle {

  private WriteTinyBundle() {}

  /** Writes the bundle into {@code args[0]}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: WriteTinyBundle <dir>");
      System.exit(2);
    }
    TinyExport.write(Path.of(args[0]), TinyExport.segmenter(3), 1);
    System.out.println("tiny bundle written to " + args[0]);
  }
}

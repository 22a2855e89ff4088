package org.real2sim.trainer.stage;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.real2sim.models.nn.ThreadPlan;

/**
 * Runs independent stages at the same time, each in a lane with its share of the cores (e.g. M3
 * while the CycleGAN trains): on 2 cores two single-thread lanes finish batch-1 work sooner than
 * one two-thread lane.
 *
 * <p>Lanes share nothing a stage writes but the metrics log and the event writer (both
 * synchronised); each stage draws its randomness from its own seeds, so a stage computes the same
 * in a lane as in the sequential order with the same threads. Every line a lane prints is prefixed
 * with its label, and its progress bars print plain lines instead of redrawing in place.
 */
public final class Lanes {

  /**
   * One lane.
   *
   * @param label the prefix of its output, e.g. {@code M3}
   * @param work the stages it runs, in order, on the lane's context
   */
  public record Lane(String label, Consumer<TrainContext> work) {}

  private Lanes() {}

  /**
   * The lanes {@code ctx} may really run concurrently: {@code ctx.lanes()} when TensorFlow gives
   * each session its own thread pool ({@link ThreadPlan#perSessionPools()}) and there are as many
   * cores, else 1 (with the reason printed once).
   */
  public static int usable(TrainContext ctx) {
    int n = Math.min(ctx.lanes(), ctx.cores());
    if (n > 1 && !ThreadPlan.perSessionPools()) {
      ctx.out()
          .printf(
              "lanes: %s is not set, so concurrent sessions would share one thread pool; running"
                  + " the stages in order (the real2sim launcher sets it)%n",
              ThreadPlan.PER_SESSION_POOLS_ENV);
      return 1;
    }
    return Math.max(1, n);
  }

  /**
   * Runs {@code lanes} at the same time, each on {@code ctx.cores() / lanes.size()} cores, and
   * waits for all of them; a failure in one lane is rethrown after the others finished.
   */
  public static void run(TrainContext ctx, List<Lane> lanes) {
    if (lanes.size() == 1) {
      lanes.get(0).work().accept(ctx);
      return;
    }
    int cores = Math.max(1, ctx.cores() / lanes.size());
    ctx.out()
        .printf(
            "lanes: %s at the same time, %d core(s) each%n",
            String.join(" | ", lanes.stream().map(Lane::label).toList()), cores);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            lanes.size(),
            r -> {
              Thread t = new Thread(r, "lane");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      List<PrintStream> outs = new ArrayList<>();
      for (Lane lane : lanes) {
        PrintStream out = prefixed(ctx.out(), "[" + lane.label() + "] ");
        outs.add(out);
        TrainContext view = ctx.lane(out, cores);
        running.add(pool.submit(() -> lane.work().accept(view)));
      }
      RuntimeException failure = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          RuntimeException r =
              c instanceof RuntimeException re ? re : new IllegalStateException(c.toString(), c);
          if (failure == null) {
            failure = r;
          } else {
            failure.addSuppressed(r);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the lanes", e);
        }
      }
      outs.forEach(PrintStream::close);
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A stream that writes each complete line to {@code target} as {@code prefix + line}, one line at
   * a time under {@code target}'s lock, so lanes never interleave within a line.
   */
  static PrintStream prefixed(PrintStream target, String prefix) {
    OutputStream lines =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public synchronized void write(int b) {
            if (b == '\r') {
              return; // a progress bar redraw: keep the lines plain
            }
            line.write(b);
            if (b == '\n') {
              emit();
            }
          }

          @Override
          public void flush() {
            // lines go out whole when they end; a partial line waits for its end or close()
          }

          @Override
          public synchronized void close() {
            if (line.size() > 0) {
              line.write('\n');
              emit();
            }
          }

          private void emit() {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (target) {
              target.print(prefix + s);
              target.flush();
            }
          }
        };
    return new PrintStream(lines, true, StandardCharsets.UTF_8);
  }
}

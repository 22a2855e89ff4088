package org.real2sim.trainer.util;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress display for long loops: count, percentage, rate, ETA and caller-supplied running
 * values such as losses.
 *
 * <p>On a terminal the bar is redrawn in place (at most every {@value #REDRAW_NANOS} ns, plus the
 * final state), e.g. {@code validate train [########........] 412/1000 41% 35.2/s ETA 0:17
 * loss_g=0.512}. When the output is not a terminal (a log file, CI) it prints one plain line each
 * time another tenth of the total is done, and a last line on {@link #close()}, so logs stay short.
 * With an unknown total ({@code total <= 0}) it shows count and rate only, every {@code 10^k}
 * steps.
 *
 * <p>Thread-safe: worker threads may call {@link #step()} concurrently.
 */
public final class ProgressBar implements AutoCloseable {

  /** Minimum time between two redraws on a terminal, in nanoseconds. */
  public static final long REDRAW_NANOS = 100_000_000L;

  private static final int WIDTH = 24;

  private final String task;
  private final long total;
  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private final Map<String, Double> values = new LinkedHashMap<>();
  private long done;
  private long lastDraw = Long.MIN_VALUE;
  private int lastTenth;
  private long nextCountLine = 1;
  private int lastWidth;
  private boolean closed;

  /**
   * A bar on {@code out}.
   *
   * @param task what is being counted, printed first (e.g. {@code "validate train"})
   * @param total the number of steps expected; zero or negative when unknown
   * @param out where to print
   * @param terminal whether {@code out} is an interactive terminal (redraw in place)
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}); tests pass a fake
   */
  public ProgressBar(
      String task, long total, PrintStream out, boolean terminal, LongSupplier nanoClock) {
    this.task = task;
    this.total = total;
    this.out = out;
    this.terminal = terminal;
    this.clock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** A bar on standard output that redraws in place when standard output is a terminal. */
  public static ProgressBar create(String task, long total) {
    return on(task, total, System.out);
  }

  /**
   * A bar on {@code out} that redraws in place only when {@code out} is standard output and that is
   * an interactive terminal ({@link Terminal}); plain lines otherwise.
   */
  public static ProgressBar on(String task, long total, PrintStream out) {
    return new ProgressBar(task, total, out, Terminal.isTerminal(out), System::nanoTime);
  }

  /** Records one more finished step. */
  public void step() {
    stepBy(1);
  }

  /** Records {@code n} more finished steps. */
  public synchronized void stepBy(long n) {
    done += n;
    maybeDraw();
  }

  /**
   * Sets a running value shown after the rate, e.g. {@code value("loss_g", 0.51)}; kept until
   * replaced.
   */
  public synchronized void value(String name, double v) {
    values.put(name, v);
  }

  /** The number of steps recorded so far. */
  public synchronized long done() {
    return done;
  }

  /** Prints the final state (once) and ends the line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (terminal) {
      draw();
      out.println();
    } else if (total <= 0 || tenth() > lastTenth || done == 0) {
      out.println(line());
    }
    out.flush();
  }

  private int tenth() {
    return total <= 0 ? 0 : (int) Math.min(10, done * 10 / total);
  }

  private void maybeDraw() {
    if (terminal) {
      long now = clock.getAsLong();
      if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || done == total) {
        lastDraw = now;
        draw();
      }
    } else if (total > 0) {
      int t = tenth();
      if (t > lastTenth) {
        lastTenth = t;
        out.println(line());
      }
    } else if (done >= nextCountLine) {
      while (nextCountLine <= done) {
        nextCountLine *= 10;
      }
      out.println(line());
    }
  }

  private void draw() {
    String s = line();
    StringBuilder b = new StringBuilder("\r").append(s);
    for (int i = s.length(); i < lastWidth; i++) {
      b.append(' ');
    }
    lastWidth = s.length();
    out.print(b);
    out.flush();
  }

  /** The text of the bar now, without line ending. */
  synchronized String line() {
    double seconds = (clock.getAsLong() - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder b = new StringBuilder(task);
    if (total > 0) {
      long shown = Math.min(done, total);
      int filled = (int) (shown * WIDTH / total);
      b.append(" [").append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      b.append(done).append('/').append(total);
      b.append(String.format(Locale.ROOT, " %3d%%", shown * 100 / total));
    } else {
      b.append(' ').append(done);
    }
    b.append(String.format(Locale.ROOT, " %s/s", rate(rate)));
    if (total > 0 && done < total && rate > 0) {
      b.append(" ETA ").append(duration((total - done) / rate));
    } else if (total > 0 && done >= total) {
      b.append(" in ").append(duration(seconds));
    }
    for (Map.Entry<String, Double> e : values.entrySet()) {
      b.append(' ').append(e.getKey()).append('=').append(value(e.getValue()));
    }
    return b.toString();
  }

  private static String rate(double r) {
    return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
  }

  private static String value(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Formats seconds as {@code m:ss} or {@code h:mm:ss}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s / 60) % 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}

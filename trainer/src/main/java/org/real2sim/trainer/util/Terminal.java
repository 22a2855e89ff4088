package org.real2sim.trainer.util;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Whether standard output is an interactive terminal, right on every JDK from 17 on: up to JDK 21
 * {@link System#console()} is non-null only when standard input and output are both terminals; from
 * JDK 22 it returns a console even when output is redirected to a file, and {@code
 * Console.isTerminal()} (new in 22, called here by reflection so the code compiles for 17) tells
 * the two apart. Every progress display asks here before it redraws with {@code \r}.
 */
public final class Terminal {

  private static final boolean STDOUT =
      decide(System.console() != null, isTerminal(System.console()));

  private Terminal() {}

  /** Whether standard output is an interactive terminal. */
  public static boolean stdout() {
    return STDOUT;
  }

  /** Whether {@code out} is standard output and standard output is an interactive terminal. */
  public static boolean isTerminal(PrintStream out) {
    return out == System.out && STDOUT;
  }

  /**
   * The rule: no console means no terminal; a console whose {@code isTerminal()} answered decides;
   * a console on a JDK without {@code isTerminal()} (17–21) is a terminal.
   */
  static boolean decide(boolean consolePresent, Optional<Boolean> consoleIsTerminal) {
    return consolePresent && consoleIsTerminal.orElse(true);
  }

  /** {@code console.isTerminal()} where the JDK has it (22+); empty on older JDKs or null. */
  static Optional<Boolean> isTerminal(Console console) {
    if (console == null) {
      return Optional.empty();
    }
    try {
      Method m = Console.class.getMethod("isTerminal");
      return Optional.of((Boolean) m.invoke(console));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A JDK that has the method but refuses the call: do not redraw in place.
      return Optional.of(false);
    }
  }
}

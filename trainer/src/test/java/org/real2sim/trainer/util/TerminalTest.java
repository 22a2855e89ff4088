package org.real2sim.trainer.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerminalTest {

  @Test
  void consoleThatIsNotATerminalIsNotOne() {
    // JDK 22+: System.console() is non-null with redirected output; isTerminal() says false.
    assertFalse(Terminal.decide(true, Optional.of(false)));
    assertTrue(Terminal.decide(true, Optional.of(true)));
  }

  @Test
  void consoleOnAnOldJdkIsATerminalAndNoConsoleIsNone() {
    assertTrue(Terminal.decide(true, Optional.empty()));
    assertFalse(Terminal.decide(false, Optional.empty()));
  }

  @Test
  void forkedTestJvmWithPipedOutputIsNoTerminal() {
    // Surefire pipes the forked JVM's output: on every JDK this must read as "not a terminal".
    assertFalse(Terminal.stdout());
    assertFalse(Terminal.isTerminal(System.out));
    assertFalse(Terminal.isTerminal(new PrintStream(new ByteArrayOutputStream())));
    assertTrue(Terminal.isTerminal(System.console()).isEmpty() || System.console() != null);
  }
}

package org.real2sim.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path tmp;

  @Test
  void failedWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws Exception {
    Path f = tmp.resolve("a.txt");
    AtomicFiles.write(f, "old".getBytes());
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write("half of the new con".getBytes());
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    try (var s = Files.list(tmp)) {
      assertEquals(List.of(f), s.toList());
    }
    AtomicFiles.write(f, "new".getBytes());
    assertEquals("new", Files.readString(f));
  }

  @Test
  void missingDirectoryIsNamed() {
    IOException e =
        assertThrows(
            IOException.class, () -> AtomicFiles.write(tmp.resolve("no/x.png"), new byte[0]));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(AtomicFiles.isTemporary(AtomicFiles.temporarySibling(tmp.resolve("x.png"))));
  }
}

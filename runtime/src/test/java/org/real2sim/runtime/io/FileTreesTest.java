package org.real2sim.runtime.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir Path dir;

  @Test
  void deletesATreeButNotWhatALinkInsideItPointsTo() throws Exception {
    Path outside = Files.writeString(dir.resolve("keep.txt"), "keep");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("f.txt"), "x");
    Files.createSymbolicLink(dir.resolve("tree/link"), outside);
    FileTrees.deleteRecursively(dir.resolve("tree"));
    assertFalse(Files.exists(dir.resolve("tree")));
    assertEquals("keep", Files.readString(outside));
  }

  @Test
  void aMissingPathIsNothingToDo() {
    assertNull(FileTrees.deleteQuietly(dir.resolve("missing")));
    assertNull(FileTrees.deleteQuietly(null));
  }
}

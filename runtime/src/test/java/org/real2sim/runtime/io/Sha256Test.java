package org.real2sim.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  @Test
  void matchesTheFips180TestVector(@TempDir Path tmp) throws Exception {
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertEquals(abc, Sha256.of("abc".getBytes()));
    Path f = tmp.resolve("abc");
    Files.writeString(f, "abc");
    assertEquals(abc, Sha256.of(f));
    assertTrue(Sha256.isWellFormed(abc));
    assertFalse(Sha256.isWellFormed(abc.toUpperCase()));
    assertFalse(Sha256.isWellFormed(abc.substring(1)));
  }
}

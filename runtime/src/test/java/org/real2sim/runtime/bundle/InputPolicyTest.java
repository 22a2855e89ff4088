package org.real2sim.runtime.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputPolicyTest {

  @Test
  void multiplePolicyAcceptsMultiplesWithinRangeOnly() {
    InputPolicy p = InputPolicy.multipleOf(8, 20, 100, InputPolicy.OnMismatch.REJECT);
    assertTrue(p.accepts(24, 96));
    assertFalse(p.accepts(16, 24), "16 is below min 20");
    assertFalse(p.accepts(24, 104), "104 is above max 100");
    assertFalse(p.accepts(30, 24), "30 is no multiple of 8");
  }

  @Test
  void targetSizeRoundsToNearestMultipleAndClamps() {
    InputPolicy p = InputPolicy.multipleOf(8, 20, 100, InputPolicy.OnMismatch.RESIZE);
    // 30/8 = 3.75 -> 32; 27/8 = 3.375 -> 24; 5 -> clamp to 24 (smallest multiple >= 20); 500 -> 96.
    assertArrayEquals(new int[] {32, 24}, p.targetSize(30, 27));
    assertArrayEquals(new int[] {24, 96}, p.targetSize(5, 500));
    assertArrayEquals(new int[] {64, 64}, InputPolicy.fixed(64, 64, null).targetSize(3, 999));
  }

  @Test
  void describeAndViolationNameTheNumbers() {
    InputPolicy p = InputPolicy.multipleOf(4, 16, 2048, null);
    assertEquals(InputPolicy.OnMismatch.REJECT, p.onMismatch());
    assertEquals("H and W multiples of 4 within [16, 2048]; otherwise reject", p.describe());
    assertEquals(
        "The image is 10x7 (HxW), outside the bundle's input policy: fixed 8x8 (HxW); otherwise"
            + " resize",
        InputPolicy.fixed(8, 8, InputPolicy.OnMismatch.RESIZE).violation("The image", 10, 7));
  }

  @Test
  void inconsistentPoliciesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new InputPolicy(InputPolicy.Mode.FIXED, 8, 8, 4, null, null, null));
    assertTrue(
        e.getMessage().contains("inputPolicy.multiple does not apply to mode fixed"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> InputPolicy.multipleOf(16, 17, 31, null));
    assertTrue(e.getMessage().contains("no multiple of 16 within [17, 31]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> InputPolicy.fixed(-3, 8, null));
    assertTrue(
        e.getMessage()
            .contains("inputPolicy.height must be a positive integer of at most 65536, found -3"),
        e.getMessage());
  }
}

package org.real2sim.models.expert;

import java.util.Objects;

/** The checks every {@link ExpertNetwork} wrapper makes on construction. */
final class ExpertChecks {

  private ExpertChecks() {}

  /**
   * Fails unless {@code normalization} is set and the wrapped network takes RGB input.
   *
   * @param inChannels the input channels of the wrapped network's config
   * @throws IllegalArgumentException naming the channel count if it is not 3
   */
  static void requireRgb(int inChannels, Normalization normalization) {
    Objects.requireNonNull(normalization, "normalization");
    if (inChannels != 3) {
      throw new IllegalArgumentException(
          "An expert takes RGB input: inChannels must be 3, found " + inChannels);
    }
  }
}

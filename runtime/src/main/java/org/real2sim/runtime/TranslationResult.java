package org.real2sim.runtime;

import org.real2sim.runtime.image.RgbImage;

/**
 * The generator's output for one image (a {@code generator} bundle, or {@code translated} requested
 * from a pipeline) at the network's input size, with the call's timing.
 *
 * @param image the translated image
 * @param timing the time the call took
 */
public record TranslationResult(RgbImage image, Timing timing) {}

/**
 * Images as the runtime handles them: packed RGB bytes ({@link
 * org.real2sim.runtime.image.RgbImage}), conversion from and to {@link
 * java.awt.image.BufferedImage}, resizing, colour masks and overlays.
 */
package org.real2sim.runtime.image;

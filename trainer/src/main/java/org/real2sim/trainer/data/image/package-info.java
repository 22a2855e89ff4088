/**
 * Pixels: decoding images and label images from disk and the per-sample operations of the input
 * pipeline.
 *
 * <p>{@link org.real2sim.trainer.data.image.ImageDecoder} reads PNG (8- and 16-bit, grey,
 * grey+alpha, RGB, RGBA, palette) and JPEG through {@code javax.imageio}, refuses images over a
 * pixel limit before decoding them (decompression bombs), and turns decoder warnings (a truncated
 * JPEG decodes to grey with only a warning) into errors that name the file. {@link
 * org.real2sim.trainer.data.image.RgbImage} holds interleaved RGB in [0, 1], {@link
 * org.real2sim.trainer.data.image.LabelImage} one integer per pixel. {@link
 * org.real2sim.trainer.data.image.ImageOps} resizes (bilinear with half-pixel centres, antialiased
 * when shrinking, for images; nearest for labels) and writes a cropped, optionally flipped and
 * scaled window into a batch array; {@link org.real2sim.trainer.data.image.Coarsening} is the
 * optional CARLA-style label coarsening.
 */
package org.real2sim.trainer.data.image;

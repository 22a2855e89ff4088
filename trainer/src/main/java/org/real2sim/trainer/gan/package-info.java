/** Pieces of GAN training that are plain Java: the image pool. */
package org.real2sim.trainer.gan;

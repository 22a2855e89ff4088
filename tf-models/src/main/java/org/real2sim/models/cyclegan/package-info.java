/**
 * The CycleGAN networks: the ResNet generator used for G_RS and G_SR and the PatchGAN discriminator
 * used for D_S and D_R, equal to the reference PyTorch implementation (same layers, padding,
 * initialisation and parameter counts).
 *
 * @see <a href="https://arxiv.org/abs/1703.10593">Zhu et al., Unpaired Image-to-Image Translation
 *     using Cycle-Consistent Adversarial Networks, ICCV 2017</a>
 */
package org.real2sim.models.cyclegan;

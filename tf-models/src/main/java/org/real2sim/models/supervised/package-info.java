/**
 * The supervised training graph of an expert-architecture network (stage a's f, M3's and the
 * oracle's f_R): {@link org.real2sim.models.supervised.SupervisedModel} builds the class-weighted
 * cross entropy, its Adam optimiser and the evaluation path, {@link
 * org.real2sim.models.supervised.SupervisedStep} runs one optimiser step on a batch. The CycleGAN
 * graph of stages b and c is its neighbour in {@code models.cyclegan}.
 */
package org.real2sim.models.supervised;

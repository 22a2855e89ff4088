/**
 * The downstream expert f as the rest of the method sees it: a classification or segmentation
 * network with its input normalisation ({@link org.real2sim.models.expert.ExpertNetwork}), and the
 * in-graph adapter that feeds it a generator's [−1, 1] output ({@link
 * org.real2sim.models.expert.InputAdapter}).
 */
package org.real2sim.models.expert;

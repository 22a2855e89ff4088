/**
 * Optimisation for real2sim's graphs: an Adam of our own that trains an explicit variable list with
 * a fed learning rate, deterministic and with its state in the variable store ({@code Adam}, the
 * graph it builds in {@code AdamGraph}, replicas' averaged gradients from {@code DataParallel}),
 * and the learning-rate schedules of the reference CycleGAN (constant, then linear decay) and of
 * DeepLab (polynomial).
 */
package org.real2sim.models.optim;

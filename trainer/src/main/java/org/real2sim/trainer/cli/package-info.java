/**
 * The training commands ({@code train-expert}, {@code train-cyclegan}, {@code train-taskaware},
 * {@code train-supervised}, {@code evaluate}, {@code run}): thin Commons CLI front ends over {@code
 * org.real2sim.trainer.stage}.
 */
package org.real2sim.trainer.cli;

/**
 * The paper's two sweeps over one run directory: the α sweep (task-loss weight, Figs. 3, 5, 8) and
 * the labeled-amount sweep with M3 at each amount (Figs. 7, 9).
 *
 * <p>{@link org.real2sim.tools.sweep.Sweep} reuses the run's stage a and stage b, trains every
 * point as its own stage folder under {@code sweep/}, skips points whose {@code done.json} exists,
 * and rewrites {@code sweep/sweep.csv} and {@code sweep/sweep.json} ({@link
 * org.real2sim.tools.sweep.SweepResults}) after every point.
 */
package org.real2sim.tools.sweep;

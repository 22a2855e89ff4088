/**
 * The main job: benchmark data → stages a, b, c and the baselines → export → the deployable runtime
 * on the real validation images → report, in one command.
 */
package org.real2sim.tools.quickstart;

/**
 * Small utilities every stage uses: {@link org.real2sim.trainer.util.ProgressBar} for long loops
 * (validation, epochs, evaluation) and {@link org.real2sim.trainer.util.Seeds} for deriving
 * independent, reproducible random streams from one seed.
 */
package org.real2sim.trainer.util;

/** Run bookkeeping: the run directory, metrics log, random state, training state for resume. */
package org.real2sim.trainer.run;

/**
 * The runtime soak test: many inferences on one pipeline with the process's resident memory sampled
 * at intervals, to show that native memory (tensors, buffers, sessions) does not leak. Not run in
 * CI.
 */
package org.real2sim.tools.soak;

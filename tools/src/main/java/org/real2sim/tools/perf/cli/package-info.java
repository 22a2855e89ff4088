/** The benchmark commands of {@code real2sim}: argument parsing only, the work is in the core. */
package org.real2sim.tools.perf.cli;

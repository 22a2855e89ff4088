/**
 * File helpers shared by the runtime and the exporter: atomic writes (temporary name, then an
 * atomic move) and SHA-256 checksums.
 */
package org.real2sim.runtime.io;

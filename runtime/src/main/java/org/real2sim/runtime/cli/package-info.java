/**
 * The {@code real2sim-run} command line: runs a bundle on images or a directory, writes colour
 * masks, overlays and a CSV, benchmarks latency, and prints a bundle's classes and provenance.
 * Options are parsed by hand: the runtime depends on ONNX Runtime and Jackson only.
 */
package org.real2sim.runtime.cli;

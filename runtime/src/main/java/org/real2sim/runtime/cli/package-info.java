/**
 * The {@code real2sim-run} command line: runs a bundle on images or a directory, writes colour
 * masks, overlays and a CSV, benchmarks latency, and prints a bundle's classes and provenance.
 * Options are parsed by hand: the runtime depends on ONNX Runtime and Jackson only.
 *
 * <p>{@link org.real2sim.runtime.cli.RunCommand} parses ({@code RunArgs}) and dispatches to one
 * class per mode: {@code ImageRun} (images → PNGs and the {@code PredictionLog}), {@code
 * RunBenchmark} ({@code --benchmark}) and {@code BundleInfo} ({@code --info}).
 */
package org.real2sim.runtime.cli;

/**
 * The {@code real2sim} command dispatcher and every command of the tools module, benchmarks
 * included ({@code bench-cyclegan}, {@code bench-inference}, {@code bench-pipeline}): argument
 * parsing only, the work is in the cores ({@code tools.generate}, {@code tools.perf}, ...).
 */
package org.real2sim.tools.cli;

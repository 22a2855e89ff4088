/**
 * Training-speed benchmarks: {@link org.real2sim.tools.perf.CycleGanBenchmark} times full CycleGAN
 * iterations as the trainer runs them, counts their FLOPs with {@link
 * org.real2sim.models.cyclegan.CycleGanFlops}, compares them with the PyTorch reference and, on
 * request, breaks the time down per op type with {@link org.real2sim.tools.perf.OpProfile}.
 */
package org.real2sim.tools.perf;

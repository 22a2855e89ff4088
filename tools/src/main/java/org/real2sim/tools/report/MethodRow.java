package org.real2sim.tools.report;

/**
 * One row of the methods table.
 *
 * @param method in-domain, M2, M1, M3, ours or oracle
 * @param description what was evaluated
 * @param metric accuracy or miou
 * @param value the metric in [0, 1]
 * @param images validation images scored, or -1 when unknown
 * @param checkpoint the checkpoint scored, relative to the run directory, or "" when unknown
 * @param perClass per-class values (NaN where undefined), possibly empty
 * @param source where the value comes from: {@code results.json}, or the stage and epoch of the
 *     best value in {@code metrics.jsonl}
 */
record MethodRow(
    String method,
    String description,
    String metric,
    double value,
    int images,
    String checkpoint,
    double[] perClass,
    String source) {}

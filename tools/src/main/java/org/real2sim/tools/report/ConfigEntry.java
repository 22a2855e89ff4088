package org.real2sim.tools.report;

/**
 * One field of the run's effective configuration.
 *
 * @param path the dotted path, e.g. {@code stageB.epochs}
 * @param value the value as JSON text
 * @param defaultValue the default as JSON text, or null when unknown or absent
 * @param changed whether the value differs from the default
 */
record ConfigEntry(String path, String value, String defaultValue, boolean changed) {}

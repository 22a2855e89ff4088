/**
 * Writes bundle directories ({@code model.onnx}, optional external data, {@code bundle.json}) so
 * that a reader never sees a torn bundle: everything is written into a temporary sibling directory
 * and published by a rename.
 */
package org.real2sim.exporter.bundle;

/**
 * Test support for tf-models: a graph/session fixture with feed, fetch and finite-difference
 * helpers, and tiny stand-in networks that use the project's variable names.
 */
package org.real2sim.models.testing;

/**
 * Building blocks shared by every network: the variable store with seeded initialisation, weights
 * read out of a session, session configuration, and the layers networks are made of ({@link
 * org.real2sim.models.nn.Layers}, {@link org.real2sim.models.nn.Convolutions}, {@link
 * org.real2sim.models.nn.BatchNorm}, {@link org.real2sim.models.nn.InstanceNorm}).
 */
package org.real2sim.models.nn;

/**
 * The networks, losses, optimisers and checkpoints of real2sim, built with TensorFlow Java's graph
 * API. Networks live in {@code nn} (variables and layers), {@code cyclegan} (generator and
 * discriminator), {@code resnet}, {@code deeplab} and {@code expert}; {@link
 * org.real2sim.models.Names} holds the network names every module shares.
 */
package org.real2sim.models;

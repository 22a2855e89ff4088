/**
 * ONNX writers for tf-models' networks, reading a checkpoint's weights by their variable names.
 * {@link org.real2sim.exporter.nets.OnnxBuilder} writes any network described by a spec ({@code
 * org.real2sim.models.spec.Net}: the CycleGAN generator, the PatchGAN discriminator); ResNet
 * backbones and classifiers ({@link org.real2sim.exporter.nets.ResNetWriter}), DeepLabV3 ({@link
 * org.real2sim.exporter.nets.DeepLabV3Writer}) and the expert's input adapter ({@link
 * org.real2sim.exporter.nets.InputAdapterWriter}) still have writers of their own. {@link
 * org.real2sim.exporter.nets.WeightSet} checks shapes and refuses weights no writer used; {@link
 * org.real2sim.exporter.nets.NetworkMacs} counts the experts' multiply-accumulates for benchmarks.
 */
package org.real2sim.exporter.nets;

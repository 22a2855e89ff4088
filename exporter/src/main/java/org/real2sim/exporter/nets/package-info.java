/**
 * ONNX writers for tf-models' networks, each mirroring its TensorFlow counterpart operator by
 * operator from a checkpoint's weights: the CycleGAN generator ({@link
 * org.real2sim.exporter.nets.ResnetGeneratorWriter}), ResNet backbones and classifiers ({@link
 * org.real2sim.exporter.nets.ResNetWriter}), DeepLabV3 ({@link
 * org.real2sim.exporter.nets.DeepLabV3Writer}) and the expert's input adapter ({@link
 * org.real2sim.exporter.nets.InputAdapterWriter}). {@link org.real2sim.exporter.nets.WeightSet}
 * checks shapes and refuses weights no writer used; {@link org.real2sim.exporter.nets.NetworkMacs}
 * counts multiply-accumulates for benchmarks.
 */
package org.real2sim.exporter.nets;

/**
 * ONNX writers for tf-models' networks, reading a checkpoint's weights by their variable names.
 * {@link org.real2sim.exporter.nets.OnnxBuilder} writes any network described by a spec ({@code
 * org.real2sim.models.spec.Net}): the CycleGAN generator, the PatchGAN discriminator, the ResNet
 * classifiers and DeepLabV3 ({@code LayerQueries} answers its questions about layer lists); {@link
 * org.real2sim.exporter.nets.ExpertArchitecture} maps an expert onto its spec (ONNX, TensorFlow
 * rebuild for parity, MACs). Only the expert's input adapter ({@link
 * org.real2sim.exporter.nets.InputAdapterWriter}, two constant operators and no weights) keeps a
 * writer of its own. {@link org.real2sim.exporter.nets.WeightSet} checks shapes and refuses weights
 * no writer used.
 */
package org.real2sim.exporter.nets;

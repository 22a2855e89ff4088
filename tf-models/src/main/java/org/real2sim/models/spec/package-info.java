/**
 * Networks described once: a {@link org.real2sim.models.spec.Net} is a list of {@link
 * org.real2sim.models.spec.Layer} records with named fields (no TensorFlow, no ONNX), from which
 * the TensorFlow graph ({@link org.real2sim.models.spec.TfBuilder}), the exporter's ONNX writer
 * ({@code org.real2sim.exporter.nets.OnnxBuilder}) and the multiply-accumulate count ({@link
 * org.real2sim.models.spec.Macs}) are all derived: the CycleGAN generator and PatchGAN, the ResNet
 * classifiers and DeepLabV3, each a {@link org.real2sim.models.spec.SpecNetwork}. The layers that
 * hold layers are declared in {@link org.real2sim.models.spec.CompositeLayers}, which {@code Layer}
 * extends. The variable names a spec creates are the weight-name contract of the checkpoints
 * ({@code g_rs/res_3/conv_1/kernel}).
 */
package org.real2sim.models.spec;

/**
 * Residual networks as torchvision builds them (ResNet-18/34 with basic blocks, ResNet-50/101 with
 * v1.5 bottlenecks, torchvision's or the CIFAR {@link org.real2sim.models.resnet.Stem stem}),
 * described as specs ({@code models.spec}): the classifier ({@link
 * org.real2sim.models.resnet.ResNet#spec}) and the dilated feature extractor for segmentation
 * ({@link org.real2sim.models.resnet.ResNetBackbone#layers}), from which the TensorFlow graph, the
 * exporter's ONNX and the MAC count are derived.
 *
 * @see <a href="https://arxiv.org/abs/1512.03385">He et al., Deep Residual Learning for Image
 *     Recognition, CVPR 2016</a>
 */
package org.real2sim.models.resnet;

/**
 * Residual networks as torchvision builds them (ResNet-18/34 with basic blocks, ResNet-50/101 with
 * v1.5 bottlenecks), as classifiers ({@link org.real2sim.models.resnet.ResNet}) and as dilated
 * feature extractors for segmentation ({@link org.real2sim.models.resnet.ResNetBackbone}).
 *
 * @see <a href="https://arxiv.org/abs/1512.03385">He et al., Deep Residual Learning for Image
 *     Recognition, CVPR 2016</a>
 */
package org.real2sim.models.resnet;

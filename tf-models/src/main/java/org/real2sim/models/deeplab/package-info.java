/**
 * DeepLabv3 for semantic segmentation: a dilated ResNet backbone, atrous spatial pyramid pooling
 * with image pooling, and bilinear upsampling to the input size, as torchvision builds it,
 * described as a spec ({@link org.real2sim.models.deeplab.DeepLabV3#spec}) from which the
 * TensorFlow graph, the exporter's ONNX and the MAC count are derived.
 *
 * @see <a href="https://arxiv.org/abs/1706.05587">Chen et al., Rethinking Atrous Convolution for
 *     Semantic Image Segmentation, 2017</a>
 */
package org.real2sim.models.deeplab;

/**
 * Writing ONNX graphs with the generated protobuf classes {@code ai.onnx.proto.OnnxMl}.
 *
 * <p>{@link org.real2sim.exporter.onnx.OnnxContext} owns the graph under construction (unique
 * names, initializers, inputs and outputs; {@code OnnxProtos} builds its value infos and
 * attributes); every node goes through {@link org.real2sim.exporter.onnx.OnnxOp}, which checks the
 * opset, the number of inputs and outputs and the attributes before the node is emitted. {@link
 * org.real2sim.exporter.onnx.OnnxLayers} and {@link org.real2sim.exporter.onnx.OnnxConvolutions}
 * write the layers the networks are made of from TensorFlow-layout weights, {@link
 * org.real2sim.exporter.onnx.ImageStages} the pre- and post-processing around them, and {@link
 * org.real2sim.exporter.onnx.OnnxModels} assembles and saves the model (external data above a size
 * threshold). Tensors inside the graph are NCHW float32.
 */
package org.real2sim.exporter.onnx;

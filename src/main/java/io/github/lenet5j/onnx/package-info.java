/**
 * ONNX export: {@link io.github.lenet5j.onnx.OnnxExport} writes a {@code LeNet5} or a {@code ClassicLeNet5}
 * as an ONNX model that ONNX Runtime (and any ONNX tool) runs, with a protobuf encoder of its own and no
 * dependency. It reads a model through its public API (parameters by name, configuration, metadata).
 */
package io.github.lenet5j.onnx;

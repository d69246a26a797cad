/**
 * ONNX export of DL4J networks: {@link dev.topiary.deploy.onnx.OnnxExporter} writes a
 * {@code MultiLayerNetwork} (or a Topiary {@code NetworkModel}, masked weights as zeros) as an ONNX
 * model (opset {@value dev.topiary.deploy.onnx.OnnxExporter#OPSET}) that takes the same flat feature
 * rows as Topiary's {@code Inference} and returns class probabilities; the {@code export.onnx} stage
 * ({@link dev.topiary.deploy.onnx.OnnxExportSpec}) does it inside a recipe.
 */
package dev.topiary.deploy.onnx;

/**
 * Getting a model out of DL4J: the compiler from a {@code MultiLayerNetwork} to the Topiary
 * runtime, the runtime model handle, and ONNX export; registered by {@link dev.topiary.deploy.DeployModule}.
 */
package dev.topiary.deploy;
